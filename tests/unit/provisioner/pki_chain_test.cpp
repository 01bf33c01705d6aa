// What ensure_pki writes for the default lab, checked with OpenSSL directly (the test
// builds its own X509_STORE rather than calling klab's verify_chain): chains, key
// usage, subjects, SANs on disk, key algorithms, file modes.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <openssl/x509v3.h>

#include "pki_test_support.hpp"
#include "provisioner/pki/catalog.hpp"
#include "provisioner/pki/ensure.hpp"

namespace klab::provisioner::pki {
namespace {

namespace fs = std::filesystem;
using pkitest::load_cert;
using pkitest::load_key;

class PkiChain : public ::testing::Test {
 protected:
  static fs::path root() { return pkitest::pristine_ha_pki(); }
  static fs::path ca_file(CaId ca) { return root() / ca_spec(ca).cert_file(); }

  /// X509_verify_cert of `cert` against the single trusted root `ca`, with `purpose`.
  static int verify(X509* cert, X509* ca, int purpose) {
    X509StorePtr store(X509_STORE_new());
    EXPECT_EQ(X509_STORE_add_cert(store.get(), ca), 1);
    X509StoreCtxPtr ctx(X509_STORE_CTX_new());
    EXPECT_EQ(X509_STORE_CTX_init(ctx.get(), store.get(), cert, nullptr), 1);
    if (purpose) {
      EXPECT_EQ(X509_STORE_CTX_set_purpose(ctx.get(), purpose), 1);
    }
    if (X509_verify_cert(ctx.get()) == 1) return X509_V_OK;
    return X509_STORE_CTX_get_error(ctx.get());
  }
};

TEST_F(PkiChain, EveryCertificateVerifiesAgainstItsOwnCaForItsPurpose) {
  for (const CertSpec& spec : required_certs(pkitest::ha_plan())) {
    SCOPED_TRACE(spec.id);
    X509Ptr cert = load_cert(root() / spec.cert_file());
    X509Ptr ca = load_cert(ca_file(spec.ca));
    if (spec.is_ca) {
      EXPECT_EQ(verify(cert.get(), cert.get(), 0), X509_V_OK);
      continue;
    }
    const int as_server = verify(cert.get(), ca.get(), X509_PURPOSE_SSL_SERVER);
    const int as_client = verify(cert.get(), ca.get(), X509_PURPOSE_SSL_CLIENT);
    EXPECT_EQ(as_server, spec.usage.server ? X509_V_OK : X509_V_ERR_INVALID_PURPOSE);
    EXPECT_EQ(as_client, spec.usage.client ? X509_V_OK : X509_V_ERR_INVALID_PURPOSE);
    // ... and against no other CA.
    for (CaId other : {CaId::kubernetes, CaId::etcd, CaId::front_proxy}) {
      if (other == spec.ca) continue;
      X509Ptr wrong = load_cert(ca_file(other));
      EXPECT_EQ(verify(cert.get(), wrong.get(), 0), X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY)
          << "verified against " << to_string(other);
    }
  }
}

TEST_F(PkiChain, KeyUsageBasicConstraintsAndValidity) {
  for (const CertSpec& spec : required_certs(pkitest::ha_plan())) {
    SCOPED_TRACE(spec.id);
    X509Ptr cert = load_cert(root() / spec.cert_file());
    CertInfo info = inspect_certificate(cert.get());
    const std::uint32_t flags = X509_get_extension_flags(cert.get());
    ASSERT_TRUE(flags & EXFLAG_KUSAGE);
    ASSERT_TRUE(flags & EXFLAG_BCONS);
    EXPECT_EQ(X509_get_version(cert.get()), X509_VERSION_3);
    auto days = std::chrono::duration_cast<std::chrono::hours>(info.not_after - info.not_before).count() / 24;
    if (spec.is_ca) {
      EXPECT_TRUE(flags & EXFLAG_CA);
      EXPECT_TRUE(flags & EXFLAG_SS);
      EXPECT_EQ(info.key_usage, KU_DIGITAL_SIGNATURE | KU_KEY_CERT_SIGN | KU_CRL_SIGN);
      EXPECT_FALSE(flags & EXFLAG_XKUSAGE);
      EXPECT_EQ(days, 3650);
      EXPECT_EQ(info.subject, "CN=" + to_string(spec.ca));
    } else {
      EXPECT_FALSE(flags & EXFLAG_CA);
      EXPECT_EQ(info.key_usage, KU_DIGITAL_SIGNATURE);
      ASSERT_TRUE(flags & EXFLAG_XKUSAGE);
      const std::uint32_t xku = X509_get_extended_key_usage(cert.get());
      EXPECT_EQ((xku & XKU_SSL_SERVER) != 0, spec.usage.server);
      EXPECT_EQ((xku & XKU_SSL_CLIENT) != 0, spec.usage.client);
      EXPECT_EQ(days, 365);
      EXPECT_EQ(info.issuer, "CN=" + to_string(spec.ca));
    }
    EXPECT_EQ(info.sans, spec.sans);
    EXPECT_EQ(info.key_type, "ECDSA P-256");
    EXPECT_EQ(X509_get_signature_nid(cert.get()), NID_ecdsa_with_SHA256);
  }
}

TEST_F(PkiChain, SubjectsOfClientCertificatesAsRbacExpects) {
  auto subject = [](const std::string& id) {
    return inspect_certificate(load_cert(root() / (id + ".crt")).get()).subject;
  };
  EXPECT_EQ(subject("clients/kubelet-kube-master1"), "CN=system:node:kube-master1,O=system:nodes");
  EXPECT_EQ(subject("clients/kubelet-kube-master3"), "CN=system:node:kube-master3,O=system:nodes");
  EXPECT_EQ(subject("clients/admin"), "CN=kubernetes-admin,O=system:masters");
  EXPECT_EQ(subject("apiserver-kubelet-client"), "CN=kube-apiserver-kubelet-client,O=system:masters");
  EXPECT_EQ(subject("clients/controller-manager"), "CN=system:kube-controller-manager");
  EXPECT_EQ(subject("clients/scheduler"), "CN=system:kube-scheduler");
  EXPECT_EQ(subject("clients/kube-proxy"), "CN=system:kube-proxy");
}

TEST_F(PkiChain, ApiserverCertificateOnDiskCarriesTheVipAndEveryMaster) {
  CertInfo info = inspect_certificate(load_cert(root() / "apiserver.crt").get());
  for (const char* san : {"IP:192.168.49.160", "IP:10.96.0.1", "DNS:kubernetes.default.svc.cluster.local",
                          "DNS:kube-master.example.com", "IP:192.168.49.150", "IP:192.168.49.151",
                          "IP:192.168.49.152", "IP:192.168.49.153", "DNS:kube-master3", "IP:127.0.0.1"})
    EXPECT_TRUE(info.sans.contains(san)) << san;
  EXPECT_EQ(info.sans.size(), 21u);
}

TEST_F(PkiChain, KeysMatchTheirCertificatesAndHaveTheChosenAlgorithms) {
  for (const CertSpec& spec : required_certs(pkitest::ha_plan())) {
    X509Ptr cert = load_cert(root() / spec.cert_file());
    EvpPkeyPtr key = load_key(root() / spec.key_file());
    EXPECT_EQ(EVP_PKEY_eq(X509_get0_pubkey(cert.get()), key.get()), 1) << spec.id;
    EXPECT_TRUE(key_is(key.get(), KeyAlgorithm::ec_p256)) << spec.id;
  }
  EvpPkeyPtr sa = load_key(root() / "sa.key");
  EXPECT_TRUE(key_is(sa.get(), KeyAlgorithm::rsa_2048));
  EvpPkeyPtr sa_pub = public_key_from_pem(pkitest::slurp(root() / "sa.pub"), "sa.pub");
  EXPECT_EQ(EVP_PKEY_eq(sa.get(), sa_pub.get()), 1);
  EXPECT_THAT(pkitest::slurp(root() / "sa.pub"), ::testing::StartsWith("-----BEGIN PUBLIC KEY-----"));
  EXPECT_THAT(pkitest::slurp(root() / "sa.key"), ::testing::StartsWith("-----BEGIN PRIVATE KEY-----"));
}

TEST_F(PkiChain, SerialsAreDistinct) {
  std::set<std::string> serials;
  for (const CertSpec& spec : required_certs(pkitest::ha_plan()))
    EXPECT_TRUE(serials.insert(pkitest::serial_of(root() / spec.cert_file())).second) << spec.id;
}

TEST_F(PkiChain, PrivateFilesAre0600CertificatesAre0644DirectoriesAre0700) {
  const auto mode = [](const fs::path& p) { return fs::status(p).permissions() & fs::perms::mask; };
  int keys = 0;
  for (const fs::directory_entry& e : fs::recursive_directory_iterator(root())) {
    SCOPED_TRACE(e.path().string());
    const std::string ext = e.path().extension().string();
    if (e.is_directory()) {
      EXPECT_EQ(mode(e.path()), fs::perms::owner_all);
    } else if (ext == ".key" || ext == ".conf") {
      EXPECT_EQ(mode(e.path()), fs::perms::owner_read | fs::perms::owner_write);
      ++keys;
    } else {
      EXPECT_TRUE(ext == ".crt" || ext == ".pub") << "unexpected file";
      EXPECT_EQ(mode(e.path()), fs::perms::owner_read | fs::perms::owner_write |
                                    fs::perms::group_read | fs::perms::others_read);
    }
    EXPECT_EQ(e.path().filename().string().find(".tmp-"), std::string::npos) << "temporary file left";
  }
  EXPECT_EQ(mode(root()), fs::perms::owner_all);
  // 23 certificate keys + sa.key + 7 kubeconfigs.
  EXPECT_EQ(keys, 23 + 1 + 7);
}

}  // namespace
}  // namespace klab::provisioner::pki
