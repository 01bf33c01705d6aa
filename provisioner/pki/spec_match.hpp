#pragma once
// Comparing an existing certificate with the CertSpec the plan asks for today. Shared
// by ensure (reuse or reissue) and check (report), so both judge by the same rules.
#include <set>
#include <string>
#include <vector>

#include "provisioner/pki/cert_info.hpp"
#include "provisioner/pki/cert_spec.hpp"

namespace klab::provisioner::pki {

struct SanCoverage {
  std::set<San> missing;  // the plan needs them, the certificate lacks them
  std::set<San> extra;    // the certificate has them, the plan no longer needs them
  bool exact() const { return missing.empty() && extra.empty(); }
};

SanCoverage san_coverage(const std::set<San>& required, const std::set<San>& present);

/// Each difference as one line ("SANs missing: IP:192.168.49.154"); empty when the
/// certificate is what the spec describes (subject, CA flag, extended key usage, SANs).
std::vector<std::string> spec_mismatches(const CertSpec& spec, const CertInfo& info);

}  // namespace klab::provisioner::pki
