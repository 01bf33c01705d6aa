// `klab gc` in-process against the test driver: who created a lab decides whether it is
// a leftover; nobody's running lab is removed because this process lacks its directory.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>

#include "cli_run.hpp"
#include "libvirt_fixture.hpp"
#include "support/private_dir.hpp"

namespace klab::testing {
namespace {

namespace fs = std::filesystem;

// The incident: a lab created (and running) under one state root; gc run with another.
TEST_F(LibvirtTest, GcUnderAnotherStateRootSkipsTheRunningLabOfItsOwner) {
  lab::Plan p = plan("gco");
  build_lab(p);
  for (const auto& h : p.hosts) provider_->start(h);
  const std::string owner = lab::this_owner("gco").describe();
  PrivateStateRoot elsewhere("klab-it-gc-elsewhere");  // another XDG_STATE_HOME: no lab dir here

  CliResult r = run_cli({"gc", "--uri", kTestUri, "--yes"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(r.says("skipped lab gco at test:///default: owned by " + owner + ", pass --all; "
                     "4 domain(s) running")) << r.out;
  EXPECT_TRUE(r.says("pass --include-running")) << r.out;
  EXPECT_FALSE(r.says("removed domain")) << r.out;
  r = run_cli({"gc", "--uri", kTestUri, "--yes", "--all"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_FALSE(r.says("removed domain")) << r.out;
  EXPECT_EQ(provider_->list_owned(kTestUri, "gco").domains.size(), 4u);
  for (const auto& h : p.hosts) EXPECT_EQ(provider_->state(h), lab::HostState::running) << h.name;

  // Both flags, explicitly: then it goes.
  r = run_cli({"gc", "--uri", kTestUri, "--yes", "--all", "--include-running"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(r.says("lab gco at test:///default: included: owned by " + owner)) << r.out;
  EXPECT_TRUE(provider_->list_owned(kTestUri, "gco").empty());
}

TEST_F(LibvirtTest, GcRemovesOnlyThisUsersLeftoverWhoseDirectoryIsGone) {
  lab::Plan mine = plan("gcl");
  lab::Plan used = plan("gcu", "10.60.0.0/24");
  build_lab(mine);
  build_lab(used);
  fs::remove_all(state_dir_ / "gcl");  // the lab directory of `gcl` was lost; `gcu` keeps its own
  ASSERT_TRUE(fs::exists(state_dir_ / "gcu"));

  CliResult r = run_cli({"gc", "--uri", kTestUri});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(r.says("lab gcl at test:///default: leftover (created by " + lab::this_owner("gcl").describe())) << r.out;
  EXPECT_TRUE(r.says("skipped lab gcu at test:///default: in use: its lab directory " +
                     (state_dir_ / "gcu").string() + " exists")) << r.out;
  EXPECT_TRUE(r.says("nothing removed")) << r.out;
  EXPECT_FALSE(provider_->list_owned(kTestUri, "gcl").empty());

  r = run_cli({"gc", "--uri", kTestUri, "--yes"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(r.says("removed domain klab-gcl-kube-master1")) << r.out;
  EXPECT_TRUE(provider_->list_owned(kTestUri, "gcl").empty());
  EXPECT_EQ(provider_->list_owned(kTestUri, "gcu").domains.size(), 4u);
}

TEST_F(LibvirtTest, GcJsonSaysWhoOwnsEachLabAndWhyItWasSkipped) {
  lab::Plan p = plan("gcj");
  build_lab(p);
  provider_->start(p.hosts[0]);
  const CliResult r = run_cli({"gc", "--uri", kTestUri, "--output", "json"});
  ASSERT_EQ(r.code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  const auto& labs = j.at("labs");
  auto it = std::find_if(labs.begin(), labs.end(), [](const auto& l) { return l.at("lab") == "gcj"; });
  ASSERT_NE(it, labs.end()) << r.out;
  EXPECT_EQ(it->at("ownership"), "this");
  EXPECT_EQ(it->at("owner").at("state_dir"), (state_dir_ / "gcj").string());
  EXPECT_EQ(it->at("running"), nlohmann::json::array({"klab-gcj-kube-master"}));
  EXPECT_FALSE(it->at("offered").get<bool>());
  EXPECT_NE(it->at("skipped").get<std::string>().find("pass --include-running"), std::string::npos);
}

TEST(LabGc, IncludeRunningWithoutYesIsAUsageError) {
  EXPECT_EQ(run_cli({"gc", "--include-running"}).code, 64);
}

}  // namespace
}  // namespace klab::testing
