#pragma once
// Issuing X.509 v3 certificates from a CertSpec: self-signed for a CA, signed by the
// spec's CA otherwise. SHA-256 signatures, 128-bit random serials, notBefore
// back-dated a few minutes so that a guest whose clock lags slightly still accepts a
// certificate issued just now.
#include <chrono>

#include "provisioner/pki/cert_spec.hpp"
#include "provisioner/pki/ossl.hpp"

namespace klab::provisioner::pki {

using Clock = std::chrono::system_clock;

inline constexpr std::chrono::minutes issue_backdate{5};

struct Validity {
  Clock::time_point not_before;
  Clock::time_point not_after;
};

/// [now - issue_backdate, now + days].
Validity validity_for(Clock::time_point now, int days);

/// The certificate and key of the CA that signs.
struct Signer {
  X509* cert = nullptr;
  EVP_PKEY* key = nullptr;
};

/// Issues `spec` for `subject_key`. `signer` is ignored for a CA spec (self-signed)
/// and required otherwise.
X509Ptr issue_certificate(const CertSpec& spec, EVP_PKEY* subject_key, const Signer& signer,
                          const Validity& validity);

}  // namespace klab::provisioner::pki
