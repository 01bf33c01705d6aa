#pragma once
// Chain verification with OpenSSL's own verifier (X509_STORE + X509_verify_cert):
// signature, validity at a given time, CA constraints and, for leaves, the TLS
// purpose (serverAuth / clientAuth) the certificate is meant for.
#include <optional>
#include <string>

#include "provisioner/pki/cert_spec.hpp"
#include "provisioner/pki/issue.hpp"
#include "provisioner/pki/ossl.hpp"

namespace klab::provisioner::pki {

/// nullopt when `cert` chains to `ca` (a self-signed root) at time `at` and is valid
/// for every purpose in `usage`; otherwise OpenSSL's reason ("certificate has expired").
/// Verification runs with X509_V_FLAG_X509_STRICT.
std::optional<std::string> verify_chain(X509* cert, X509* ca, Clock::time_point at, Usage usage);

}  // namespace klab::provisioner::pki
