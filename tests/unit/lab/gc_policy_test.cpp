// klab gc's policy: what is a leftover this process may remove, and why anything else
// is skipped. Owner records are compared with the caller (uid, host name, lab directory
// under a private KLAB_STATE_DIR).
#include <gtest/gtest.h>

#include <filesystem>

#include "lab/gc_policy.hpp"
#include "lab/paths.hpp"
#include "support/private_dir.hpp"

namespace klab::lab {
namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

class GcPolicy : public ::testing::Test {
 protected:
  klab::testing::PrivateStateRoot root_{"klab-gc-test"};

  static LabOwner someone_else() { return {"0", "otherhost", "/root/.local/state/klab/x"}; }

  // A 2-host lab at test:///x created by `owner`, in the given states.
  static void add_lab(Inventory& inv, const std::string& lab, const LabOwner& owner,
                      HostState a = HostState::shut_off, HostState b = HostState::shut_off) {
    inv.domains.push_back({"klab-" + lab + "-a", lab, "a", a, owner, "SHA256:k"});
    inv.domains.push_back({"klab-" + lab + "-b", lab, "b", b, owner, "SHA256:k"});
    inv.networks.push_back({"klab-" + lab, lab, true, owner});
    inv.pools.push_back({"klab-" + lab, lab, true, {"klab-" + lab + "-a.qcow2"}});
  }

  static GcLab only(const Inventory& inv, const GcFlags& flags = {}) {
    std::vector<GcLab> labs = gc_candidates(inv, flags);
    EXPECT_EQ(labs.size(), 1u);
    return labs.empty() ? GcLab{} : labs.front();
  }
};

TEST_F(GcPolicy, OwnLabWhoseDirectoryIsGoneAndNothingRunsIsALeftover) {
  Inventory inv{"test:///x", {}, {}, {}};
  add_lab(inv, "mine", this_owner("mine"));
  const GcLab l = only(inv);
  EXPECT_EQ(l.ownership, GcOwnership::this_process);
  EXPECT_FALSE(l.has_state);
  EXPECT_TRUE(l.offered) << l.skip_reason;
  EXPECT_EQ(l.objects.size(), 5u);  // 2 domains, network, pool, volume
}

// The reported incident: another XDG_STATE_HOME saw someone's running lab as leftovers.
TEST_F(GcPolicy, AnotherOwnersRunningLabIsSkippedWithTheOwnerAndTheFlags) {
  Inventory inv{"test:///x", {}, {}, {}};
  add_lab(inv, "theirs", someone_else(), HostState::running, HostState::paused);
  GcLab l = only(inv);
  EXPECT_EQ(l.ownership, GcOwnership::other);
  EXPECT_FALSE(l.offered);
  EXPECT_EQ(l.skip_reason,
            "owned by uid 0 on host otherhost, state dir /root/.local/state/klab/x, pass --all; "
            "2 domain(s) running (klab-theirs-a, klab-theirs-b), pass --include-running");
  // --all alone does not take running domains; both flags do, and say what they included.
  EXPECT_FALSE(only(inv, {true, false}).offered);
  EXPECT_TRUE(contains(only(inv, {true, false}).skip_reason, "pass --include-running"));
  EXPECT_FALSE(contains(only(inv, {true, false}).skip_reason, "pass --all"));
  l = only(inv, {true, true});
  EXPECT_TRUE(l.offered);
  EXPECT_TRUE(contains(l.included, "owned by uid 0 on host otherhost")) << l.included;
  EXPECT_TRUE(contains(l.included, "(--include-running)")) << l.included;
}

TEST_F(GcPolicy, SameUserWithAnotherStateDirectoryIsAnotherOwner) {
  Inventory inv{"test:///x", {}, {}, {}};
  LabOwner other_dir = this_owner("l");
  other_dir.state_dir = "/home/someone/.local/state/klab/l";
  add_lab(inv, "l", other_dir);
  const GcLab l = only(inv);
  EXPECT_EQ(l.ownership, GcOwnership::other);
  EXPECT_FALSE(l.offered);
  EXPECT_TRUE(contains(l.skip_reason, "state dir /home/someone/.local/state/klab/l, pass --all")) << l.skip_reason;
}

TEST_F(GcPolicy, ObjectsWithoutAnOwnerRecordAreOwnerUnknown) {
  Inventory inv{"test:///x", {}, {}, {}};
  add_lab(inv, "old", LabOwner{});
  GcLab l = only(inv);
  EXPECT_EQ(l.ownership, GcOwnership::unknown);
  EXPECT_FALSE(l.offered);
  EXPECT_TRUE(contains(l.skip_reason, "owner unknown")) << l.skip_reason;
  EXPECT_TRUE(only(inv, {true, false}).offered);
  // One record of the caller's next to an unknown one does not make it the caller's.
  inv.networks[0].owner = this_owner("old");
  EXPECT_EQ(only(inv).ownership, GcOwnership::unknown);
}

TEST_F(GcPolicy, OneForeignRecordMakesTheLabAnotherOwners) {
  Inventory inv{"test:///x", {}, {}, {}};
  add_lab(inv, "mixed", this_owner("mixed"));
  inv.networks[0].owner = someone_else();
  EXPECT_EQ(only(inv).ownership, GcOwnership::other);
  EXPECT_FALSE(only(inv).offered);
}

TEST_F(GcPolicy, APoolAloneIsSkippedAsItRecordsNoOwner) {
  Inventory inv{"test:///x", {}, {}, {}};
  inv.pools.push_back({"klab-kept", "kept", true, {"klab-kept-base-debian-12.qcow2"}});
  const GcLab l = only(inv);
  EXPECT_TRUE(l.only_pool);
  EXPECT_FALSE(l.offered);
  EXPECT_TRUE(contains(l.skip_reason, "only its storage pool is left")) << l.skip_reason;
  EXPECT_TRUE(contains(l.skip_reason, "pass --all")) << l.skip_reason;
}

TEST_F(GcPolicy, OwnLabWithItsDirectoryIsInUse) {
  Inventory inv{"test:///x", {}, {}, {}};
  add_lab(inv, "used", this_owner("used"));
  std::filesystem::create_directories(lab_dir("used"));
  const GcLab l = only(inv);
  EXPECT_TRUE(l.has_state);
  EXPECT_FALSE(l.offered);
  EXPECT_EQ(l.skip_reason, "in use: its lab directory " + lab_dir("used").string() +
                               " exists (use `klab down`), pass --all");
}

TEST_F(GcPolicy, OwnLeftoverWithAPausedDomainCountsAsRunning) {
  Inventory inv{"test:///x", {}, {}, {}};
  add_lab(inv, "p", this_owner("p"), HostState::paused);
  const GcLab l = only(inv);
  EXPECT_EQ(l.running, std::vector<std::string>{"klab-p-a"});
  EXPECT_FALSE(l.offered);
  EXPECT_TRUE(only(inv, {false, true}).offered);
}

TEST_F(GcPolicy, LabsAreDecidedOneByOne) {
  Inventory inv{"test:///x", {}, {}, {}};
  add_lab(inv, "a-mine", this_owner("a-mine"));
  add_lab(inv, "b-theirs", someone_else());
  const std::vector<GcLab> labs = gc_candidates(inv, {});
  ASSERT_EQ(labs.size(), 2u);
  EXPECT_EQ(labs[0].lab, "a-mine");
  EXPECT_TRUE(labs[0].offered);
  EXPECT_EQ(labs[1].lab, "b-theirs");
  EXPECT_FALSE(labs[1].offered);
  EXPECT_EQ(labs[1].uri, "test:///x");
}

}  // namespace
}  // namespace klab::lab
