#include "provisioner/pki/key.hpp"

#include <openssl/core_names.h>
#include <openssl/pem.h>

#include <array>

#include "base/error.hpp"

namespace klab::provisioner::pki {

std::string to_string(KeyAlgorithm algorithm) {
  switch (algorithm) {
    case KeyAlgorithm::ec_p256: return "ECDSA P-256";
    case KeyAlgorithm::rsa_2048: return "RSA 2048";
  }
  return "unknown";
}

EvpPkeyPtr generate_key(KeyAlgorithm algorithm) {
  EvpPkeyPtr key(algorithm == KeyAlgorithm::ec_p256
                     ? EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256")
                     : EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", std::size_t{2048}));
  if (!key) throw_openssl("cannot generate a " + to_string(algorithm) + " key");
  return key;
}

std::string private_key_to_pem(EVP_PKEY* key) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio) throw_openssl("cannot allocate an OpenSSL memory buffer");
  if (PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr) != 1)
    throw_openssl("cannot encode a private key as PEM");
  return bio_contents(bio.get());
}

std::string public_key_to_pem(EVP_PKEY* key) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio) throw_openssl("cannot allocate an OpenSSL memory buffer");
  if (PEM_write_bio_PUBKEY(bio.get(), key) != 1) throw_openssl("cannot encode a public key as PEM");
  return bio_contents(bio.get());
}

EvpPkeyPtr private_key_from_pem(const std::string& pem, const std::string& source) {
  BioPtr bio = memory_bio(pem);
  EvpPkeyPtr key(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
  if (!key) {
    std::string reasons = openssl_errors();
    throw infra_error(source + " is not a PEM private key (" + reasons + ")");
  }
  return key;
}

EvpPkeyPtr public_key_from_pem(const std::string& pem, const std::string& source) {
  BioPtr bio = memory_bio(pem);
  EvpPkeyPtr key(PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr));
  if (!key) {
    std::string reasons = openssl_errors();
    throw infra_error(source + " is not a PEM public key (" + reasons + ")");
  }
  return key;
}

bool key_is(EVP_PKEY* key, KeyAlgorithm algorithm) {
  if (algorithm == KeyAlgorithm::rsa_2048)
    return EVP_PKEY_is_a(key, "RSA") && EVP_PKEY_get_bits(key) == 2048;
  if (!EVP_PKEY_is_a(key, "EC")) return false;
  std::array<char, 64> group{};
  std::size_t len = 0;
  if (EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_GROUP_NAME, group.data(), group.size(),
                                     &len) != 1)
    return false;
  return std::string(group.data(), len) == "prime256v1";
}

bool same_public_key(EVP_PKEY* a, EVP_PKEY* b) { return EVP_PKEY_eq(a, b) == 1; }

}  // namespace klab::provisioner::pki
