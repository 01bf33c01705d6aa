#pragma once
// The reuse rule for an existing leaf certificate: keep it while it is still exactly
// what the plan asks for and not about to expire; otherwise say why it must be
// reissued. CAs never go through this rule — replacing one would orphan every
// certificate it signed (see ensure.hpp).
#include <chrono>
#include <optional>
#include <string>

#include "provisioner/pki/cert_spec.hpp"
#include "provisioner/pki/issue.hpp"
#include "provisioner/pki/ossl.hpp"

namespace klab::provisioner::pki {

/// A leaf that expires within this window is reissued.
inline constexpr std::chrono::days default_renew_window{30};

/// nullopt: reuse `cert`. Otherwise the reason to reissue it: the key does not match,
/// it does not chain to `ca` at `now` (other CA, expired, not yet valid, wrong
/// purpose), its subject/usage/SANs differ from `spec`, or it expires within `window`.
std::optional<std::string> reissue_reason(const CertSpec& spec, X509* cert, EVP_PKEY* key, X509* ca,
                                          Clock::time_point now, std::chrono::days window);

}  // namespace klab::provisioner::pki
