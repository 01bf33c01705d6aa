// user-data for the default lab: parsed back field by field, and accepted by the real
// `cloud-init schema` of Debian 12 (22.4), which must also reject a broken variant.
#include "cloud-init/user_data.hpp"

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include "cloud-init/etc_hosts.hpp"
#include "unit/cloud-init/cloudinit_support.hpp"

namespace klab::cloudinit {
namespace {

using testing::default_lab_keys;
using testing::default_lab_plan;
using testing::run_tool;
using testing::TempDir;

testing::ToolResult cloud_init_schema(const std::string& document) {
  TempDir dir;
  testing::write_text(dir / "user-data", document);
  return run_tool({"cloud-init", "schema", "--config-file", (dir / "user-data").string()});
}

TEST(UserData, EveryHostGetsItsIdentityAndTheLabsHosts) {
  const lab::Plan plan = default_lab_plan();
  const LabKeys& keys = default_lab_keys();
  for (const lab::HostPlan& host : plan.hosts) {
    SCOPED_TRACE(host.name);
    const std::string text = render_user_data(plan, host, keys);
    ASSERT_TRUE(text.starts_with("#cloud-config\n"));
    const YAML::Node doc = YAML::Load(text);
    EXPECT_EQ(doc["hostname"].as<std::string>(), host.name);
    EXPECT_EQ(doc["fqdn"].as<std::string>(), host.fqdn);
    EXPECT_FALSE(doc["prefer_fqdn_over_hostname"].as<bool>());
    EXPECT_FALSE(doc["manage_etc_hosts"].as<bool>());

    ASSERT_EQ(doc["write_files"].size(), 1u);
    const YAML::Node hosts_file = doc["write_files"][0];
    EXPECT_EQ(hosts_file["path"].as<std::string>(), "/etc/hosts");
    EXPECT_EQ(hosts_file["permissions"].as<std::string>(), "0644");
    EXPECT_EQ(hosts_file["content"].as<std::string>(), render_etc_hosts(plan));
    for (const lab::HostPlan& other : plan.hosts) {
      EXPECT_NE(hosts_file["content"].as<std::string>().find(other.ip.str() + "\t" + other.fqdn + " " + other.name + "\n"),
                std::string::npos) << other.name;
    }
    EXPECT_NE(hosts_file["content"].as<std::string>().find("192.168.49.160\tvip.example.com"), std::string::npos);
  }
}

TEST(UserData, RootLogsInWithTheLabKeyOnly) {
  const lab::Plan plan = default_lab_plan();
  const LabKeys& keys = default_lab_keys();
  const YAML::Node doc = YAML::Load(render_user_data(plan, plan.hosts[1], keys));
  EXPECT_FALSE(doc["disable_root"].as<bool>());
  EXPECT_FALSE(doc["ssh_pwauth"].as<bool>());
  ASSERT_EQ(doc["ssh_authorized_keys"].size(), 1u);
  EXPECT_EQ(doc["ssh_authorized_keys"][0].as<std::string>(), keys.client.public_key);
  // Only root is listed: no default user is created.
  ASSERT_EQ(doc["users"].size(), 1u);
  EXPECT_EQ(doc["users"][0]["name"].as<std::string>(), "root");
  EXPECT_TRUE(doc["users"][0]["lock_passwd"].as<bool>());
}

TEST(UserData, InstallsThePinnedHostKeyAndNoOther) {
  const lab::Plan plan = default_lab_plan();
  const LabKeys& keys = default_lab_keys();
  for (const lab::HostPlan& host : plan.hosts) {
    SCOPED_TRACE(host.name);
    const YAML::Node doc = YAML::Load(render_user_data(plan, host, keys));
    EXPECT_TRUE(doc["ssh_deletekeys"].as<bool>());
    const YAML::Node ssh_keys = doc["ssh_keys"];
    ASSERT_EQ(ssh_keys.size(), 2u);
    // Byte for byte: sshd must get exactly the key klab pinned.
    EXPECT_EQ(ssh_keys["ed25519_private"].as<std::string>(), keys.host_key(host.name).private_key);
    EXPECT_EQ(ssh_keys["ed25519_public"].as<std::string>(), keys.host_key(host.name).public_key);
  }
}

TEST(UserData, NothingSlow) {
  const lab::Plan plan = default_lab_plan();
  const YAML::Node doc = YAML::Load(render_user_data(plan, plan.hosts[0], default_lab_keys()));
  EXPECT_FALSE(doc["package_update"].as<bool>());
  EXPECT_FALSE(doc["package_upgrade"].as<bool>());
  EXPECT_FALSE(doc["package_reboot_if_required"].as<bool>());
  EXPECT_FALSE(doc["packages"]);
  EXPECT_FALSE(doc["runcmd"]);
  EXPECT_FALSE(doc["ssh_genkeytypes"]);
}

TEST(UserData, ThrowsForAHostWithoutAKey) {
  const lab::Plan plan = default_lab_plan();
  lab::HostPlan stranger = plan.hosts[0];
  stranger.name = "stranger";
  EXPECT_THROW(render_user_data(plan, stranger, default_lab_keys()), Error);
}

TEST(UserData, CloudInitSchemaAcceptsEveryHostsDocument) {
  KLAB_REQUIRE_TOOL("cloud-init");
  const lab::Plan plan = default_lab_plan();
  for (const lab::HostPlan& host : plan.hosts) {
    const auto result = cloud_init_schema(render_user_data(plan, host, default_lab_keys()));
    EXPECT_EQ(result.exit_code, 0) << host.name << ":\n" << result.output;
    EXPECT_NE(result.output.find("Valid cloud-config"), std::string::npos) << result.output;
    EXPECT_EQ(result.output.find("deprecat"), std::string::npos) << result.output;
  }
}

TEST(UserData, CloudInitSchemaAcceptsTheSingleLab) {
  KLAB_REQUIRE_TOOL("cloud-init");
  const lab::Plan plan = testing::single_lab_plan();
  TempDir lab_dir;
  const LabKeys keys = ensure_lab_keys(plan, lab_dir.path());
  const auto result = cloud_init_schema(render_user_data(plan, plan.hosts[0], keys));
  EXPECT_EQ(result.exit_code, 0) << result.output;
}

// The control: the validator must catch a wrong type, or the test above proves nothing.
TEST(UserData, CloudInitSchemaRejectsABrokenVariant) {
  KLAB_REQUIRE_TOOL("cloud-init");
  const lab::Plan plan = default_lab_plan();
  std::string text = render_user_data(plan, plan.hosts[0], default_lab_keys());
  const std::string good = "ssh_deletekeys: true";
  ASSERT_NE(text.find(good), std::string::npos);
  text.replace(text.find(good), good.size(), "ssh_deletekeys: \"sometimes\"");
  const auto result = cloud_init_schema(text);
  EXPECT_NE(result.exit_code, 0) << result.output;
  EXPECT_NE(result.output.find("ssh_deletekeys"), std::string::npos) << result.output;
}

}  // namespace
}  // namespace klab::cloudinit
