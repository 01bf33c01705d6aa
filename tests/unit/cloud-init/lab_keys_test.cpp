// The lab's keys: created once with the right modes, loaded (never regenerated) on
// every later run, damaged state reported instead of papered over, known_hosts usable
// by libssh and OpenSSH.
#include "cloud-init/lab_keys.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <set>
#include <sstream>

#include "base/libssh_handles.hpp"
#include "base/error.hpp"
#include "unit/cloud-init/cloudinit_support.hpp"

namespace klab::cloudinit {
namespace {

namespace fs = std::filesystem;
using testing::default_lab_plan;
using testing::perms_of;
using testing::read_text;
using testing::TempDir;
using testing::write_text;

fs::path host_key_file(const TempDir& lab, const std::string& host) {
  return lab / "ssh" / "hostkeys" / (host + "_ed25519");
}

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::infrastructure);
    return e.what();
  }
  ADD_FAILURE() << "no klab::Error thrown";
  return {};
}

TEST(LabKeys, CreatesTheLayoutWithPrivateModes) {
  TempDir lab;
  const lab::Plan plan = default_lab_plan();
  const LabKeys keys = ensure_lab_keys(plan, lab.path());

  EXPECT_EQ(keys.ssh_dir, lab / "ssh");
  EXPECT_EQ(keys.client_private_key, lab / "ssh" / "id_ed25519");
  EXPECT_EQ(keys.known_hosts, lab / "ssh" / "known_hosts");
  EXPECT_EQ(perms_of(keys.ssh_dir), fs::perms(0700));
  EXPECT_EQ(perms_of(keys.ssh_dir / "hostkeys"), fs::perms(0700));
  EXPECT_EQ(perms_of(keys.client_private_key), fs::perms(0600));
  EXPECT_EQ(perms_of(lab / "ssh" / "id_ed25519.pub"), fs::perms(0644));
  EXPECT_EQ(read_text(keys.client_private_key), keys.client.private_key);
  EXPECT_EQ(read_text(lab / "ssh" / "id_ed25519.pub"), keys.client.public_key + "\n");
  EXPECT_TRUE(keys.client.public_key.ends_with(" klab@ha"));

  ASSERT_EQ(keys.host_keys.size(), plan.hosts.size());
  std::set<std::string> distinct{keys.client.public_key};
  for (const lab::HostPlan& host : plan.hosts) {
    const SshKeyPair& key = keys.host_key(host.name);
    EXPECT_EQ(perms_of(host_key_file(lab, host.name)), fs::perms(0600)) << host.name;
    EXPECT_EQ(read_text(host_key_file(lab, host.name)), key.private_key) << host.name;
    EXPECT_EQ(read_text(host_key_file(lab, host.name).string() + ".pub"), key.public_key + "\n");
    EXPECT_TRUE(key.public_key.ends_with(" root@" + host.fqdn)) << key.public_key;
    distinct.insert(key.public_key);
  }
  EXPECT_EQ(distinct.size(), plan.hosts.size() + 1) << "two keys are the same";
  EXPECT_THROW(keys.host_key("kube-master9"), Error);
}

TEST(LabKeys, ReloadingYieldsTheSameKeysAndFiles) {
  TempDir lab;
  const lab::Plan plan = default_lab_plan();
  const LabKeys first = ensure_lab_keys(plan, lab.path());
  const std::string known_hosts = read_text(first.known_hosts);
  const auto mtime = fs::last_write_time(first.known_hosts);
  const LabKeys second = ensure_lab_keys(plan, lab.path());
  EXPECT_EQ(second.client, first.client);
  EXPECT_EQ(second.host_keys, first.host_keys);
  EXPECT_EQ(read_text(second.known_hosts), known_hosts);
  EXPECT_EQ(fs::last_write_time(second.known_hosts), mtime) << "unchanged known_hosts was rewritten";
}

TEST(LabKeys, AddingAHostCreatesOnlyItsKeyAndRemovingKeepsTheFiles) {
  TempDir lab;
  lab::Plan plan = default_lab_plan();
  const LabKeys before = ensure_lab_keys(plan, lab.path());
  plan.hosts.push_back(testing::host_plan("ha", "kube-worker1", lab::Role::worker, "192.168.49.161",
                                          "52:54:00:10:01:61"));
  const LabKeys grown = ensure_lab_keys(plan, lab.path());
  EXPECT_EQ(grown.client, before.client);
  for (const auto& [name, key] : before.host_keys) EXPECT_EQ(grown.host_key(name), key) << name;
  EXPECT_TRUE(fs::exists(host_key_file(lab, "kube-worker1")));
  EXPECT_NE(read_text(grown.known_hosts).find("kube-worker1,kube-worker1.example.com,192.168.49.161 "),
            std::string::npos);

  plan.hosts.pop_back();
  const LabKeys shrunk = ensure_lab_keys(plan, lab.path());
  EXPECT_EQ(shrunk.host_keys.count("kube-worker1"), 0u);
  EXPECT_TRUE(fs::exists(host_key_file(lab, "kube-worker1"))) << "a key file was deleted";
  EXPECT_EQ(read_text(shrunk.known_hosts).find("kube-worker1"), std::string::npos);
}

TEST(LabKeys, AMissingPublicHalfIsDerivedNotRegenerated) {
  TempDir lab;
  const lab::Plan plan = default_lab_plan();
  const LabKeys first = ensure_lab_keys(plan, lab.path());
  fs::remove(lab / "ssh" / "id_ed25519.pub");
  fs::remove(host_key_file(lab, "kube-master2").string() + ".pub");
  const LabKeys second = ensure_lab_keys(plan, lab.path());
  EXPECT_EQ(second.client, first.client);
  EXPECT_EQ(second.host_keys, first.host_keys);
}

TEST(LabKeys, AMissingPrivateKeyIsAnErrorNotANewKey) {
  TempDir lab;
  const lab::Plan plan = default_lab_plan();
  ensure_lab_keys(plan, lab.path());
  const fs::path private_key = host_key_file(lab, "kube-master1");
  fs::remove(private_key);
  const std::string message = error_of([&] { ensure_lab_keys(plan, lab.path()); });
  EXPECT_NE(message.find(private_key.string() + " is missing"), std::string::npos) << message;
  EXPECT_NE(message.find("delete"), std::string::npos) << "no way out offered: " << message;
  EXPECT_FALSE(fs::exists(private_key)) << "a new key was generated silently";
}

TEST(LabKeys, AForeignPublicKeyIsAnError) {
  TempDir lab;
  const lab::Plan plan = default_lab_plan();
  ensure_lab_keys(plan, lab.path());
  write_text(lab / "ssh" / "id_ed25519.pub", generate_ed25519_key("other").public_key + "\n");
  const std::string message = error_of([&] { ensure_lab_keys(plan, lab.path()); });
  EXPECT_NE(message.find("does not belong to"), std::string::npos) << message;
}

TEST(LabKeys, ADamagedPrivateKeyIsAnError) {
  TempDir lab;
  const lab::Plan plan = default_lab_plan();
  ensure_lab_keys(plan, lab.path());
  write_text(lab / "ssh" / "id_ed25519", "garbage\n");
  const std::string message = error_of([&] { ensure_lab_keys(plan, lab.path()); });
  EXPECT_NE(message.find((lab / "ssh" / "id_ed25519").string() + " is damaged"), std::string::npos)
      << message;
  EXPECT_EQ(read_text(lab / "ssh" / "id_ed25519"), "garbage\n") << "the damaged key was replaced";
}

TEST(LabKeys, AKeyThatLostItsFinalNewlineStillLoads) {
  TempDir lab;
  const lab::Plan plan = default_lab_plan();
  const LabKeys first = ensure_lab_keys(plan, lab.path());
  std::string text = first.client.private_key;
  text.pop_back();
  write_text(first.client_private_key, text);
  EXPECT_EQ(ensure_lab_keys(plan, lab.path()).client, first.client);
}

TEST(LabKeys, AReadablePrivateKeyIsRestrictedAgain) {
  TempDir lab;
  const lab::Plan plan = default_lab_plan();
  const LabKeys first = ensure_lab_keys(plan, lab.path());
  fs::permissions(first.client_private_key, fs::perms(0644));
  const LabKeys second = ensure_lab_keys(plan, lab.path());
  EXPECT_EQ(perms_of(second.client_private_key), fs::perms(0600));
  EXPECT_EQ(second.client, first.client);
}

// Every host must be found under its name, FQDN and IP with its own key, by libssh
// (klab's transport) and by OpenSSH (`klab ssh-config` users); the VIP must not be.
TEST(LabKeys, KnownHostsPinsEveryHostByNameFqdnAndIp) {
  TempDir lab;
  const lab::Plan plan = default_lab_plan();
  const LabKeys keys = ensure_lab_keys(plan, lab.path());
  const std::string text = read_text(keys.known_hosts);
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (!line.empty() && line[0] != '#') lines.push_back(line);
  ASSERT_EQ(lines.size(), plan.hosts.size()) << text;

  for (std::size_t i = 0; i < plan.hosts.size(); ++i) {
    const lab::HostPlan& host = plan.hosts[i];
    for (const std::string& name : {host.name, host.fqdn, host.ip.str()}) {
      ssh_knownhosts_entry* raw = nullptr;
      const int rc = ssh_known_hosts_parse_line(name.c_str(), lines[i].c_str(), &raw);
      base::SshKnownHostsEntry entry(raw);
      ASSERT_EQ(rc, SSH_OK) << name << " not matched by: " << lines[i];
      char* blob = nullptr;
      ASSERT_EQ(ssh_pki_export_pubkey_base64(entry->publickey, &blob), SSH_OK);
      base::SshCString owned(blob);
      EXPECT_NE(keys.host_key(host.name).public_key.find(std::string(" ") + blob + " "),
                std::string::npos)
          << name << " pinned to the wrong key";
    }
    ssh_knownhosts_entry* raw = nullptr;
    EXPECT_NE(ssh_known_hosts_parse_line("vip.example.com", lines[i].c_str(), &raw), SSH_OK);
    base::SshKnownHostsEntry none(raw);
  }
}

TEST(LabKeys, OpenSshFindsEveryHostInKnownHosts) {
  KLAB_REQUIRE_TOOL("ssh-keygen");
  TempDir lab;
  const lab::Plan plan = default_lab_plan();
  const LabKeys keys = ensure_lab_keys(plan, lab.path());
  for (const lab::HostPlan& host : plan.hosts) {
    for (const std::string& name : {host.name, host.fqdn, host.ip.str()}) {
      const auto found = testing::run_tool({"ssh-keygen", "-F", name, "-f", keys.known_hosts.string()});
      EXPECT_EQ(found.exit_code, 0) << name << ": " << found.output;
      const std::string blob = keys.host_key(host.name).public_key.substr(12, 68);
      EXPECT_NE(found.output.find(blob), std::string::npos) << name << ": " << found.output;
    }
  }
  const auto vip = testing::run_tool({"ssh-keygen", "-F", "vip.example.com", "-f", keys.known_hosts.string()});
  EXPECT_NE(vip.exit_code, 0) << vip.output;
}

}  // namespace
}  // namespace klab::cloudinit
