#pragma once
// Owning wrappers for the OpenSSL handles the PKI code uses: every handle is wrapped
// on the line where it is obtained, so no path can leak it or free it twice.
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>
#include <string>

namespace klab::provisioner::pki {

template <auto Free>
struct OsslDeleter {
  template <typename T>
  void operator()(T* p) const noexcept { Free(p); }
};

using EvpPkeyPtr = std::unique_ptr<EVP_PKEY, OsslDeleter<EVP_PKEY_free>>;
using X509Ptr = std::unique_ptr<X509, OsslDeleter<X509_free>>;
using X509NamePtr = std::unique_ptr<X509_NAME, OsslDeleter<X509_NAME_free>>;
using X509ExtensionPtr = std::unique_ptr<X509_EXTENSION, OsslDeleter<X509_EXTENSION_free>>;
using X509StorePtr = std::unique_ptr<X509_STORE, OsslDeleter<X509_STORE_free>>;
using X509StoreCtxPtr = std::unique_ptr<X509_STORE_CTX, OsslDeleter<X509_STORE_CTX_free>>;
using BioPtr = std::unique_ptr<BIO, OsslDeleter<BIO_free_all>>;
using BignumPtr = std::unique_ptr<BIGNUM, OsslDeleter<BN_free>>;
using Asn1IntegerPtr = std::unique_ptr<ASN1_INTEGER, OsslDeleter<ASN1_INTEGER_free>>;
using GeneralNamesPtr = std::unique_ptr<GENERAL_NAMES, OsslDeleter<GENERAL_NAMES_free>>;
inline void openssl_free_chars(char* p) noexcept { OPENSSL_free(p); }
using OpensslCharPtr = std::unique_ptr<char, OsslDeleter<openssl_free_chars>>;
inline void openssl_free_bytes(unsigned char* p) noexcept { OPENSSL_free(p); }
using OpensslBytesPtr = std::unique_ptr<unsigned char, OsslDeleter<openssl_free_bytes>>;

/// Drains OpenSSL's thread-local error queue into one line ("" when it is empty).
std::string openssl_errors();

/// Throws klab::Error (infrastructure) "<what>: <OpenSSL's reasons>".
[[noreturn]] void throw_openssl(const std::string& what);

/// A BIO over `text` (read-only; `text` must outlive it).
BioPtr memory_bio(const std::string& text);
/// Everything written to a memory BIO, as a string.
std::string bio_contents(BIO* bio);

}  // namespace klab::provisioner::pki
