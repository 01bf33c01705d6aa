#include "provisioner/pki/pair_store.hpp"

#include <openssl/err.h>

#include "base/atomic_file.hpp"
#include "base/error.hpp"
#include "base/files.hpp"
#include "provisioner/pki/cert_info.hpp"
#include "provisioner/pki/key.hpp"

namespace klab::provisioner::pki {

std::string repair_advice(const fs::path& root, const CertSpec& spec) {
  if (spec.is_ca)
    return "restore " + spec.cert_file() + " and " + spec.key_file() + " from a backup; klab never "
           "replaces a CA by itself, because every certificate it signed would stop verifying "
           "(to start over with new CAs, delete " + root.string() + " and redeploy every host)";
  return "delete " + (root / spec.cert_file()).string() + " and " + (root / spec.key_file()).string() +
         " and run the pki phase again to issue a new pair";
}

StoredPair load_pair(const fs::path& root, const CertSpec& spec) {
  StoredPair pair;
  const fs::path cert_path = root / spec.cert_file();
  const fs::path key_path = root / spec.key_file();
  try {
    if (std::optional<std::string> pem = base::read_file_if_exists(cert_path))
      pair.cert = certificate_from_pem(*pem, cert_path.string());
    if (std::optional<std::string> pem = base::read_file_if_exists(key_path))
      pair.key = private_key_from_pem(*pem, key_path.string());
  } catch (const Error& e) {
    // The messages above name the file; the advice depends on what the file is.
    throw Error(e.kind(), std::string(e.what()) + ": " + repair_advice(root, spec), e.detail());
  }
  return pair;
}

void save_pair(const fs::path& root, const CertSpec& spec, X509* cert, EVP_PKEY* key) {
  const fs::path cert_path = root / spec.cert_file();
  base::ensure_private_dir(cert_path.parent_path());
  base::StagedFile staged_key(root / spec.key_file(), private_key_to_pem(key), base::private_file_mode);
  base::StagedFile staged_cert(cert_path, certificate_to_pem(cert), base::public_file_mode);
  // The certificate last: whoever finds it may sign with or trust the pair, so its key
  // must already be in place.
  staged_key.publish();
  staged_cert.publish();
}

void remove_interrupted_writes(const fs::path& root, const CertSpec& spec) {
  base::remove_stale_temp_files(root / spec.key_file());
  base::remove_stale_temp_files(root / spec.cert_file());
}

std::optional<fs::path> find_certificate_signed_by(const fs::path& root, EVP_PKEY* key) {
  std::error_code ec;
  for (fs::recursive_directory_iterator it(root, ec), end; !ec && it != end; it.increment(ec)) {
    const fs::path file = it->path();
    std::error_code type;
    if (file.extension() != ".crt" || !it->is_regular_file(type)) continue;
    try {
      X509Ptr cert = certificate_from_pem(base::read_file_if_exists(file).value_or(""), file.string());
      if (X509_verify(cert.get(), key) == 1) return file;
    } catch (const Error&) {
      // A file that does not parse shows no signer; ensure_leaf reports it on its own.
    }
    ERR_clear_error();  // a signature that does not verify queues an error
  }
  return std::nullopt;
}

}  // namespace klab::provisioner::pki
