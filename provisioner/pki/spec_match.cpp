#include "provisioner/pki/spec_match.hpp"

#include <algorithm>
#include <iterator>

#include "base/strings.hpp"

namespace klab::provisioner::pki {

namespace {

std::string usage_text(Usage u) {
  if (u.server && u.client) return "serverAuth+clientAuth";
  if (u.server) return "serverAuth";
  if (u.client) return "clientAuth";
  return "none";
}

std::string orgs_text(const std::vector<std::string>& orgs) {
  std::string out = base::join(orgs, ",");
  return out.empty() ? "(none)" : out;
}

}  // namespace

SanCoverage san_coverage(const std::set<San>& required, const std::set<San>& present) {
  SanCoverage c;
  std::set_difference(required.begin(), required.end(), present.begin(), present.end(),
                      std::inserter(c.missing, c.missing.end()));
  std::set_difference(present.begin(), present.end(), required.begin(), required.end(),
                      std::inserter(c.extra, c.extra.end()));
  return c;
}

namespace {
std::string or_none(const std::string& text) { return text.empty() ? "(none)" : text; }
}  // namespace

std::vector<std::string> spec_mismatches(const CertSpec& spec, const CertInfo& info) {
  std::vector<std::string> out;
  if (info.common_name != spec.common_name)
    out.push_back("CN is " + or_none(info.common_name) + ", the plan needs " + or_none(spec.common_name));
  if (info.organizations != spec.organizations)
    out.push_back("O is " + orgs_text(info.organizations) + ", the plan needs " +
                  orgs_text(spec.organizations));
  if (info.is_ca != spec.is_ca)
    out.push_back(spec.is_ca ? "not a CA certificate" : "is a CA certificate, expected a leaf");
  if (!spec.is_ca && !(info.usage == spec.usage))
    out.push_back("extended key usage is " + usage_text(info.usage) + ", the plan needs " +
                  usage_text(spec.usage));
  SanCoverage cov = san_coverage(spec.sans, info.sans);
  if (!cov.missing.empty()) out.push_back("SANs missing: " + base::join(cov.missing, ", "));
  if (!cov.extra.empty()) out.push_back("SANs no longer in the plan: " + base::join(cov.extra, ", "));
  return out;
}

}  // namespace klab::provisioner::pki
