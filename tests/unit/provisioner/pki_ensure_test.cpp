// ensure_pki's reconcile rules: first run creates, re-run reuses (same serials), a
// topology change reissues only the affected leaves, CAs are never replaced, and a
// damaged file is an error naming it.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>

#include "pki_test_support.hpp"
#include "provisioner/pki/catalog.hpp"
#include "provisioner/pki/ensure.hpp"

namespace klab::provisioner::pki {
namespace {

namespace fs = std::filesystem;
using ::testing::AllOf;
using ::testing::HasSubstr;

class PkiEnsure : public ::testing::Test {
 protected:
  void SetUp() override { pkitest::copy_pristine_ha_pki(root()); }
  fs::path root() const { return scratch_.pki(); }

  std::map<std::string, std::string> serials(const lab::Plan& plan) const {
    std::map<std::string, std::string> out;
    for (const CertSpec& s : required_certs(plan))
      if (fs::exists(root() / s.cert_file())) out[s.id] = pkitest::serial_of(root() / s.cert_file());
    return out;
  }

  /// The message of the klab::Error that ensure_pki throws (fails the test if none).
  std::string ensure_error(const lab::Plan& plan, const EnsureOptions& options = {}) {
    try {
      ensure_pki(plan, root(), options);
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::infrastructure);
      return e.what();
    }
    ADD_FAILURE() << "ensure_pki did not throw";
    return {};
  }

  pkitest::ScratchDir scratch_;
};

TEST(PkiEnsureFresh, FirstRunCreatesEveryItem) {
  pkitest::ScratchDir scratch;
  EnsureReport r = ensure_pki(pkitest::ha_plan(), scratch.pki());
  // 3 CAs + 20 leaves + the service-account pair + 7 kubeconfigs.
  EXPECT_EQ(r.items.size(), 31u);
  EXPECT_EQ(r.count(Action::created), 31);
  EXPECT_TRUE(r.warnings.empty());
  EvpPkeyPtr sa = pkitest::load_key(scratch.pki() / "sa.key");
  EXPECT_TRUE(key_is(sa.get(), KeyAlgorithm::rsa_2048));
  EXPECT_NE(pkitest::slurp(scratch.pki() / "sa.key"), pkitest::test_sa_key_pem);
  EXPECT_TRUE(same_public_key(
      sa.get(), public_key_from_pem(pkitest::slurp(scratch.pki() / "sa.pub"), "sa.pub").get()));
  for (const char* f : {"ca.crt", "ca.key", "etcd/ca.crt", "front-proxy-ca.key", "sa.key", "sa.pub",
                        "apiserver.crt", "etcd/kube-master2-peer.key", "etcd/kube-master-proxy-server.crt",
                        "clients/kubelet-kube-master3.crt", "kubeconfigs/admin.conf"})
    EXPECT_TRUE(fs::is_regular_file(scratch.pki() / f)) << f;
}

TEST_F(PkiEnsure, RerunReusesEverythingAndKeepsSerials) {
  const auto before = serials(pkitest::ha_plan());
  const std::string admin_conf = pkitest::slurp(root() / "kubeconfigs/admin.conf");
  const std::string sa_key = pkitest::slurp(root() / "sa.key");
  EnsureReport r = ensure_pki(pkitest::ha_plan(), root());
  EXPECT_EQ(r.count(Action::reused), 31) << "changed: " << (r.changed() ? "yes" : "no");
  EXPECT_FALSE(r.changed());
  EXPECT_EQ(serials(pkitest::ha_plan()), before);
  EXPECT_EQ(before.size(), 23u);
  EXPECT_EQ(pkitest::slurp(root() / "kubeconfigs/admin.conf"), admin_conf);
  EXPECT_EQ(pkitest::slurp(root() / "sa.key"), sa_key);
}

TEST_F(PkiEnsure, AFourthMasterReissuesTheApiserverAndAddsItsOwnButKeepsTheCas) {
  const auto before = serials(pkitest::ha_plan());
  const lab::Plan plan = pkitest::with_fourth_master(pkitest::ha_plan());
  EnsureReport r = ensure_pki(plan, root());
  const auto after = serials(plan);

  std::set<std::string> reissued, created;
  for (const EnsureItem& i : r.items) {
    if (i.action == Action::reissued) reissued.insert(i.name);
    if (i.action == Action::created) created.insert(i.name);
  }
  EXPECT_EQ(reissued, std::set<std::string>{"apiserver"});
  EXPECT_THAT(r.find("apiserver")->reason,
              AllOf(HasSubstr("SANs missing"), HasSubstr("IP:192.168.49.154"), HasSubstr("DNS:kube-master4")));
  EXPECT_EQ(created, (std::set<std::string>{"etcd/kube-master4-server", "etcd/kube-master4-peer",
                                            "clients/kubelet-kube-master4",
                                            "kubeconfigs/kubelet-kube-master4.conf"}));
  for (const char* ca : {"ca", "etcd/ca", "front-proxy-ca"}) {
    EXPECT_EQ(r.find(ca)->action, Action::reused) << ca;
    EXPECT_EQ(after.at(ca), before.at(ca)) << ca;
  }
  EXPECT_EQ(after.at("etcd/kube-master1-server"), before.at("etcd/kube-master1-server"));
  EXPECT_NE(after.at("apiserver"), before.at("apiserver"));
  EXPECT_EQ(r.count(Action::reused), 31 - 1);  // every old item but the apiserver

  // Removing it again reissues the apiserver once more (its SAN is no longer planned).
  EnsureReport back = ensure_pki(pkitest::ha_plan(), root());
  EXPECT_EQ(back.find("apiserver")->action, Action::reissued);
  EXPECT_THAT(back.find("apiserver")->reason, HasSubstr("SANs no longer in the plan"));
  EXPECT_EQ(back.count(Action::reissued), 1);
}

TEST_F(PkiEnsure, ACorruptCaIsAnErrorNamingItAndIsNotReplaced) {
  const fs::path ca = root() / "etcd/ca.crt";
  pkitest::spew(ca, "-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n");
  std::string msg = ensure_error(pkitest::ha_plan());
  EXPECT_THAT(msg, AllOf(HasSubstr(ca.string()), HasSubstr("is not a PEM certificate"),
                         HasSubstr("restore etcd/ca.crt and etcd/ca.key from a backup")));
  EXPECT_THAT(pkitest::slurp(ca), HasSubstr("not base64 at all"));
}

TEST_F(PkiEnsure, ACorruptLeafKeyIsAnErrorNamingIt) {
  const fs::path key = root() / "apiserver.key";
  pkitest::spew(key, "garbage");
  EXPECT_THAT(ensure_error(pkitest::ha_plan()),
              AllOf(HasSubstr(key.string() + " is not a PEM private key"),
                    HasSubstr("delete " + (root() / "apiserver.crt").string())));
}

TEST_F(PkiEnsure, AHalfPresentCaIsAnError) {
  fs::remove(root() / "front-proxy-ca.key");
  EXPECT_THAT(ensure_error(pkitest::ha_plan()),
              AllOf(HasSubstr((root() / "front-proxy-ca.key").string() + " is missing but"),
                    HasSubstr("klab never replaces a CA")));
  EXPECT_FALSE(fs::exists(root() / "front-proxy-ca.key"));
}

// What a run killed between the CA's key and its certificate left (older klab wrote the
// key first): the key was never published as a CA, so a new pair is made, and it stays.
TEST(PkiEnsureFresh, ACaKeyWithoutItsCertificateFromAKilledFirstRunIsReplaced) {
  pkitest::ScratchDir scratch;
  const fs::path root = scratch.pki();
  fs::create_directories(root);
  const std::string orphan = private_key_to_pem(generate_key(KeyAlgorithm::ec_p256).get());
  pkitest::spew(root / "ca.key", orphan);
  EnsureReport r = ensure_pki(pkitest::ha_plan(), root);
  EXPECT_EQ(r.find("ca")->action, Action::created);
  EXPECT_THAT(r.find("ca")->reason, HasSubstr("had no certificate (an interrupted run)"));
  EXPECT_NE(pkitest::slurp(root / "ca.key"), orphan);
  X509Ptr ca = pkitest::load_cert(root / "ca.crt");
  EXPECT_TRUE(same_public_key(X509_get0_pubkey(ca.get()), pkitest::load_key(root / "ca.key").get()));
  EXPECT_EQ(X509_verify(pkitest::load_cert(root / "apiserver.crt").get(), X509_get0_pubkey(ca.get())), 1);

  // The pair now exists: a re-run leaves it byte for byte.
  const std::string cert_pem = pkitest::slurp(root / "ca.crt");
  const std::string key_pem = pkitest::slurp(root / "ca.key");
  EnsureReport again = ensure_pki(pkitest::ha_plan(), root);
  EXPECT_EQ(again.find("ca")->action, Action::reused);
  EXPECT_EQ(pkitest::slurp(root / "ca.crt"), cert_pem);
  EXPECT_EQ(pkitest::slurp(root / "ca.key"), key_pem);
}

// A CA key whose certificate went missing after it signed leaves is not an interrupted
// run: a new CA would orphan them, so it stays an error.
TEST_F(PkiEnsure, ACaKeyWithoutItsCertificateThatSignedALeafIsAnError) {
  const std::string key_pem = pkitest::slurp(root() / "front-proxy-ca.key");
  fs::remove(root() / "front-proxy-ca.crt");
  EXPECT_THAT(ensure_error(pkitest::ha_plan()),
              AllOf(HasSubstr((root() / "front-proxy-ca.crt").string() + " is missing but"),
                    HasSubstr("signed " + (root() / "front-proxy-client.crt").string()),
                    HasSubstr("klab never replaces a CA")));
  EXPECT_EQ(pkitest::slurp(root() / "front-proxy-ca.key"), key_pem);
  EXPECT_FALSE(fs::exists(root() / "front-proxy-ca.crt"));
}

// A killed atomic write leaves its temporary file (possibly holding a private key); the
// next run removes it and leaves the published pair as it was.
TEST_F(PkiEnsure, TemporaryFilesOfAKilledWriteAreRemovedThePairIsKept) {
  const std::string cert_pem = pkitest::slurp(root() / "ca.crt");
  const std::string key_pem = pkitest::slurp(root() / "ca.key");
  for (const char* f : {".ca.key.tmp-AbC123", ".ca.crt.tmp-x1Y2z3", "etcd/.kube-master1-peer.key.tmp-q9Q9q9"})
    pkitest::spew(root() / f, "half a key");
  EnsureReport r = ensure_pki(pkitest::ha_plan(), root());
  EXPECT_EQ(r.count(Action::reused), 31);
  for (const char* f : {".ca.key.tmp-AbC123", ".ca.crt.tmp-x1Y2z3", "etcd/.kube-master1-peer.key.tmp-q9Q9q9"})
    EXPECT_FALSE(fs::exists(root() / f)) << f;
  EXPECT_EQ(pkitest::slurp(root() / "ca.crt"), cert_pem);
  EXPECT_EQ(pkitest::slurp(root() / "ca.key"), key_pem);
}

TEST_F(PkiEnsure, ACaKeyThatDoesNotMatchIsAnError) {
  pkitest::Forged other = pkitest::impostor_ca();
  pkitest::spew(root() / "ca.key", private_key_to_pem(other.key.get()));
  EXPECT_THAT(ensure_error(pkitest::ha_plan()), HasSubstr("ca.key is not the key of"));
}

TEST_F(PkiEnsure, AnExpiredCaIsAnErrorNotAReplacement) {
  EnsureOptions later;
  later.now = Clock::now() + std::chrono::days(3651);
  EXPECT_THAT(ensure_error(pkitest::ha_plan(), later),
              AllOf(HasSubstr("ca.crt cannot be used: certificate has expired"), HasSubstr("restore")));
}

TEST_F(PkiEnsure, AMissingLeafKeyReissuesThePairAndItsKubeconfig) {
  fs::remove(root() / "clients/admin.key");
  const std::string old_serial = pkitest::serial_of(root() / "clients/admin.crt");
  EnsureReport r = ensure_pki(pkitest::ha_plan(), root());
  EXPECT_EQ(r.find("clients/admin")->action, Action::reissued);
  EXPECT_EQ(r.find("clients/admin")->reason, "clients/admin.key is missing");
  EXPECT_EQ(r.find("kubeconfigs/admin.conf")->action, Action::updated);
  EXPECT_NE(pkitest::serial_of(root() / "clients/admin.crt"), old_serial);
  EXPECT_EQ(r.count(Action::reused), 29);
}

TEST_F(PkiEnsure, LeavesCloseToExpiryAreReissuedCasAreNot) {
  EnsureOptions later;
  later.now = Clock::now() + std::chrono::days(300);  // ~65 days left: nothing is due yet
  EXPECT_FALSE(ensure_pki(pkitest::ha_plan(), root(), later).changed());
  later.now = Clock::now() + std::chrono::days(340);  // leaves have ~25 days left
  EnsureReport r = ensure_pki(pkitest::ha_plan(), root(), later);
  for (const EnsureItem& i : r.items) {
    SCOPED_TRACE(i.name);
    switch (i.kind) {
      case ItemKind::ca:
      case ItemKind::key_pair: EXPECT_EQ(i.action, Action::reused); break;
      case ItemKind::certificate:
        EXPECT_EQ(i.action, Action::reissued);
        EXPECT_THAT(i.reason, HasSubstr("expires in 2"));
        break;
      case ItemKind::kubeconfig: EXPECT_EQ(i.action, Action::updated); break;
    }
  }
}

TEST_F(PkiEnsure, ACaCloseToExpiryIsKeptWithAWarningAndCapsItsLeaves) {
  const auto ca_serial = pkitest::serial_of(root() / "etcd/ca.crt");
  EnsureOptions late;
  late.now = Clock::now() + std::chrono::days(3640);  // CAs have ~10 days left
  EnsureReport r = ensure_pki(pkitest::ha_plan(), root(), late);
  EXPECT_EQ(r.find("etcd/ca")->action, Action::reused);
  EXPECT_EQ(pkitest::serial_of(root() / "etcd/ca.crt"), ca_serial);
  ASSERT_EQ(r.warnings.size(), 3u);
  EXPECT_THAT(r.warnings[1], AllOf(HasSubstr("etcd/ca.crt (etcd-ca) expires on"),
                                   HasSubstr("does not rotate CAs")));
  const CertInfo ca = inspect_certificate(pkitest::load_cert(root() / "etcd/ca.crt").get());
  const CertInfo leaf = inspect_certificate(pkitest::load_cert(root() / "etcd/kube-master1-peer.crt").get());
  EXPECT_EQ(r.find("etcd/kube-master1-peer")->action, Action::reissued);
  EXPECT_EQ(leaf.not_after, ca.not_after);
}

TEST_F(PkiEnsure, ALeafSignedByAnotherCaIsReissued) {
  pkitest::Forged impostor = pkitest::impostor_ca();
  const CertSpec spec = pkitest::spec_of(pkitest::ha_plan(), "apiserver");
  pkitest::Forged fake = pkitest::forge(spec, impostor.signer(), validity_for(Clock::now(), 365));
  pkitest::spew(root() / "apiserver.crt", certificate_to_pem(fake.cert.get()));
  pkitest::spew(root() / "apiserver.key", private_key_to_pem(fake.key.get()));
  EnsureReport r = ensure_pki(pkitest::ha_plan(), root());
  EXPECT_EQ(r.find("apiserver")->action, Action::reissued);
  EXPECT_THAT(r.find("apiserver")->reason, HasSubstr("does not verify against kubernetes-ca"));
  EXPECT_EQ(r.count(Action::reissued), 1);
}

TEST_F(PkiEnsure, ALeafWithTheWrongSubjectIsReissued) {
  CertSpec spec = pkitest::spec_of(pkitest::ha_plan(), "clients/kubelet-kube-master2");
  spec.organizations = {"system:masters"};  // a kubelet must not be a cluster admin
  pkitest::Forged ca = pkitest::stored_ca(root(), CaId::kubernetes);
  pkitest::Forged wrong = pkitest::forge(spec, ca.signer(), validity_for(Clock::now(), 365));
  pkitest::spew(root() / spec.cert_file(), certificate_to_pem(wrong.cert.get()));
  pkitest::spew(root() / spec.key_file(), private_key_to_pem(wrong.key.get()));
  EnsureReport r = ensure_pki(pkitest::ha_plan(), root());
  EXPECT_EQ(r.find(spec.id)->action, Action::reissued);
  EXPECT_EQ(r.find(spec.id)->reason, "O is system:masters, the plan needs system:nodes");
}

TEST_F(PkiEnsure, ALoosenedKeyModeIsTightenedWithAWarning) {
  const fs::path key = root() / "etcd/kube-master1-peer.key";
  fs::permissions(key, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read |
                           fs::perms::others_read);
  EnsureReport r = ensure_pki(pkitest::ha_plan(), root());
  EXPECT_EQ(fs::status(key).permissions() & fs::perms::mask,
            fs::perms::owner_read | fs::perms::owner_write);
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_THAT(r.warnings[0], AllOf(HasSubstr(key.string()), HasSubstr("0644")));
  EXPECT_EQ(r.count(Action::reused), 31);
}

TEST_F(PkiEnsure, AStaleServiceAccountPublicKeyIsRewrittenTheKeyIsKept) {
  const std::string sa_key = pkitest::slurp(root() / "sa.key");
  pkitest::spew(root() / "sa.pub", public_key_to_pem(pkitest::impostor_ca().key.get()));
  EnsureReport r = ensure_pki(pkitest::ha_plan(), root());
  EXPECT_EQ(r.find("sa")->action, Action::updated);
  EXPECT_THAT(r.find("sa")->reason, HasSubstr("did not match sa.key"));
  EXPECT_EQ(pkitest::slurp(root() / "sa.key"), sa_key);
  EvpPkeyPtr pub = public_key_from_pem(pkitest::slurp(root() / "sa.pub"), "sa.pub");
  EXPECT_TRUE(same_public_key(pub.get(), pkitest::load_key(root() / "sa.key").get()));
}

TEST_F(PkiEnsure, ACorruptServiceAccountKeyIsAnError) {
  pkitest::spew(root() / "sa.key", "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
  EXPECT_THAT(ensure_error(pkitest::ha_plan()),
              AllOf(HasSubstr((root() / "sa.key").string()), HasSubstr("never replaces sa.key")));
}

TEST_F(PkiEnsure, AMovedVipRewritesEveryKubeconfig) {
  lab::Plan plan = pkitest::ha_plan();
  plan.network.vip = pkitest::ip("192.168.49.170");
  EnsureReport r = ensure_pki(plan, root());
  for (const EnsureItem& i : r.items) {
    if (i.kind == ItemKind::kubeconfig) {
      EXPECT_EQ(i.action, Action::updated) << i.name;
    }
  }
  // The VIP is a SAN of the apiserver, the etcd servers and the LB proxy.
  EXPECT_EQ(r.count(Action::reissued), 1 + 3 + 1);
  EXPECT_THAT(pkitest::slurp(root() / "kubeconfigs/kube-proxy.conf"),
              HasSubstr("server: https://192.168.49.170:6443"));
}

}  // namespace
}  // namespace klab::provisioner::pki
