#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "lab/plan.hpp"
#include "lab/plan_json.hpp"
#include "lab/presets.hpp"

using namespace klab::lab;

namespace {

Plan ha_plan() { return resolve(parse_topology(find_preset("ha")->yaml, "preset:ha")); }

TEST(Plan, ResolvesFqdnsAndLibvirtNames) {
  const Plan p = ha_plan();
  ASSERT_EQ(p.hosts.size(), 4u);
  EXPECT_EQ(p.hosts[1].fqdn, "kube-master1.example.com");
  EXPECT_EQ(p.hosts[1].domain_name, "klab-ha-kube-master1");
  EXPECT_EQ(p.hosts[1].disk_volume, "klab-ha-kube-master1.qcow2");
  EXPECT_EQ(p.hosts[1].seed_volume, "klab-ha-kube-master1-seed.iso");
  EXPECT_EQ(p.hosts[1].uri, "qemu:///system");
  EXPECT_EQ(p.network.name, "klab-ha");
  EXPECT_EQ(p.network.vip_fqdn, "vip.example.com");
  EXPECT_EQ(p.pool_name, "klab-ha");
  EXPECT_EQ(p.hosts[0].resources.memory_mib, 1024);
  EXPECT_EQ(p.hosts[1].resources.memory_mib, 2048);
}

TEST(Plan, MacsAreLocallyAdministeredUniqueAndStable) {
  const Plan a = ha_plan(), b = ha_plan();
  std::set<std::string> macs;
  const std::regex form("^52:54:00:[0-9a-f]{2}:[0-9a-f]{2}:[0-9a-f]{2}$");
  for (std::size_t i = 0; i < a.hosts.size(); ++i) {
    EXPECT_TRUE(std::regex_match(a.hosts[i].mac, form)) << a.hosts[i].mac;
    EXPECT_EQ(a.hosts[i].mac, b.hosts[i].mac);  // stable across runs
    macs.insert(a.hosts[i].mac);
  }
  EXPECT_EQ(macs.size(), a.hosts.size());
  // Golden values: a change here changes every user's lab MACs — do it on purpose only.
  EXPECT_EQ(derive_mac("ha", "kube-master1"), a.hosts[1].mac);
  EXPECT_NE(derive_mac("ha", "kube-master1"), derive_mac("other", "kube-master1"));
}

TEST(Plan, DerivedMacAvoidsAnExplicitOneThatCollides) {
  const std::string taken = derive_mac("lab", "m2");
  const Topology t = parse_topology(
      "name: lab\nnetwork: {subnet: 10.0.0.0/24, vip: 10.0.0.100}\nhosts:\n"
      "  - {name: m1, role: master, ip: 10.0.0.11, mac: '" + taken + "'}\n"
      "  - {name: m2, role: master, ip: 10.0.0.12}\n"
      "  - {name: m3, role: master, ip: 10.0.0.13}\n",
      "t.yaml");
  const Plan p = resolve(t);
  EXPECT_EQ(p.hosts[0].mac, taken);
  EXPECT_NE(p.hosts[1].mac, taken);
  EXPECT_EQ(p.hosts[1].mac, derive_mac("lab", "m2", 1));
}

TEST(Plan, LongLabNamesGetAValidBridgeName) {
  const std::string name = "a-very-long-lab-name-for-testing";
  const Plan p = resolve(parse_topology(
      "name: " + name + "\nnetwork: {subnet: 10.0.0.0/24}\nhosts:\n  - {name: m1, role: master, ip: 10.0.0.11}\n",
      "t.yaml"));
  EXPECT_LE(p.network.bridge.size(), 15u);
  EXPECT_EQ(p.network.bridge.rfind("kl-", 0), 0u);
}

TEST(PlanJson, HasTheDocumentedShape) {
  const nlohmann::json j = to_json(ha_plan());
  ASSERT_TRUE(j["hosts"].is_array());
  ASSERT_EQ(j["hosts"].size(), 4u);
  for (const auto& h : j["hosts"])
    for (const char* key : {"name", "fqdn", "role", "ip", "mac", "vcpus", "memory_mib", "disk_gib"})
      EXPECT_TRUE(h.contains(key)) << key;
  EXPECT_EQ(j["hosts"][0]["role"], "lb");
  EXPECT_EQ(j["hosts"][3]["ip"], "192.168.49.153");
  EXPECT_EQ(j["network"]["vip"], "192.168.49.160");
  EXPECT_EQ(j["name"], "ha");
}

TEST(PlanJson, SingleHasNullVip) {
  const nlohmann::json j = to_json(resolve(parse_topology(find_preset("single")->yaml, "s")));
  EXPECT_TRUE(j["network"]["vip"].is_null());
}

}  // namespace
