// The CLI driven in-process through klab::cli::run: exit codes, messages, outputs.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli/commands.hpp"
#include "unit/cli/run_klab.hpp"
#include "support/private_dir.hpp"

namespace fs = std::filesystem;

namespace {

using Result = klab::testing::CliResult;

Result klab(std::vector<std::string> args) { return klab::testing::run_klab(std::move(args)); }

class TempDir : public testing::Test {
 protected:
  void SetUp() override {
    dir_ = klab::testing::make_private_dir("klab-cli-test");
    old_ = fs::current_path();
    fs::current_path(dir_);
  }
  void TearDown() override {
    fs::current_path(old_);
    fs::remove_all(dir_);
  }
  fs::path dir_, old_;
};

// Exceptions that are not klab::Error still end in one line and exit 2, not abort (134).
TEST(Cli, AForeignExceptionIsOneLineAndExitTwo) {
  std::ostringstream err;
  const fs::filesystem_error fs_error("cannot create directory", fs::path("/state/lab"),
                                      std::make_error_code(std::errc::read_only_file_system));
  EXPECT_EQ(klab::cli::report_foreign_exception(std::make_exception_ptr(fs_error), err), 2);
  EXPECT_NE(err.str().find("klab: error: filesystem error: cannot create directory"), std::string::npos) << err.str();
  EXPECT_NE(err.str().find("/state/lab"), std::string::npos) << err.str();
  err.str("");
  EXPECT_EQ(klab::cli::report_foreign_exception(std::make_exception_ptr(std::bad_alloc()), err), 2);
  EXPECT_EQ(err.str(), "klab: error: out of memory\n");
  err.str("");
  EXPECT_EQ(klab::cli::report_foreign_exception(std::make_exception_ptr(42), err), 2);
  EXPECT_EQ(err.str(), "klab: error: internal error: unknown exception\n");
}

TEST(Cli, VersionPrintsKlabAndLibvirtVersions) {
  const Result r = klab({"version"});
  EXPECT_EQ(r.code, 0);
  EXPECT_EQ(r.out.rfind("klab " KLAB_VERSION " (libvirt ", 0), 0u) << r.out;
}

TEST(Cli, UnknownCommandSuggestsTheClosestOne) {
  const Result r = klab({"plna"});
  EXPECT_EQ(r.code, 64);
  EXPECT_NE(r.err.find("unknown command 'plna' (did you mean 'plan'?)"), std::string::npos) << r.err;
}

TEST(Cli, NoCommandIsAUsageError) {
  const Result r = klab({});
  EXPECT_EQ(r.code, 64);
  EXPECT_NE(r.err.find("no command given"), std::string::npos);
}

TEST(Cli, BadOutputFormatIsAUsageError) {
  EXPECT_EQ(klab({"plan", "--output", "xml"}).code, 64);
}

TEST(Cli, HelpListsCommandsAndExitCodes) {
  const Result r = klab({"--help"});
  EXPECT_EQ(r.code, 0);
  for (const char* word : {"version", "init", "plan", "Exit codes"})
    EXPECT_NE(r.out.find(word), std::string::npos) << word;
}

TEST(Cli, PlanJsonHasHostsWithTheDocumentedKeys) {
  const Result r = klab({"plan", "--preset", "ha", "--output", "json"});
  ASSERT_EQ(r.code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j["hosts"].size(), 4u);
  EXPECT_EQ(j["hosts"][1]["name"], "kube-master1");
  EXPECT_EQ(j["hosts"][1]["fqdn"], "kube-master1.example.com");
  EXPECT_EQ(j["hosts"][1]["role"], "master");
  EXPECT_EQ(j["hosts"][1]["ip"], "192.168.49.151");
  EXPECT_TRUE(j["hosts"][1]["mac"].get<std::string>().rfind("52:54:00:", 0) == 0);
}

TEST(Cli, PlanOfAnInvalidFileExits64WithEveryProblem) {
  const Result r = klab({"plan", "-f", KLAB_FIXTURES_DIR "/topology/invalid-duplicate-ip.yaml"});
  EXPECT_EQ(r.code, 64);
  EXPECT_NE(r.err.find("invalid-duplicate-ip.yaml:6:34: hosts[1].ip: duplicate address"),
            std::string::npos)
      << r.err;
  EXPECT_TRUE(r.out.empty());
}

// Deploy's Kubernetes ranges are fixed settings, not topology: plan checks the subnet
// against them and names the line of network.subnet, not only deploy.
TEST(Cli, PlanRefusesASubnetInsideTheKubernetesRangesAtItsLine) {
  Result r = klab({"plan", "-f", KLAB_FIXTURES_DIR "/topology/settings-conflict-pod-cidr.yaml"});
  EXPECT_EQ(r.code, 64);
  EXPECT_NE(r.err.find("settings-conflict-pod-cidr.yaml:5:11: network.subnet: 10.244.3.0/24 overlaps "
                       "kubernetes.pod_cidr"),
            std::string::npos)
      << r.err;
  EXPECT_TRUE(r.out.empty());
  r = klab({"plan", "-f", KLAB_FIXTURES_DIR "/topology/settings-conflict-service-cidr.yaml"});
  EXPECT_EQ(r.code, 64);
  EXPECT_NE(r.err.find("settings-conflict-service-cidr.yaml:4:19: network.subnet: 10.0.0.0/8 overlaps "
                       "kubernetes.service_cidr"),
            std::string::npos)
      << r.err;
}

TEST(Cli, PlanRefusesALoopbackSubnetAndAReservedHostName) {
  for (const char* fixture : {"invalid-subnet-loopback.yaml", "invalid-host-name-vip.yaml"}) {
    const Result r = klab({"plan", "-f", std::string(KLAB_FIXTURES_DIR "/topology/") + fixture});
    EXPECT_EQ(r.code, 64) << fixture;
    EXPECT_NE(r.err.find(std::string(fixture) + ":"), std::string::npos) << r.err;
  }
}

TEST(Cli, FileAndPresetTogetherAreRefused) {
  const Result r = klab({"plan", "--preset", "ha", "-f", "x.yaml"});
  EXPECT_EQ(r.code, 64);
  EXPECT_NE(r.err.find("either --file or --preset"), std::string::npos);
}

TEST(Cli, UnknownPresetNamesTheChoices) {
  const Result r = klab({"plan", "--preset", "hq"});
  EXPECT_EQ(r.code, 64);
  EXPECT_NE(r.err.find("ha, single"), std::string::npos);
}

TEST_F(TempDir, InitWritesALoadableFileAndRefusesToOverwrite) {
  Result r = klab({"init", "--preset", "single"});
  ASSERT_EQ(r.code, 0) << r.err;
  ASSERT_TRUE(fs::exists("klab.yaml"));
  // The written file is picked up by default and describes the single preset.
  r = klab({"plan", "--output", "json"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(nlohmann::json::parse(r.out)["name"], "single");

  { std::ofstream("klab.yaml") << "name: mine\n"; }
  r = klab({"init"});
  EXPECT_EQ(r.code, 64);
  EXPECT_NE(r.err.find("already exists"), std::string::npos);
  std::ifstream in("klab.yaml");
  std::string content((std::istreambuf_iterator<char>(in)), {});
  EXPECT_EQ(content, "name: mine\n");  // untouched
}

}  // namespace
