// The built-in scenario files: embedded copies equal the files on disk, all parse, and
// the catalog finds them by name.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "base/error.hpp"
#include "scenarios/builtin_scenarios.hpp"
#include "scenarios/catalog.hpp"
#include "scenarios/scenario_parse.hpp"
#include "support/private_dir.hpp"

namespace klab::scenarios {
namespace {

namespace fs = std::filesystem;
const fs::path builtin_dir = fs::path(KLAB_SOURCE_DIR) / "scenarios" / "builtin";

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(BuiltinScenarios, EmbeddedCopiesEqualTheFilesOnDisk) {
  std::set<std::string> on_disk;
  for (const auto& e : fs::directory_iterator(builtin_dir))
    if (e.path().extension() == ".yaml") on_disk.insert(e.path().filename().string());
  std::set<std::string> embedded;
  for (const BuiltinScenario& b : builtin_scenarios()) {
    embedded.insert(std::string(b.file));
    EXPECT_EQ(std::string(b.text), slurp(builtin_dir / std::string(b.file)))
        << b.file << " differs from its embedded copy: rebuild";
  }
  EXPECT_EQ(embedded, on_disk) << "re-run cmake";
}

TEST(BuiltinScenarios, AllParseAndAreNamedAfterTheirFile) {
  for (const BuiltinScenario& b : builtin_scenarios()) {
    const Scenario s = parse_scenario(std::string(b.text), std::string(b.file));
    EXPECT_EQ(s.name + ".yaml", std::string(b.file));
    EXPECT_FALSE(s.cases.empty());
  }
}

TEST(BuiltinScenarios, TheIssuesScenariosAndCasesExist) {
  const auto catalog = load_catalog();
  const auto rejoin = select_scenarios(catalog, {"etcd-rejoin"}).front();
  std::set<std::string> cases;
  for (const Case& c : rejoin.cases) cases.insert(c.name);
  for (const char* sub : {"a", "b", "c", "d"})
    for (const char* who : {"follower", "leader"}) {
      bool found = false;
      for (const auto& name : cases) found = found || (name.rfind(std::string(sub) + "-", 0) == 0 && name.find(who) != std::string::npos);
      EXPECT_TRUE(found) << "etcd-rejoin lacks sub-case " << sub << " for the " << who;
    }
  for (const char* name : {"etcd-leader-loss", "lb-failover", "master-partition", "master-reboot", "lab-cold-restart",
                           "etcd-quorum-restore"})
    EXPECT_EQ(select_scenarios(catalog, {name}).size(), 1u);
}

TEST(BuiltinScenarios, UnknownNameSuggestsTheClosest) {
  try {
    select_scenarios(load_catalog(), {"etcd-rejion"});
    FAIL() << "expected a usage error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::usage);
    EXPECT_NE(std::string(e.what()).find("did you mean 'etcd-rejoin'"), std::string::npos) << e.what();
  }
}

TEST(BuiltinScenarios, UserDirectoryAddsScenariosAndRejectsClashes) {
  const fs::path dir = klab::testing::make_private_dir("klab-scn");
  std::ofstream(dir / "mine.yaml") << "name: mine\ndescription: d\nexpected: e\ncases:\n"
                                      "  - {name: a, target: all, fault: {type: reset}, heal: none}\n";
  EXPECT_EQ(select_scenarios(load_catalog({dir}), {"mine"}).front().source, (dir / "mine.yaml").string());
  std::ofstream(dir / "zz.yaml") << "name: lb-failover\ndescription: d\nexpected: e\ncases:\n"
                                    "  - {name: a, target: all, fault: {type: reset}, heal: none}\n";
  EXPECT_THROW(load_catalog({dir}), Error);
  std::ofstream(dir / "zz.yaml") << "name: broken\n";
  EXPECT_THROW(load_catalog({dir}), lab::ConfigError);
  fs::remove_all(dir);
  EXPECT_THROW(load_catalog({dir}), Error);
}

}  // namespace
}  // namespace klab::scenarios
