// Topology parsing and validation: every class of bad input is a fixture file under
// tests/fixtures/topology/invalid-*.yaml whose first line says which error it must
// produce (`# expect: LINE:COL FIELD: MESSAGE-PREFIX`); valid-*.yaml must load.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>

#include "lab/presets.hpp"
#include "lab/topology.hpp"

namespace fs = std::filesystem;
using namespace klab::lab;

namespace {

std::vector<std::string> fixtures(const std::string& prefix) {
  std::vector<std::string> out;
  for (const auto& entry : fs::directory_iterator(fs::path(KLAB_FIXTURES_DIR) / "topology"))
    if (entry.path().filename().string().rfind(prefix, 0) == 0) out.push_back(entry.path().string());
  std::sort(out.begin(), out.end());
  return out;
}

struct Expectation {
  int line = 0, column = 0;
  std::string field, message;
};

Expectation read_expectation(const std::string& path) {
  std::ifstream in(path);
  std::string first;
  std::getline(in, first);
  std::smatch m;
  const std::regex re(R"(^# expect: (\d+):(\d+) ([^:]*): (.*)$)");
  if (!std::regex_match(first, m, re)) throw std::runtime_error(path + ": no '# expect:' line");
  return {std::stoi(m[1]), std::stoi(m[2]), m[3], m[4]};
}

std::string test_name(const testing::TestParamInfo<std::string>& info) {
  std::string name = fs::path(info.param).stem().string();
  for (char& c : name) if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  return name;
}

class InvalidTopology : public testing::TestWithParam<std::string> {};

TEST_P(InvalidTopology, IsRejectedNamingLineColumnAndField) {
  const Expectation want = read_expectation(GetParam());
  try {
    load_topology_file(GetParam());
    FAIL() << "accepted an invalid topology";
  } catch (const ConfigError& e) {
    EXPECT_EQ(e.kind(), klab::ErrorKind::usage);
    bool found = false;
    for (const auto& d : e.diagnostics()) {
      if (d.field != want.field || d.message.rfind(want.message, 0) != 0) continue;
      found = true;
      EXPECT_EQ(d.pos.file, GetParam());
      EXPECT_EQ(d.pos.line, want.line) << d.str();
      EXPECT_EQ(d.pos.column, want.column) << d.str();
    }
    EXPECT_TRUE(found) << "expected '" << want.field << ": " << want.message << "' in:\n" << e.what();
  }
}

INSTANTIATE_TEST_SUITE_P(Fixtures, InvalidTopology, testing::ValuesIn(fixtures("invalid-")),
                         test_name);

class ValidTopology : public testing::TestWithParam<std::string> {};

TEST_P(ValidTopology, Loads) { EXPECT_NO_THROW(load_topology_file(GetParam())); }

INSTANTIATE_TEST_SUITE_P(Fixtures, ValidTopology, testing::ValuesIn(fixtures("valid-")), test_name);

TEST(Topology, AllProblemsAreReportedAtOnce) {
  const std::string yaml =
      "name: ha\n"
      "hostz: 1\n"
      "network: {subnet: 192.168.49.0/24, vip: 192.168.49.151}\n"
      "hosts:\n"
      "  - {name: a, role: master, ip: 192.168.49.151, memory: 2G}\n"
      "  - {name: a, role: mastr, ip: 10.0.0.1}\n";
  try {
    parse_topology(yaml, "t.yaml");
    FAIL();
  } catch (const ConfigError& e) {
    std::set<std::string> fields;
    for (const auto& d : e.diagnostics()) fields.insert(d.field);
    EXPECT_EQ(fields, (std::set<std::string>{"hostz", "hosts[0].memory", "hosts[1].role",
                                              "hosts[1].ip", "hosts[1].name", "network.vip"}))
        << e.what();
  }
}

TEST(Topology, MissingFileIsAConfigErrorNamingThePath) {
  try {
    load_topology_file("/nonexistent/klab.yaml");
    FAIL();
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent/klab.yaml"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("klab init"), std::string::npos);
  }
}

TEST(Topology, EvenMasterCountIsAllowedWithAWarning) {
  std::vector<Diagnostic> warnings;
  const Topology t = load_topology_file(
      (fs::path(KLAB_FIXTURES_DIR) / "topology" / "valid-even-masters.yaml").string(), &warnings);
  EXPECT_EQ(t.count(Role::master), 2);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(warnings[0].field, "hosts");
  EXPECT_NE(warnings[0].message.find("even etcd member count"), std::string::npos);
}

TEST(Topology, DefaultsAndOverridesApply) {
  const Topology t = load_topology_file(
      (fs::path(KLAB_FIXTURES_DIR) / "topology" / "valid-even-masters.yaml").string());
  EXPECT_EQ(t.hosts[0].resources.memory_mib, 1024);
  EXPECT_EQ(t.hosts[1].resources.memory_mib, 1536);
  EXPECT_EQ(t.hosts[0].resources.vcpus, 1);
  EXPECT_EQ(t.hosts[0].resources.disk_gib, 8);
  EXPECT_EQ(t.hosts[2].uri.value_or(""), "qemu+ssh://other/system");
  EXPECT_EQ(t.hosts[2].mac.value_or(""), "52:54:00:12:34:56");
  EXPECT_EQ(t.network.gateway.str(), "10.21.0.1");  // default: first usable address
  EXPECT_EQ(t.network.domain, "lab.test");
}

TEST(Topology, HaPresetIsTheSeedLab) {
  const Topology t = parse_topology(find_preset("ha")->yaml, "preset:ha");
  ASSERT_EQ(t.hosts.size(), 4u);
  EXPECT_EQ(t.name, "ha");
  EXPECT_EQ(t.hosts[0].name, "kube-master");
  EXPECT_EQ(t.hosts[0].role, Role::lb);
  EXPECT_EQ(t.hosts[0].ip.str(), "192.168.49.150");
  for (int i = 1; i <= 3; ++i) {
    EXPECT_EQ(t.hosts[i].name, "kube-master" + std::to_string(i));
    EXPECT_EQ(t.hosts[i].role, Role::master);
    EXPECT_EQ(t.hosts[i].ip.str(), "192.168.49.15" + std::to_string(i));
  }
  EXPECT_EQ(t.network.vip->str(), "192.168.49.160");
  EXPECT_EQ(t.network.gateway.str(), "192.168.49.1");
}

TEST(Topology, SinglePresetHasOneMasterNoLbNoVip) {
  const Topology t = parse_topology(find_preset("single")->yaml, "preset:single");
  ASSERT_EQ(t.hosts.size(), 1u);
  EXPECT_EQ(t.hosts[0].role, Role::master);
  EXPECT_EQ(t.count(Role::lb), 0);
  EXPECT_FALSE(t.network.vip.has_value());
}

}  // namespace
