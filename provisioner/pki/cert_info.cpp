#include "provisioner/pki/cert_info.hpp"

#include <arpa/inet.h>
#include <openssl/pem.h>

#include <ctime>

#include "base/error.hpp"
#include "provisioner/pki/key.hpp"

namespace klab::provisioner::pki {

namespace {

std::string name_to_string(const X509_NAME* name) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio) throw_openssl("cannot allocate an OpenSSL memory buffer");
  if (X509_NAME_print_ex(bio.get(), name, 0, XN_FLAG_RFC2253) < 0)
    throw_openssl("cannot format an X.509 name");
  return bio_contents(bio.get());
}

std::vector<std::string> name_entries(const X509_NAME* name, int nid) {
  std::vector<std::string> out;
  for (int i = X509_NAME_get_index_by_NID(name, nid, -1); i >= 0;
       i = X509_NAME_get_index_by_NID(name, nid, i)) {
    unsigned char* raw = nullptr;
    int len = ASN1_STRING_to_UTF8(&raw, X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, i)));
    OpensslBytesPtr utf8(raw);
    if (len < 0) throw_openssl("cannot decode an X.509 name entry");
    out.emplace_back(reinterpret_cast<const char*>(utf8.get()), static_cast<std::size_t>(len));
  }
  return out;
}

Clock::time_point to_time_point(const ASN1_TIME* t) {
  std::tm tm{};
  if (ASN1_TIME_to_tm(t, &tm) != 1) throw_openssl("cannot decode a certificate time");
  return Clock::from_time_t(timegm(&tm));
}

std::string ip_to_string(const ASN1_OCTET_STRING* ip) {
  const unsigned char* data = ASN1_STRING_get0_data(ip);
  int len = ASN1_STRING_length(ip);
  char buf[INET6_ADDRSTRLEN] = {};
  if (len == 4 && inet_ntop(AF_INET, data, buf, sizeof buf)) return buf;
  if (len == 16 && inet_ntop(AF_INET6, data, buf, sizeof buf)) return buf;
  return "<" + std::to_string(len) + "-byte address>";
}

std::set<San> subject_alt_names(X509* cert) {
  std::set<San> out;
  GeneralNamesPtr names(static_cast<GENERAL_NAMES*>(
      X509_get_ext_d2i(cert, NID_subject_alt_name, nullptr, nullptr)));
  if (!names) return out;
  for (int i = 0; i < sk_GENERAL_NAME_num(names.get()); ++i) {
    const GENERAL_NAME* gn = sk_GENERAL_NAME_value(names.get(), i);
    if (gn->type == GEN_DNS) {
      const ASN1_IA5STRING* s = gn->d.dNSName;
      out.insert(dns_san(std::string(reinterpret_cast<const char*>(ASN1_STRING_get0_data(s)),
                                     static_cast<std::size_t>(ASN1_STRING_length(s)))));
    } else if (gn->type == GEN_IPADD) {
      out.insert(ip_san(ip_to_string(gn->d.iPAddress)));
    } else {
      out.insert("other:" + std::to_string(gn->type));
    }
  }
  return out;
}

std::string key_type(X509* cert) {
  EVP_PKEY* key = X509_get0_pubkey(cert);  // owned by cert
  if (!key) return "unknown";
  if (key_is(key, KeyAlgorithm::ec_p256)) return to_string(KeyAlgorithm::ec_p256);
  return std::string(EVP_PKEY_get0_type_name(key) ? EVP_PKEY_get0_type_name(key) : "?") + " " +
         std::to_string(EVP_PKEY_get_bits(key));
}

}  // namespace

CertInfo inspect_certificate(X509* cert) {
  CertInfo info;
  info.subject = name_to_string(X509_get_subject_name(cert));
  info.issuer = name_to_string(X509_get_issuer_name(cert));
  std::vector<std::string> cns = name_entries(X509_get_subject_name(cert), NID_commonName);
  if (!cns.empty()) info.common_name = cns.front();
  info.organizations = name_entries(X509_get_subject_name(cert), NID_organizationName);
  BignumPtr serial(ASN1_INTEGER_to_BN(X509_get0_serialNumber(cert), nullptr));
  if (!serial) throw_openssl("cannot decode a certificate serial");
  OpensslCharPtr hex(BN_bn2hex(serial.get()));
  if (!hex) throw_openssl("cannot format a certificate serial");
  info.serial = hex.get();
  info.not_before = to_time_point(X509_get0_notBefore(cert));
  info.not_after = to_time_point(X509_get0_notAfter(cert));
  info.sans = subject_alt_names(cert);
  // X509_get_extension_flags also parses and caches every v3 extension.
  std::uint32_t flags = X509_get_extension_flags(cert);
  info.is_ca = (flags & EXFLAG_CA) != 0;
  if (flags & EXFLAG_XKUSAGE) {
    std::uint32_t xku = X509_get_extended_key_usage(cert);
    info.usage = {.server = (xku & XKU_SSL_SERVER) != 0, .client = (xku & XKU_SSL_CLIENT) != 0};
  }
  if (flags & EXFLAG_KUSAGE) info.key_usage = X509_get_key_usage(cert);
  info.key_type = key_type(cert);
  return info;
}

std::string certificate_to_pem(X509* cert) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio) throw_openssl("cannot allocate an OpenSSL memory buffer");
  if (PEM_write_bio_X509(bio.get(), cert) != 1) throw_openssl("cannot encode a certificate as PEM");
  return bio_contents(bio.get());
}

X509Ptr certificate_from_pem(const std::string& pem, const std::string& source) {
  BioPtr bio = memory_bio(pem);
  X509Ptr cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
  if (!cert) {
    std::string reasons = openssl_errors();
    throw infra_error(source + " is not a PEM certificate (" + reasons + ")");
  }
  return cert;
}

std::string format_utc(Clock::time_point t) {
  std::time_t tt = Clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

long days_until(Clock::time_point t, Clock::time_point now) {
  auto secs = std::chrono::duration_cast<std::chrono::seconds>(t - now).count();
  constexpr long day = 86400;
  return static_cast<long>(secs >= 0 ? secs / day : -((-secs + day - 1) / day));
}

}  // namespace klab::provisioner::pki
