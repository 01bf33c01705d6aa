// `klab down` in-process against the test driver: the lab directory (keys, CA, records)
// goes only with the lab; a down that finds nothing says so and keeps it.
#include <filesystem>
#include <fstream>

#include "cli_run.hpp"
#include "lab/lab_state.hpp"
#include "lab/paths.hpp"
#include "libvirt_fixture.hpp"

namespace klab::testing {
namespace {

namespace fs = std::filesystem;

class LabDown : public LibvirtTest {
 protected:
  // What `up` and `deploy` leave in a lab directory, the state record at `recorded_uri`.
  fs::path fill_lab_dir(const std::string& lab, const std::string& recorded_uri) {
    const fs::path dir = lab::lab_dir(lab);
    for (const char* sub : {"ssh", "pki", "state", "seeds"}) fs::create_directories(dir / sub);
    std::ofstream(dir / "ssh" / "id_ed25519") << "key";
    std::ofstream(dir / "pki" / "ca.crt") << "ca";
    std::ofstream(dir / "state" / "etcd.json") << "{}";
    lab::save_lab_state(plan(lab));  // records the fixture's URI...
    if (recorded_uri != kTestUri) {  // ...or, as if created elsewhere, another one
      lab::Plan elsewhere = sample_plan(lab, recorded_uri);
      lab::save_lab_state(elsewhere);
    }
    return dir;
  }
  fs::path topology(const std::string& lab, const std::string& uri) {
    return write_topology(state_dir_ / (lab + ".yaml"), lab, uri);
  }
};

// The incident: down with a topology naming another URI than the lab's removed its keys
// while its VMs kept running, unreachable.
TEST_F(LabDown, FindingNothingAtAnotherUriKeepsTheLabDirectoryAndSaysSo) {
  const fs::path dir = fill_lab_dir("dwu", "qemu:///system");
  const CliResult r = run_cli({"-f", topology("dwu", kTestUri).string(), "down"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(r.says("nothing to remove at URI test:///default for lab dwu; the lab directory " + dir.string() +
                     " is kept: lab dwu was created at qemu:///system: run `klab down` with the topology that "
                     "created it")) << r.out;
  EXPECT_TRUE(fs::exists(dir / "ssh" / "id_ed25519"));
  EXPECT_TRUE(fs::exists(dir / "state" / "etcd.json"));
  EXPECT_TRUE(fs::exists(dir / "state.json"));
}

TEST_F(LabDown, WithoutARecordFindingNothingKeepsTheLabDirectory) {
  const fs::path dir = lab::lab_dir("dwn");
  fs::create_directories(dir / "ssh");
  std::ofstream(dir / "ssh" / "id_ed25519") << "key";
  const CliResult r = run_cli({"-f", topology("dwn", kTestUri).string(), "down"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(r.says("the lab directory " + dir.string() + " is kept: it records no libvirt URI")) << r.out;
  EXPECT_TRUE(fs::exists(dir / "ssh" / "id_ed25519"));
}

TEST_F(LabDown, RemovesTheLabAndItsDirectoryButKeepsThePkiUntilPurge) {
  lab::Plan p = plan("dwr");
  build_lab(p);
  const fs::path dir = fill_lab_dir("dwr", kTestUri);
  const fs::path topo = topology("dwr", kTestUri);
  CliResult r = run_cli({"-f", topo.string(), "down"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(r.says("removed domain klab-dwr-kube-master2")) << r.out;
  EXPECT_TRUE(r.says("lab dwr removed from test:///default; removed the lab directory " + dir.string() +
                     " except its PKI")) << r.out;
  EXPECT_TRUE(provider_->list_owned(kTestUri, "dwr").empty());
  EXPECT_TRUE(fs::exists(dir / "pki" / "ca.crt"));
  for (const char* gone : {"ssh", "state", "seeds", "state.json", "console"}) EXPECT_FALSE(fs::exists(dir / gone)) << gone;

  // Only the PKI is left: a later --purge takes it, although there is no record any more.
  r = run_cli({"-f", topo.string(), "down", "--purge"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(r.says("nothing to remove at URI test:///default for lab dwr; removed the lab directory")) << r.out;
  EXPECT_FALSE(fs::exists(dir));
}

TEST_F(LabDown, RecordedUriWithNothingLeftRemovesTheDirectory) {
  // `up` failed after recording the lab, before creating anything.
  const fs::path dir = fill_lab_dir("dwe", kTestUri);
  const CliResult r = run_cli({"-f", topology("dwe", kTestUri).string(), "down", "--purge"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(r.says("nothing to remove at URI test:///default for lab dwe; removed the lab directory " +
                     dir.string() + "\n")) << r.out;
  EXPECT_FALSE(fs::exists(dir));
}

TEST_F(LabDown, KeepStateKeepsEverything) {
  lab::Plan p = plan("dwk");
  build_lab(p);
  const fs::path dir = fill_lab_dir("dwk", kTestUri);
  const CliResult r = run_cli({"-f", topology("dwk", kTestUri).string(), "down", "--keep-state"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(r.says("is kept: --keep-state")) << r.out;
  EXPECT_TRUE(fs::exists(dir / "ssh" / "id_ed25519"));
  EXPECT_TRUE(provider_->list_owned(kTestUri, "dwk").empty());
}

TEST(LabDownFlags, PurgeAndKeepStateContradict) {
  EXPECT_EQ(run_cli({"--preset", "single", "down", "--purge", "--keep-state"}).code, 64);
}

}  // namespace
}  // namespace klab::testing
