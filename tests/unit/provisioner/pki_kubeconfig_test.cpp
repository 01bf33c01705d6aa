// Kubeconfigs: parse with yaml-cpp, point at the VIP, embed exactly the CA and the
// client pair on disk, and the embedded pair matches and verifies.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include "pki_test_support.hpp"
#include "provisioner/pki/base64.hpp"
#include "provisioner/pki/catalog.hpp"
#include "provisioner/pki/kubeconfig.hpp"
#include "provisioner/pki/verify.hpp"

namespace klab::provisioner::pki {
namespace {

namespace fs = std::filesystem;

std::string decoded(const YAML::Node& node) {
  std::optional<std::string> bytes = base64_decode(node.as<std::string>());
  EXPECT_TRUE(bytes.has_value()) << "not base64";
  return bytes.value_or("");
}

TEST(PkiKubeconfig, EveryKubeconfigEmbedsItsPairAndPointsAtTheVip) {
  const fs::path root = pkitest::pristine_ha_pki();
  const std::string ca_pem = pkitest::slurp(root / "ca.crt");
  const std::vector<KubeconfigSpec> specs = required_kubeconfigs(pkitest::ha_plan());
  ASSERT_EQ(specs.size(), 7u);
  for (const KubeconfigSpec& spec : specs) {
    SCOPED_TRACE(spec.id);
    YAML::Node doc = YAML::LoadFile((root / spec.file()).string());
    EXPECT_EQ(doc["apiVersion"].as<std::string>(), "v1");
    EXPECT_EQ(doc["kind"].as<std::string>(), "Config");
    ASSERT_EQ(doc["clusters"].size(), 1u);
    EXPECT_EQ(doc["clusters"][0]["name"].as<std::string>(), "ha");
    EXPECT_EQ(doc["clusters"][0]["cluster"]["server"].as<std::string>(), "https://192.168.49.160:6443");
    const std::string current = doc["current-context"].as<std::string>();
    EXPECT_EQ(doc["contexts"][0]["name"].as<std::string>(), current);
    EXPECT_EQ(doc["contexts"][0]["context"]["cluster"].as<std::string>(), "ha");
    EXPECT_EQ(doc["contexts"][0]["context"]["user"].as<std::string>(), spec.user);
    EXPECT_EQ(doc["users"][0]["name"].as<std::string>(), spec.user);

    const std::string embedded_ca = decoded(doc["clusters"][0]["cluster"]["certificate-authority-data"]);
    const std::string embedded_cert = decoded(doc["users"][0]["user"]["client-certificate-data"]);
    const std::string embedded_key = decoded(doc["users"][0]["user"]["client-key-data"]);
    EXPECT_EQ(embedded_ca, ca_pem);
    EXPECT_EQ(embedded_cert, pkitest::slurp(root / (spec.cert_id + ".crt")));
    EXPECT_EQ(embedded_key, pkitest::slurp(root / (spec.cert_id + ".key")));

    X509Ptr cert = certificate_from_pem(embedded_cert, "embedded cert");
    X509Ptr ca = certificate_from_pem(embedded_ca, "embedded CA");
    EvpPkeyPtr key = private_key_from_pem(embedded_key, "embedded key");
    EXPECT_TRUE(same_public_key(X509_get0_pubkey(cert.get()), key.get()));
    EXPECT_EQ(verify_chain(cert.get(), ca.get(), Clock::now(), {.server = false, .client = true}),
              std::nullopt);
    EXPECT_EQ(inspect_certificate(cert.get()).common_name, spec.user);
  }
}

TEST(PkiKubeconfig, KubeletKubeconfigCarriesTheNodeIdentity) {
  const fs::path root = pkitest::pristine_ha_pki();
  YAML::Node doc = YAML::LoadFile((root / "kubeconfigs/kubelet-kube-master2.conf").string());
  X509Ptr cert = certificate_from_pem(decoded(doc["users"][0]["user"]["client-certificate-data"]), "x");
  CertInfo info = inspect_certificate(cert.get());
  EXPECT_EQ(info.common_name, "system:node:kube-master2");
  EXPECT_EQ(info.organizations, std::vector<std::string>{"system:nodes"});
  EXPECT_EQ(doc["current-context"].as<std::string>(), "system:node:kube-master2@ha");
}

TEST(PkiKubeconfig, RenderingIsDeterministicAndServerFollowsTheInput) {
  KubeconfigContent c{"single", "https://192.168.49.151:6443", "kubernetes-admin", "CA\n", "CERT\n", "KEY\n"};
  const std::string a = render_kubeconfig(c);
  EXPECT_EQ(a, render_kubeconfig(c));
  YAML::Node doc = YAML::Load(a);
  EXPECT_EQ(doc["clusters"][0]["cluster"]["server"].as<std::string>(), "https://192.168.49.151:6443");
  EXPECT_EQ(decoded(doc["users"][0]["user"]["client-key-data"]), "KEY\n");
  c.server = "https://10.0.0.1:6443";
  EXPECT_NE(render_kubeconfig(c), a);
}

TEST(PkiKubeconfig, Base64RoundTripsAndRejectsGarbage) {
  const std::vector<std::string> samples{"", "a", "ab", "abc", "abcd", std::string("\0\xff\x10", 3)};
  for (const std::string& s : samples)
    EXPECT_EQ(base64_decode(base64_encode(s)), s);
  EXPECT_EQ(base64_encode("abcd"), "YWJjZA==");
  EXPECT_EQ(base64_decode("YWJj"), "abc");
  EXPECT_EQ(base64_decode("YWJ"), std::nullopt);
  EXPECT_EQ(base64_decode("Y!Jj"), std::nullopt);
}

}  // namespace
}  // namespace klab::provisioner::pki
