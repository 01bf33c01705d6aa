#pragma once
// A certificate and its key on disk: <root>/<id>.crt (0644) and <root>/<id>.key (0600).
#include <filesystem>
#include <optional>
#include <string>

#include "provisioner/pki/cert_spec.hpp"
#include "provisioner/pki/ossl.hpp"

namespace klab::provisioner::pki {

namespace fs = std::filesystem;

struct StoredPair {
  X509Ptr cert;     // null when the .crt file does not exist
  EvpPkeyPtr key;   // null when the .key file does not exist
};

/// Reads what exists. A file that exists but does not parse throws klab::Error naming
/// it and saying what to do (for a CA: restore it, since a new CA means redeploying).
StoredPair load_pair(const fs::path& root, const CertSpec& spec);

/// Stages both files on disk (key 0600, certificate 0644), then publishes the key and
/// the certificate last. A crash can leave only what the next run repairs: temporary
/// files (remove_interrupted_writes), a new key beside the old certificate (a leaf:
/// reissued, as the key does not match) or a key without a certificate (never used to
/// sign anything, since nothing is signed before its certificate exists).
void save_pair(const fs::path& root, const CertSpec& spec, X509* cert, EVP_PKEY* key);

/// Removes what a killed save_pair of `spec` left unpublished.
void remove_interrupted_writes(const fs::path& root, const CertSpec& spec);

/// A certificate under `root` (any *.crt, recursively) whose signature `key` makes, or
/// nullopt: tells an orphaned CA key that signed nothing from one whose certificate
/// was lost after it had issued leaves.
std::optional<fs::path> find_certificate_signed_by(const fs::path& root, EVP_PKEY* key);

/// The advice shown for an unusable file of `spec`.
std::string repair_advice(const fs::path& root, const CertSpec& spec);

}  // namespace klab::provisioner::pki
