#pragma once
// Reading certificates back: PEM in and out, and the fields klab reasons about
// (names, validity, SANs, key usage) as plain values.
#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "provisioner/pki/cert_spec.hpp"
#include "provisioner/pki/issue.hpp"
#include "provisioner/pki/ossl.hpp"

namespace klab::provisioner::pki {

struct CertInfo {
  std::string subject;                     // RFC 2253: "CN=system:node:a,O=system:nodes"
  std::string issuer;
  std::string common_name;
  std::vector<std::string> organizations;
  std::string serial;                      // upper-case hex
  Clock::time_point not_before;
  Clock::time_point not_after;
  std::set<San> sans;                      // "DNS:x", "IP:1.2.3.4"
  bool is_ca = false;                      // basicConstraints CA:TRUE
  Usage usage;                             // extendedKeyUsage serverAuth / clientAuth
  std::uint32_t key_usage = 0;             // KU_* bits; 0 when the extension is absent
  std::string key_type;                    // "ECDSA P-256", "RSA 2048", ...
};

CertInfo inspect_certificate(X509* cert);

std::string certificate_to_pem(X509* cert);
/// `source` names the file in the error when `pem` holds no certificate.
X509Ptr certificate_from_pem(const std::string& pem, const std::string& source);

/// "2035-06-01T12:00:00Z".
std::string format_utc(Clock::time_point t);

/// Whole days from `now` to `t`, rounded down; negative once `t` has passed.
long days_until(Clock::time_point t, Clock::time_point now);

}  // namespace klab::provisioner::pki
