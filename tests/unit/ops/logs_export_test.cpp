// `klab logs export`: the framing of what the guest collect script prints, parsed back,
// the real script run by a real shell, and the bundle written from a fake LabInspection.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "fakes/fake_provider.hpp"
#include "base/error.hpp"
#include "lab/paths.hpp"
#include "lab/presets.hpp"
#include "lab/topology.hpp"
#include "ops/logs_export.hpp"
#include "support/private_dir.hpp"

namespace fs = std::filesystem;

namespace {

TEST(LogsExport, GuestSectionsParseBinaryContentAndExitStatus) {
  using namespace std::string_literals;
  const std::string out = "@@klab-section a.log 0 5\nab\0\nc"s + "@@klab-section b.txt 127 0\n";
  const auto s = klab::ops::parse_guest_sections(std::string_view(out.data(), out.size()));
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(s[0].name, "a.log");
  EXPECT_EQ(s[0].content, std::string("ab\0\nc", 5));
  EXPECT_EQ(s[1].name, "b.txt");
  EXPECT_EQ(s[1].exit_status, 127);
  EXPECT_EQ(s[1].content, "");
}

TEST(LogsExport, MalformedGuestSectionsAreErrors) {
  for (const char* bad : {"garbage", "@@klab-section a 0 10\nshort", "@@klab-section a 0\n",
                          "@@klab-section ../x 0 0\n", "@@klab-section a x 0\n"})
    EXPECT_THROW(klab::ops::parse_guest_sections(bad), klab::Error) << bad;
}

// The real script, run by a real shell here: every section framed, whatever each
// command's outcome on this machine.
TEST(LogsExport, GuestCollectScriptFramesEverySection) {
  const std::string script = klab::ops::guest_collect_script(50);
  const fs::path work = klab::testing::make_private_dir("klab-collect"), file = work / "collect.sh";
  std::ofstream(file) << script;
  const std::string cmd = "sh " + file.string();
  FILE* p = ::popen(cmd.c_str(), "r");
  ASSERT_NE(p, nullptr);
  std::string out;
  char buf[65536];
  while (std::size_t n = std::fread(buf, 1, sizeof buf, p)) out.append(buf, n);
  EXPECT_EQ(::pclose(p), 0);
  fs::remove_all(work);
  const auto sections = klab::ops::parse_guest_sections(out);
  std::vector<std::string> names;
  for (const auto& s : sections) names.push_back(s.name);
  EXPECT_EQ(names, (std::vector<std::string>{"cloud-init.log", "cloud-init-output.log", "cloud-init-status.json",
                                             "cloud-init-result.json",
                                             "journal.txt", "systemd-analyze-blame.txt", "systemd-analyze.txt",
                                             "failed-units.txt"}));
}

// What a hypervisor would report, set by each test.
struct FakeInspection : klab::lab::LabInspection {
  std::map<std::string, klab::lab::InspectedDomain> domains;  // by host; absent: no domain
  std::set<std::string> foreign;                              // hosts whose domain is not klab's
  std::optional<klab::lab::InspectedNetwork> net;
  std::vector<klab::lab::DhcpLease> leases;
  bool leases_fail = false;

  std::optional<klab::lab::InspectedDomain> domain(const klab::lab::HostPlan& h) override {
    if (foreign.count(h.name)) throw klab::infra_error("domain " + h.domain_name + " exists but klab did not create it");
    auto it = domains.find(h.name);
    if (it == domains.end()) return std::nullopt;
    return it->second;
  }
  std::optional<klab::lab::InspectedNetwork> network(const klab::lab::Plan&) override { return net; }
  std::vector<klab::lab::DhcpLease> dhcp_leases(const klab::lab::Plan& p) override {
    if (leases_fail) throw klab::infra_error("reading the DHCP leases of network " + p.network.name + ": boom");
    return leases;
  }
};

class LogsExportBundle : public ::testing::Test {
 protected:
  klab::testing::PrivateStateRoot state_{"klab-logs"};
  klab::lab::Plan plan_ = klab::lab::resolve(klab::lab::parse_topology(klab::lab::find_preset("ha")->yaml, "preset:ha"));
  fs::path out_ = state_.path() / "bundle";
  FakeInspection inspection_;

  std::string read(const std::string& name) {
    std::ifstream in(out_ / name, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
  }
  static std::vector<std::string> names(const klab::ops::PartLogs& p) {
    std::vector<std::string> out;
    for (const auto& f : p.files) out.push_back(f.name);
    return out;
  }
  static bool noted(const klab::ops::PartLogs& p, const std::string& needle) {
    for (const auto& n : p.notes)
      if (n.find(needle) != std::string::npos) return true;
    return false;
  }
};

TEST_F(LogsExportBundle, WritesWhatTheInspectionReportsAndNotesWhatIsMissing) {
  using klab::lab::HostState;
  inspection_.domains["kube-master"] = {HostState::running, "<domain>lb</domain>"};
  inspection_.domains["kube-master3"] = {HostState::shut_off, "<domain>m3</domain>"};
  inspection_.foreign.insert("kube-master1");  // kube-master2: no domain at all
  inspection_.net = klab::lab::InspectedNetwork{true, true, true, "<network>n</network>"};
  inspection_.leases = {{"klab-ha", 1700000000, false, "52:54:00:4b:00:51", "192.168.49.151", 24, "kube-master1", ""}};
  const fs::path console = klab::lab::console_log_path(plan_.lab, "kube-master");
  fs::create_directories(console.parent_path());
  std::ofstream(console) << "boot\n";

  const klab::ops::LogsReport r = klab::ops::export_logs(plan_, inspection_, out_);

  EXPECT_EQ(r.network.state, "active");
  EXPECT_EQ(names(r.network),
            (std::vector<std::string>{"network/network.xml", "network/dhcp-leases.json", "network/status.json"}));
  EXPECT_EQ(read("network/network.xml"), "<network>n</network>");
  const auto status = nlohmann::json::parse(read("network/status.json"));
  EXPECT_EQ(status["dhcp_leases"], 1);
  EXPECT_EQ(status["autostart"], true);
  EXPECT_EQ(status["persistent"], true);
  EXPECT_EQ(status["name"], plan_.network.name);
  const auto leases = nlohmann::json::parse(read("network/dhcp-leases.json"));
  ASSERT_EQ(leases.size(), 1u);
  EXPECT_EQ(leases[0]["ipaddr"], "192.168.49.151");
  EXPECT_EQ(leases[0]["type"], "ipv4");
  EXPECT_EQ(leases[0]["expirytime"], 1700000000);

  ASSERT_EQ(r.hosts.size(), 4u);
  EXPECT_EQ(r.hosts[0].state, "running");
  EXPECT_EQ(names(r.hosts[0]), (std::vector<std::string>{"kube-master/domain.xml", "kube-master/console.log"}));
  EXPECT_EQ(read("kube-master/domain.xml"), "<domain>lb</domain>");
  EXPECT_EQ(read("kube-master/console.log"), "boot\n");
  EXPECT_EQ(r.hosts[1].state, "absent");
  EXPECT_TRUE(noted(r.hosts[1], "klab did not create it"));
  EXPECT_TRUE(noted(r.hosts[2], "no domain " + plan_.hosts[2].domain_name + " at " + plan_.hosts[2].uri));
  EXPECT_TRUE(noted(r.hosts[2], "no console log at"));
  EXPECT_EQ(r.hosts[3].state, "shut off");
  EXPECT_TRUE(noted(r.hosts[3], "guest logs not collected"));  // no lab keys here
  EXPECT_TRUE(fs::exists(out_ / "summary.txt"));
}

TEST_F(LogsExportBundle, AbsentInactiveAndUnreadableNetworksAreNotes) {
  EXPECT_EQ(klab::ops::export_logs(plan_, inspection_, out_).network.notes,
            std::vector<std::string>{"network " + plan_.network.name + " does not exist at " + plan_.uri});

  inspection_.net = klab::lab::InspectedNetwork{false, true, std::nullopt, "<network/>"};
  klab::ops::PartLogs net = klab::ops::export_logs(plan_, inspection_, out_).network;
  EXPECT_EQ(net.state, "inactive");
  EXPECT_EQ(net.notes, std::vector<std::string>{"network is not active: no DHCP leases"});
  EXPECT_FALSE(nlohmann::json::parse(read("network/status.json")).contains("autostart"));

  inspection_.net->active = true;
  inspection_.leases_fail = true;
  fs::remove_all(out_);
  net = klab::ops::export_logs(plan_, inspection_, out_).network;
  EXPECT_EQ(net.notes, std::vector<std::string>{"reading the DHCP leases of network " + plan_.network.name + ": boom"});
  EXPECT_FALSE(fs::exists(out_ / "network/dhcp-leases.json"));
  EXPECT_FALSE(nlohmann::json::parse(read("network/status.json")).contains("dhcp_leases"));
}

TEST_F(LogsExportBundle, AProviderWithoutInspectionIsAnError) {
  klab::lab::fakes::FakeProvider provider;  // inspection() is nullptr
  try {
    klab::ops::export_logs(plan_, provider, out_);
    FAIL() << "no error";
  } catch (const klab::Error& e) {
    EXPECT_EQ(e.kind(), klab::ErrorKind::infrastructure);
    EXPECT_NE(std::string(e.what()).find("provider fake cannot report its domains and networks"), std::string::npos);
  }
  EXPECT_FALSE(fs::exists(out_));
}

}  // namespace
