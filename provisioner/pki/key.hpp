#pragma once
// Private keys: generation, PEM encoding and decoding, and the key/certificate match.
//
// ECDSA P-256 for the CAs and every leaf: signing is fast, keys are small, and etcd,
// Kubernetes, haproxy and Go's TLS stack all accept it. RSA 2048 for the
// service-account pair only: kube-apiserver accepts RSA or ECDSA there, but RS256 is
// the one algorithm every JWT/OIDC consumer must support, and kubeadm uses it too.
#include <string>

#include "provisioner/pki/ossl.hpp"

namespace klab::provisioner::pki {

enum class KeyAlgorithm { ec_p256, rsa_2048 };

std::string to_string(KeyAlgorithm algorithm);

EvpPkeyPtr generate_key(KeyAlgorithm algorithm);

/// Unencrypted PKCS#8 PEM ("-----BEGIN PRIVATE KEY-----").
std::string private_key_to_pem(EVP_PKEY* key);
/// SubjectPublicKeyInfo PEM ("-----BEGIN PUBLIC KEY-----").
std::string public_key_to_pem(EVP_PKEY* key);

/// `source` names the file in the error message when `pem` is not a private key.
EvpPkeyPtr private_key_from_pem(const std::string& pem, const std::string& source);
EvpPkeyPtr public_key_from_pem(const std::string& pem, const std::string& source);

/// True when `key` is of `algorithm` (for EC: on the P-256 curve).
bool key_is(EVP_PKEY* key, KeyAlgorithm algorithm);

/// True when both hold the same public key (a private key matches its public half).
bool same_public_key(EVP_PKEY* a, EVP_PKEY* b);

}  // namespace klab::provisioner::pki
