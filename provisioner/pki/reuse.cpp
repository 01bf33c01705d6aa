#include "provisioner/pki/reuse.hpp"

#include "provisioner/pki/cert_info.hpp"
#include "provisioner/pki/key.hpp"
#include "provisioner/pki/spec_match.hpp"
#include "provisioner/pki/verify.hpp"
#include "base/strings.hpp"

namespace klab::provisioner::pki {

std::optional<std::string> reissue_reason(const CertSpec& spec, X509* cert, EVP_PKEY* key, X509* ca,
                                          Clock::time_point now, std::chrono::days window) {
  EVP_PKEY* cert_key = X509_get0_pubkey(cert);  // owned by cert
  if (!cert_key || !same_public_key(cert_key, key))
    return "the private key does not belong to the certificate";
  if (auto err = verify_chain(cert, ca, now, spec.usage))
    return "does not verify against " + to_string(spec.ca) + ": " + *err;
  CertInfo info = inspect_certificate(cert);
  std::vector<std::string> diffs = spec_mismatches(spec, info);
  if (!diffs.empty()) {
    return base::join(diffs, "; ");
  }
  long left = days_until(info.not_after, now);
  if (info.not_after - now < window)
    return "expires in " + std::to_string(left) + " days (renewed within " +
           std::to_string(window.count()) + " days of expiry)";
  return std::nullopt;
}

}  // namespace klab::provisioner::pki
