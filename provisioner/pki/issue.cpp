#include "provisioner/pki/issue.hpp"

#include <openssl/rand.h>

#include "base/error.hpp"
#include "base/strings.hpp"

namespace klab::provisioner::pki {

namespace {

void set_serial(X509* cert) {
  BignumPtr bn(BN_new());
  if (!bn || BN_rand(bn.get(), 128, BN_RAND_TOP_ONE, BN_RAND_BOTTOM_ANY) != 1)
    throw_openssl("cannot draw a random certificate serial");
  Asn1IntegerPtr serial(BN_to_ASN1_INTEGER(bn.get(), nullptr));
  if (!serial || X509_set_serialNumber(cert, serial.get()) != 1)
    throw_openssl("cannot set the certificate serial");
}

void set_times(X509* cert, const Validity& v) {
  if (!ASN1_TIME_set(X509_getm_notBefore(cert), Clock::to_time_t(v.not_before)) ||
      !ASN1_TIME_set(X509_getm_notAfter(cert), Clock::to_time_t(v.not_after)))
    throw_openssl("cannot set the certificate validity");
}

X509NamePtr make_name(const CertSpec& spec) {
  X509NamePtr name(X509_NAME_new());
  if (!name) throw_openssl("cannot allocate an X.509 name");
  auto add = [&](const char* field, const std::string& value) {
    if (X509_NAME_add_entry_by_txt(name.get(), field, MBSTRING_UTF8,
                                   reinterpret_cast<const unsigned char*>(value.c_str()), -1, -1,
                                   0) != 1)
      throw_openssl("cannot set " + std::string(field) + "=" + value + " in " + spec.id);
  };
  for (const std::string& o : spec.organizations) add("O", o);
  if (!spec.common_name.empty()) add("CN", spec.common_name);
  return name;
}

void add_extension(X509* cert, X509V3_CTX* ctx, int nid, const std::string& value,
                   const CertSpec& spec) {
  X509ExtensionPtr ext(X509V3_EXT_conf_nid(nullptr, ctx, nid, value.c_str()));
  if (!ext || X509_add_ext(cert, ext.get(), -1) != 1)
    throw_openssl("cannot add " + std::string(OBJ_nid2sn(nid)) + "=" + value + " to " + spec.id);
}

std::string join_sans(const CertSpec& spec) {
  return base::join(spec.sans, ",");
}

void add_extensions(X509* cert, X509* issuer, EVP_PKEY* subject_key, const CertSpec& spec) {
  X509V3_CTX ctx;
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  if (spec.is_ca) {
    add_extension(cert, &ctx, NID_basic_constraints, "critical,CA:TRUE", spec);
    add_extension(cert, &ctx, NID_key_usage, "critical,digitalSignature,keyCertSign,cRLSign", spec);
    add_extension(cert, &ctx, NID_subject_key_identifier, "hash", spec);
    return;
  }
  add_extension(cert, &ctx, NID_basic_constraints, "critical,CA:FALSE", spec);
  // keyEncipherment only means something for RSA key transport; ECDSA keys sign.
  add_extension(cert, &ctx, NID_key_usage,
                EVP_PKEY_is_a(subject_key, "RSA") ? "critical,digitalSignature,keyEncipherment"
                                                  : "critical,digitalSignature",
                spec);
  std::string eku;
  if (spec.usage.server) eku = "serverAuth";
  if (spec.usage.client) eku += eku.empty() ? "clientAuth" : ",clientAuth";
  if (!eku.empty()) add_extension(cert, &ctx, NID_ext_key_usage, eku, spec);
  add_extension(cert, &ctx, NID_subject_key_identifier, "hash", spec);
  add_extension(cert, &ctx, NID_authority_key_identifier, "keyid:always", spec);
  if (!spec.sans.empty()) add_extension(cert, &ctx, NID_subject_alt_name, join_sans(spec), spec);
}

}  // namespace

Validity validity_for(Clock::time_point now, int days) {
  return {now - issue_backdate, now + std::chrono::days(days)};
}

X509Ptr issue_certificate(const CertSpec& spec, EVP_PKEY* subject_key, const Signer& signer,
                          const Validity& validity) {
  if (!spec.is_ca && (!signer.cert || !signer.key))
    throw infra_error("internal: " + spec.id + " needs its CA (" + to_string(spec.ca) + ") to sign it");
  X509Ptr cert(X509_new());
  if (!cert) throw_openssl("cannot allocate a certificate for " + spec.id);
  if (X509_set_version(cert.get(), X509_VERSION_3) != 1) throw_openssl("cannot set X.509 v3");
  set_serial(cert.get());
  set_times(cert.get(), validity);
  X509NamePtr subject = make_name(spec);
  if (X509_set_subject_name(cert.get(), subject.get()) != 1 ||
      X509_set_issuer_name(cert.get(), spec.is_ca ? subject.get()
                                                  : X509_get_subject_name(signer.cert)) != 1)
    throw_openssl("cannot set the names of " + spec.id);
  if (X509_set_pubkey(cert.get(), subject_key) != 1)
    throw_openssl("cannot set the public key of " + spec.id);
  add_extensions(cert.get(), spec.is_ca ? cert.get() : signer.cert, subject_key, spec);
  EVP_PKEY* signing_key = spec.is_ca ? subject_key : signer.key;
  if (X509_sign(cert.get(), signing_key, EVP_sha256()) <= 0)
    throw_openssl("cannot sign " + spec.id);
  return cert;
}

}  // namespace klab::provisioner::pki
