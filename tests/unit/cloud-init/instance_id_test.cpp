// The instance-id (meta-data) changes exactly when a host's rendered configuration
// changes: stable across runs and key reloads, different after any change cloud-init
// must apply, the same after changes that do not reach the guest.
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <functional>
#include <regex>

#include "cloud-init/meta_data.hpp"
#include "cloud-init/seed.hpp"
#include "unit/cloud-init/cloudinit_support.hpp"

namespace klab::cloudinit {
namespace {

using testing::default_lab_keys;
using testing::default_lab_plan;

std::string id_of(const lab::Plan& plan, std::size_t host, const LabKeys& keys = default_lab_keys()) {
  return render_seed(plan, plan.hosts[host], keys).instance_id;
}

TEST(InstanceId, NamesTheLabAndHostAndIsInMetaData) {
  const lab::Plan plan = default_lab_plan();
  const SeedDocuments seed = render_seed(plan, plan.hosts[1], default_lab_keys());
  EXPECT_TRUE(std::regex_match(seed.instance_id, std::regex("klab-ha-kube-master1-[0-9a-f]{16}")))
      << seed.instance_id;
  const YAML::Node meta = YAML::Load(seed.meta_data);
  EXPECT_EQ(meta.size(), 2u);
  EXPECT_EQ(meta["instance-id"].as<std::string>(), seed.instance_id);
  EXPECT_EQ(meta["local-hostname"].as<std::string>(), "kube-master1");
}

TEST(InstanceId, StableAcrossRendersAndKeyReloads) {
  const lab::Plan plan = default_lab_plan();
  testing::TempDir lab_dir;
  const LabKeys first = ensure_lab_keys(plan, lab_dir.path());
  const SeedDocuments a = render_seed(plan, plan.hosts[2], first);
  const SeedDocuments b = render_seed(plan, plan.hosts[2], first);
  const LabKeys reloaded = ensure_lab_keys(plan, lab_dir.path());
  const SeedDocuments c = render_seed(plan, plan.hosts[2], reloaded);
  EXPECT_EQ(a, b);
  EXPECT_EQ(a, c) << "reloading the keys from disk changed the documents";
}

TEST(InstanceId, DiffersBetweenHosts) {
  const lab::Plan plan = default_lab_plan();
  std::set<std::string> ids;
  for (std::size_t i = 0; i < plan.hosts.size(); ++i) ids.insert(id_of(plan, i));
  EXPECT_EQ(ids.size(), plan.hosts.size());
}

struct Change {
  const char* what;
  std::function<void(lab::Plan&)> apply;
};

TEST(InstanceId, ChangesWithEverythingTheGuestIsConfiguredWith) {
  const std::string base = id_of(default_lab_plan(), 1);
  const std::vector<Change> changes = {
      {"own address", [](lab::Plan& p) { p.hosts[1].ip = testing::ip("192.168.49.171"); }},
      {"another host's address (in /etc/hosts)",
       [](lab::Plan& p) { p.hosts[3].ip = testing::ip("192.168.49.173"); }},
      {"a host added", [](lab::Plan& p) {
         p.hosts.push_back(testing::host_plan("ha", "kube-worker1", lab::Role::worker,
                                              "192.168.49.161", "52:54:00:10:01:61"));
       }},
      {"own MAC", [](lab::Plan& p) { p.hosts[1].mac = "52:54:00:10:01:99"; }},
      {"VIP", [](lab::Plan& p) { p.network.vip = testing::ip("192.168.49.200"); }},
      {"gateway", [](lab::Plan& p) { p.network.gateway = testing::ip("192.168.49.254"); }},
      {"prefix", [](lab::Plan& p) { p.network.subnet = lab::parse_cidr("192.168.48.0/23").value(); }},
      {"domain", [](lab::Plan& p) { p.network.domain = "example.org"; }},
      {"own FQDN", [](lab::Plan& p) { p.hosts[1].fqdn = "kube-master1.example.org"; }},
  };
  for (const Change& change : changes) {
    lab::Plan plan = default_lab_plan();
    change.apply(plan);
    // A host added to the plan needs a host key of its own.
    LabKeys keys = default_lab_keys();
    if (plan.hosts.size() > default_lab_plan().hosts.size()) {
      for (const auto& h : plan.hosts)
        if (!keys.host_keys.count(h.name)) keys.host_keys[h.name] = generate_ed25519_key("");
    }
    EXPECT_NE(id_of(plan, 1, keys), base) << change.what;
  }
}

TEST(InstanceId, ChangesWithTheKeys) {
  const lab::Plan plan = default_lab_plan();
  const std::string base = id_of(plan, 1);
  LabKeys other_client = default_lab_keys();
  other_client.client = generate_ed25519_key("klab@ha");
  EXPECT_NE(id_of(plan, 1, other_client), base);
  LabKeys other_host_key = default_lab_keys();
  other_host_key.host_keys["kube-master1"] = generate_ed25519_key("root@kube-master1.example.com");
  EXPECT_NE(id_of(plan, 1, other_host_key), base);
}

TEST(InstanceId, UnchangedByWhatTheGuestNeverSees) {
  const std::string base = id_of(default_lab_plan(), 1);
  lab::Plan plan = default_lab_plan();
  plan.uri = "qemu+ssh://elsewhere/system";
  plan.image = "debian-12-custom";
  plan.source = "klab.yaml";
  plan.hosts[1].resources = lab::Resources{4, 8192, 40};
  plan.hosts[1].role = lab::Role::worker;
  plan.hosts[1].domain_name = "renamed";
  plan.hosts[1].disk_volume = "renamed.qcow2";
  EXPECT_EQ(id_of(plan, 1), base);
}

}  // namespace
}  // namespace klab::cloudinit
