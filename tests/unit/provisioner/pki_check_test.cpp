// check_pki: a clean PKI is all ok; expired, wrong-CA, uncovered-SAN, loose-mode and
// corrupt files are each reported (never thrown), in the text and JSON renderings too.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "pki_test_support.hpp"
#include "provisioner/pki/catalog.hpp"
#include "provisioner/pki/check.hpp"
#include "provisioner/pki/report_format.hpp"

namespace klab::provisioner::pki {
namespace {

namespace fs = std::filesystem;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

class PkiCheck : public ::testing::Test {
 protected:
  void SetUp() override { pkitest::copy_pristine_ha_pki(root()); }
  fs::path root() const { return scratch_.pki(); }

  /// Overwrites the pair `id` with one signed by `signer` for `validity`.
  void replace_pair(const std::string& id, const Signer& signer, const Validity& validity) {
    CertSpec spec = pkitest::spec_of(pkitest::ha_plan(), id);
    pkitest::Forged f = pkitest::forge(spec, signer, validity);
    pkitest::spew(root() / spec.cert_file(), certificate_to_pem(f.cert.get()));
    pkitest::spew(root() / spec.key_file(), private_key_to_pem(f.key.get()));
  }

  pkitest::ScratchDir scratch_;
};

TEST_F(PkiCheck, ACleanPkiIsAllOk) {
  CheckReport r = check_pki(pkitest::ha_plan(), root());
  EXPECT_EQ(r.overall(), CheckStatus::ok) << to_text(r);
  EXPECT_EQ(r.certs.size(), 23u);
  EXPECT_EQ(r.files.size(), 1u + 7u);
  EXPECT_EQ(r.count(CheckStatus::ok), 31);
  for (const CertCheck& c : r.certs) {
    SCOPED_TRACE(c.id);
    EXPECT_TRUE(c.present && c.chain_ok && c.key_ok);
    EXPECT_TRUE(c.coverage.exact());
    EXPECT_TRUE(c.problems.empty());
    EXPECT_GE(c.days_left, c.id.ends_with("ca") ? 3649 : 364);
  }
  const CertCheck* api = r.find("apiserver");
  ASSERT_NE(api, nullptr);
  EXPECT_EQ(api->subject, "CN=kube-apiserver");
  EXPECT_EQ(api->issuer, "CN=kubernetes-ca");
  EXPECT_EQ(api->sans.size(), 21u);
  EXPECT_EQ(r.find("etcd/kube-master1-peer")->issuer, "CN=etcd-ca");
}

TEST_F(PkiCheck, AnExpiredCertificateIsAnError) {
  pkitest::Forged ca = pkitest::stored_ca(root(), CaId::etcd);
  const Clock::time_point past = Clock::now() - std::chrono::days(400);
  replace_pair("apiserver-etcd-client", ca.signer(), validity_for(past, 365));
  CheckReport r = check_pki(pkitest::ha_plan(), root());
  const CertCheck* c = r.find("apiserver-etcd-client");
  EXPECT_EQ(c->status, CheckStatus::error);
  EXPECT_LT(c->days_left, 0);
  EXPECT_FALSE(c->chain_ok);
  EXPECT_THAT(c->chain_error, HasSubstr("certificate has expired"));
  EXPECT_THAT(c->problems, Contains(HasSubstr("expired on")));
  EXPECT_EQ(r.overall(), CheckStatus::error);
  EXPECT_EQ(r.count(CheckStatus::error), 1);
}

TEST_F(PkiCheck, ACertificateFromAnotherCaFailsItsChain) {
  pkitest::Forged impostor = pkitest::impostor_ca();
  replace_pair("clients/admin", impostor.signer(), validity_for(Clock::now(), 365));
  CheckReport r = check_pki(pkitest::ha_plan(), root());
  const CertCheck* c = r.find("clients/admin");
  EXPECT_EQ(c->status, CheckStatus::error);
  EXPECT_FALSE(c->chain_ok);
  EXPECT_THAT(c->chain_error, HasSubstr("unable to get local issuer certificate"));
  EXPECT_TRUE(c->key_ok);  // the pair itself is consistent
  // The admin kubeconfig still embeds the old pair: reported as drift.
  auto conf = std::find_if(r.files.begin(), r.files.end(),
                           [](const FileCheck& f) { return f.id == "kubeconfigs/admin.conf"; });
  ASSERT_NE(conf, r.files.end());
  EXPECT_EQ(conf->status, CheckStatus::error);
  EXPECT_THAT(conf->problems, Contains(HasSubstr("client-certificate-data differs")));
  EXPECT_EQ(r.count(CheckStatus::error), 2);
}

TEST_F(PkiCheck, AFourthMasterShowsMissingCoverageAndMissingFiles) {
  CheckReport r = check_pki(pkitest::with_fourth_master(pkitest::ha_plan()), root());
  const CertCheck* api = r.find("apiserver");
  EXPECT_EQ(api->status, CheckStatus::error);
  EXPECT_THAT(api->coverage.missing, ElementsAre("DNS:kube-master4", "DNS:kube-master4.example.com",
                                                 "IP:192.168.49.154"));
  EXPECT_TRUE(api->chain_ok);
  const CertCheck* etcd4 = r.find("etcd/kube-master4-server");
  EXPECT_FALSE(etcd4->present);
  EXPECT_THAT(etcd4->problems, ElementsAre(HasSubstr("etcd/kube-master4-server.crt is missing")));
  EXPECT_EQ(r.find("etcd/kube-master1-server")->status, CheckStatus::ok);
}

TEST_F(PkiCheck, ExpiryWithinThirtyDaysIsAWarning) {
  CheckOptions later;
  later.now = Clock::now() + std::chrono::days(340);
  CheckReport r = check_pki(pkitest::ha_plan(), root(), later);
  EXPECT_EQ(r.overall(), CheckStatus::warning) << to_text(r);
  EXPECT_EQ(r.count(CheckStatus::warning), 20);
  EXPECT_EQ(r.find("ca")->status, CheckStatus::ok);
  const CertCheck* c = r.find("front-proxy-client");
  EXPECT_TRUE(c->days_left == 24 || c->days_left == 25) << c->days_left;
  EXPECT_THAT(c->problems, ElementsAre(HasSubstr("expires in")));
}

TEST_F(PkiCheck, LooseKeyModesAndCorruptFilesAreReportedNotThrown) {
  fs::permissions(root() / "apiserver.key", fs::perms::group_read, fs::perm_options::add);
  pkitest::spew(root() / "etcd/healthcheck-client.crt", "nonsense");
  fs::permissions(root() / "kubeconfigs/scheduler.conf", fs::perms::others_read, fs::perm_options::add);
  pkitest::spew(root() / "kubeconfigs/kube-proxy.conf", "apiVersion: v1\nkind: Config\n");
  pkitest::spew(root() / "kubeconfigs/admin.conf", "clusters: [\n");
  CheckReport r;
  ASSERT_NO_THROW(r = check_pki(pkitest::ha_plan(), root()));
  EXPECT_THAT(r.find("apiserver")->problems, ElementsAre(HasSubstr("has mode 0640, expected 0600")));
  const CertCheck* hc = r.find("etcd/healthcheck-client");
  EXPECT_FALSE(hc->present);
  EXPECT_THAT(hc->problems, ElementsAre(HasSubstr("healthcheck-client.crt is not a PEM certificate")));
  auto file = [&](const std::string& id) {
    return *std::find_if(r.files.begin(), r.files.end(), [&](const FileCheck& f) { return f.id == id; });
  };
  EXPECT_THAT(file("kubeconfigs/kube-proxy.conf").problems,
              Contains(HasSubstr("server is '', the plan needs https://192.168.49.160:6443")));
  EXPECT_THAT(file("kubeconfigs/kube-proxy.conf").problems,
              Contains(HasSubstr("client-key-data is missing")));
  EXPECT_THAT(file("kubeconfigs/admin.conf").problems, ElementsAre(HasSubstr("is not valid YAML")));
  EXPECT_THAT(file("kubeconfigs/scheduler.conf").problems, ElementsAre(HasSubstr("has mode 0604")));
  EXPECT_EQ(r.count(CheckStatus::error), 5);
}

TEST_F(PkiCheck, AWrongCaFileIsReportedForTheCaAndEveryLeafItSigned) {
  pkitest::Forged impostor = pkitest::impostor_ca();
  pkitest::spew(root() / "front-proxy-ca.crt", certificate_to_pem(impostor.cert.get()));
  CheckReport r = check_pki(pkitest::ha_plan(), root());
  EXPECT_FALSE(r.find("front-proxy-ca")->key_ok);  // the old key no longer matches
  EXPECT_THAT(r.find("front-proxy-ca")->problems, Contains(HasSubstr("CN is kubernetes-ca")));
  EXPECT_FALSE(r.find("front-proxy-client")->chain_ok);
  EXPECT_EQ(r.find("apiserver")->status, CheckStatus::ok);
}

TEST_F(PkiCheck, TextAndJsonRenderings) {
  pkitest::Forged impostor = pkitest::impostor_ca();
  replace_pair("clients/scheduler", impostor.signer(), validity_for(Clock::now(), 365));
  CheckReport r = check_pki(pkitest::with_fourth_master(pkitest::ha_plan()), root());
  nlohmann::json j = to_json(r);
  EXPECT_EQ(j["status"], "error");
  EXPECT_EQ(j["certificates"].size(), 26u);
  nlohmann::json api;
  for (const auto& c : j["certificates"])
    if (c["id"] == "apiserver") api = c;
  EXPECT_EQ(api["sans"]["missing"].size(), 3u);
  EXPECT_EQ(api["chain_ok"], true);
  EXPECT_EQ(api["days_left"], api["days_left"].get<long>());
  EXPECT_EQ(j["counts"]["error"].get<int>(), r.count(CheckStatus::error));
  const std::string text = to_text(r);
  EXPECT_THAT(text, HasSubstr("clients/scheduler"));
  EXPECT_THAT(text, HasSubstr("FAIL"));
  EXPECT_THAT(text, HasSubstr("21/24"));  // apiserver SAN coverage
  EXPECT_THAT(text, HasSubstr("error: "));
}

}  // namespace
}  // namespace klab::provisioner::pki
