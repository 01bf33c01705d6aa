#pragma once
// A certificate and its key on disk: <root>/<id>.crt (0644) and <root>/<id>.key (0600).
#include <string>

#include "provisioner/pki/cert_spec.hpp"
#include "provisioner/pki/files.hpp"
#include "provisioner/pki/ossl.hpp"

namespace klab::provisioner::pki {

struct StoredPair {
  X509Ptr cert;     // null when the .crt file does not exist
  EvpPkeyPtr key;   // null when the .key file does not exist
};

/// Reads what exists. A file that exists but does not parse throws klab::Error naming
/// it and saying what to do (for a CA: restore it, since a new CA means redeploying).
StoredPair load_pair(const fs::path& root, const CertSpec& spec);

/// Writes the key first (0600) and then the certificate (0644), each atomically. A
/// crash in between leaves a key that does not match the certificate, which the next
/// run detects and repairs by reissuing.
void save_pair(const fs::path& root, const CertSpec& spec, X509* cert, EVP_PKEY* key);

/// The advice shown for an unusable file of `spec`.
std::string repair_advice(const fs::path& root, const CertSpec& spec);

}  // namespace klab::provisioner::pki
