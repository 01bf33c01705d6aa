// The catalogue for the default lab: which certificates exist, their exact SAN sets,
// subjects and usages; the single preset (no LB, no VIP).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>

#include "pki_test_support.hpp"
#include "provisioner/pki/catalog.hpp"

namespace klab::provisioner::pki {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

std::map<std::string, CertSpec> by_id(const lab::Plan& plan) {
  std::map<std::string, CertSpec> out;
  for (CertSpec& s : required_certs(plan)) {
    std::string id = s.id;
    EXPECT_TRUE(out.emplace(id, std::move(s)).second) << "duplicate id " << id;
  }
  return out;
}

TEST(PkiCatalog, DefaultLabHasExactlyTheExpectedCertificates) {
  std::vector<std::string> ids;
  for (const CertSpec& s : required_certs(pkitest::ha_plan())) ids.push_back(s.id);
  EXPECT_THAT(ids, ElementsAre(
      "ca", "etcd/ca", "front-proxy-ca",
      "etcd/kube-master1-server", "etcd/kube-master1-peer",
      "etcd/kube-master2-server", "etcd/kube-master2-peer",
      "etcd/kube-master3-server", "etcd/kube-master3-peer",
      "etcd/healthcheck-client", "apiserver-etcd-client",
      "etcd/kube-master-proxy-server", "etcd/proxy-client",
      "apiserver", "apiserver-kubelet-client", "front-proxy-client",
      "clients/admin", "clients/controller-manager", "clients/scheduler", "clients/kube-proxy",
      "clients/kubelet-kube-master1", "clients/kubelet-kube-master2", "clients/kubelet-kube-master3"));
}

TEST(PkiCatalog, ApiserverSansForTheDefaultLab) {
  EXPECT_THAT(by_id(pkitest::ha_plan()).at("apiserver").sans, UnorderedElementsAre(
      "DNS:kubernetes", "DNS:kubernetes.default", "DNS:kubernetes.default.svc",
      "DNS:kubernetes.default.svc.cluster.local", "IP:10.96.0.1",
      "IP:192.168.49.160", "DNS:vip.example.com",
      "DNS:kube-master", "DNS:kube-master.example.com", "IP:192.168.49.150",
      "DNS:kube-master1", "DNS:kube-master1.example.com", "IP:192.168.49.151",
      "DNS:kube-master2", "DNS:kube-master2.example.com", "IP:192.168.49.152",
      "DNS:kube-master3", "DNS:kube-master3.example.com", "IP:192.168.49.153",
      "DNS:localhost", "IP:127.0.0.1"));
}

TEST(PkiCatalog, EtcdMemberSansForTheDefaultLab) {
  auto certs = by_id(pkitest::ha_plan());
  for (int i = 1; i <= 3; ++i) {
    const std::string name = "kube-master" + std::to_string(i);
    const std::string addr = "IP:192.168.49.15" + std::to_string(i);
    const CertSpec& peer = certs.at("etcd/" + name + "-peer");
    EXPECT_THAT(peer.sans, UnorderedElementsAre("DNS:" + name, "DNS:" + name + ".example.com", addr,
                                                "DNS:localhost", "IP:127.0.0.1"));
    // The serving cert also answers for the VIP: haproxy passes VIP:2379 through.
    const CertSpec& server = certs.at("etcd/" + name + "-server");
    EXPECT_THAT(server.sans, UnorderedElementsAre("DNS:" + name, "DNS:" + name + ".example.com", addr,
                                                  "DNS:localhost", "IP:127.0.0.1",
                                                  "IP:192.168.49.160", "DNS:vip.example.com"));
    for (const CertSpec* s : {&peer, &server}) {
      EXPECT_EQ(s->common_name, name);
      EXPECT_EQ(s->ca, CaId::etcd);
      EXPECT_TRUE(s->usage.server && s->usage.client) << s->id;
    }
  }
}

TEST(PkiCatalog, EtcdProxyOnTheLb) {
  auto certs = by_id(pkitest::ha_plan());
  const CertSpec& proxy = certs.at("etcd/kube-master-proxy-server");
  EXPECT_THAT(proxy.sans, UnorderedElementsAre("DNS:kube-master", "DNS:kube-master.example.com",
                                               "IP:192.168.49.150", "IP:192.168.49.160",
                                               "DNS:vip.example.com", "DNS:localhost", "IP:127.0.0.1"));
  EXPECT_TRUE(proxy.usage.server);
  const CertSpec& client = certs.at("etcd/proxy-client");
  EXPECT_EQ(client.usage, (Usage{.server = false, .client = true}));
  EXPECT_EQ(client.ca, CaId::etcd);
  // etcd's grpc-proxy exits on a client certificate with a CN (seen in the real lab).
  EXPECT_EQ(client.common_name, "");
  EXPECT_THAT(client.organizations, ElementsAre("etcd-grpc-proxy"));
}

TEST(PkiCatalog, ClientSubjects) {
  auto certs = by_id(pkitest::ha_plan());
  EXPECT_EQ(certs.at("clients/admin").common_name, "kubernetes-admin");
  EXPECT_THAT(certs.at("clients/admin").organizations, ElementsAre("system:masters"));
  EXPECT_THAT(certs.at("apiserver-kubelet-client").organizations, ElementsAre("system:masters"));
  EXPECT_EQ(certs.at("clients/controller-manager").common_name, "system:kube-controller-manager");
  EXPECT_EQ(certs.at("clients/scheduler").common_name, "system:kube-scheduler");
  EXPECT_EQ(certs.at("clients/kube-proxy").common_name, "system:kube-proxy");
  EXPECT_EQ(certs.at("clients/kubelet-kube-master2").common_name, "system:node:kube-master2");
  EXPECT_THAT(certs.at("clients/kubelet-kube-master2").organizations, ElementsAre("system:nodes"));
  EXPECT_EQ(certs.at("front-proxy-client").ca, CaId::front_proxy);
  EXPECT_EQ(certs.at("apiserver-etcd-client").ca, CaId::etcd);
  for (const auto& [id, spec] : certs) {
    if (spec.is_ca) {
      EXPECT_EQ(spec.validity_days, 3650) << id;
    } else {
      EXPECT_EQ(spec.validity_days, 365) << id;
      EXPECT_TRUE(spec.usage.client || spec.usage.server) << id;
    }
    if (!spec.usage.server) {
      EXPECT_THAT(spec.sans, IsEmpty()) << id;
    }
  }
}

TEST(PkiCatalog, KubeconfigsPointAtTheVip) {
  lab::Plan plan = pkitest::ha_plan();
  EXPECT_EQ(apiserver_url(plan), "https://192.168.49.160:6443");
  std::vector<std::string> ids;
  for (const KubeconfigSpec& k : required_kubeconfigs(plan)) ids.push_back(k.id);
  EXPECT_THAT(ids, ElementsAre("admin", "controller-manager", "scheduler", "kube-proxy",
                               "kubelet-kube-master1", "kubelet-kube-master2", "kubelet-kube-master3"));
}

TEST(PkiCatalog, SinglePresetHasNoProxyAndUsesTheMaster) {
  lab::Plan plan = pkitest::single_plan();
  EXPECT_EQ(apiserver_url(plan), "https://192.168.49.151:6443");
  auto certs = by_id(plan);
  EXPECT_EQ(certs.count("etcd/proxy-client"), 0u);
  EXPECT_THAT(certs.at("apiserver").sans, UnorderedElementsAre(
      "DNS:kubernetes", "DNS:kubernetes.default", "DNS:kubernetes.default.svc",
      "DNS:kubernetes.default.svc.cluster.local", "IP:10.96.0.1", "DNS:kube-master1",
      "DNS:kube-master1.example.com", "IP:192.168.49.151", "DNS:localhost", "IP:127.0.0.1"));
}

TEST(PkiCatalog, ALabWithoutMastersHasNoApiserverAddress) {
  lab::Plan plan = pkitest::single_plan();
  plan.hosts.clear();
  EXPECT_THROW(apiserver_url(plan), Error);
}

}  // namespace
}  // namespace klab::provisioner::pki
