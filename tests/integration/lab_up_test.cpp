// `klab up`'s reconcile steps against the test driver: what a killed scenario, snapshot
// or restore leaves (paused hosts, links set down), and running hosts whose lab key this
// lab directory no longer has.
#include <chrono>

#include <filesystem>
#include <fstream>

#include "cli_run.hpp"
#include "images/manifest.hpp"
#include "images/sha256.hpp"
#include "ops/lab_up.hpp"
#include "lab/paths.hpp"
#include "libvirt_fixture.hpp"

namespace klab::testing {
namespace {

using lab::HostState;

TEST_F(LibvirtTest, PowerUpResumesPausedHostsAndStartsStoppedOnes) {
  lab::Plan p = plan("upp");
  build_lab(p);
  provider_->start(p.hosts[0]);    // running
  provider_->start(p.hosts[1]);
  provider_->suspend(p.hosts[1]);  // paused by a killed suspend fault or snapshot
  provider_->start(p.hosts[2]);
  provider_->destroy(p.hosts[2]);  // off
  std::vector<ops::HostUp> ups(3);
  for (int i = 0; i < 3; ++i) ops::power_up(p.hosts[i], *provider_, ups[i]);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(provider_->state(p.hosts[i]), HostState::running) << p.hosts[i].name;
  EXPECT_FALSE(ups[0].started || ups[0].resumed);
  EXPECT_TRUE(ups[1].resumed);
  EXPECT_FALSE(ups[1].started);
  EXPECT_TRUE(ups[2].started);
  EXPECT_FALSE(ups[2].resumed);
}

// The test driver cannot change a link (no virDomainUpdateDeviceFlags; the e2e test sets
// one down on a real daemon), so this checks the half it can: setting an up link up is
// nothing to do, as `up` does for every host that kept running.
TEST_F(LibvirtTest, SettingAnUpLinkUpIsNothingToDo) {
  lab::Plan p = plan("upl");
  build_lab(p);
  provider_->start(p.hosts[0]);
  EXPECT_NO_THROW(provider_->set_link(p.hosts[0], true));
  expect_error([&] { provider_->set_link(p.hosts[0], false); }, "setting the link of host kube-master down");
}

TEST_F(LibvirtTest, RunningHostsWithAnotherLabKeyAreNamedAtOnce) {
  lab::Plan p = plan("upk");
  build_lab(p, "SHA256:old");
  provider_->start(p.hosts[1]);
  provider_->start(p.hosts[2]);
  provider_->suspend(p.hosts[2]);  // paused counts as running
  try {
    ops::check_lab_key(p, *provider_, "SHA256:new", "/s/upk/ssh/id_ed25519");
    ADD_FAILURE() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::infrastructure);
    EXPECT_EQ(std::string(e.what()),
              "host(s) kube-master1, kube-master2 of lab upk are running with a lab SSH key this lab directory does "
              "not have (they were created with SHA256:old; /s/upk/ssh/id_ed25519 is SHA256:new): the lab "
              "directory was lost or its keys regenerated, so klab cannot log in to them. Recreate the lab: "
              "`klab -f test down`, then `klab -f test up`");
  }
  EXPECT_NO_THROW(ops::check_lab_key(p, *provider_, "SHA256:old", "k"));
  // Stopped hosts boot with the new seed: nothing to say about them.
  provider_->destroy(p.hosts[1]);
  provider_->destroy(p.hosts[2]);
  EXPECT_NO_THROW(ops::check_lab_key(p, *provider_, "SHA256:new", "k"));
}

TEST_F(LibvirtTest, HostsOfAKlabThatRecordedNoKeyAreNotJudged) {
  lab::Plan p = plan("upn");
  build_lab(p);  // no lab key recorded
  provider_->start(p.hosts[0]);
  EXPECT_NO_THROW(ops::check_lab_key(p, *provider_, "SHA256:new", "k"));
}

// Through the command: the lab directory is gone, `up` makes new keys and must stop at
// once with the advice, before touching anything, instead of waiting for SSH.
TEST_F(LibvirtTest, UpWithALostLabDirectoryExits2AtOnceAndSaysHowToRecreate) {
  lab::Plan p = plan("upx");
  build_lab(p, "SHA256:the-lost-key");
  for (const auto& h : p.hosts) provider_->start(h);
  const auto topo = write_topology(state_dir_ / "upx.yaml", "upx", kTestUri);
  const auto started = std::chrono::steady_clock::now();
  const CliResult r = run_cli({"-f", topo.string(), "up", "--ssh-timeout", "600"});
  EXPECT_EQ(r.code, 2) << r.out << r.err;
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(60));
  EXPECT_TRUE(r.says("host(s) kube-master, kube-master1, kube-master2, kube-master3 of lab upx are running with a "
                     "lab SSH key this lab directory does not have (they were created with SHA256:the-lost-key; " +
                     (lab::lab_dir("upx") / "ssh" / "id_ed25519").string())) << r.err;
  EXPECT_TRUE(r.says("Recreate the lab: `klab -f " + topo.string() + " down`, then `klab -f " + topo.string() + " up`"))
      << r.err;
  for (const auto& h : p.hosts) EXPECT_EQ(provider_->state(h), HostState::running);
}

// A cached image whose disk changed after it was made (one byte, same size): `up`
// refuses it naming the file, exit 2, before anything exists in libvirt.
TEST_F(LibvirtTest, UpRefusesATamperedImageBeforeCreatingAnything) {
  const std::filesystem::path cache = make_private_dir("klab-it-cache");
  ScopedEnv cache_env("KLAB_CACHE_DIR", cache.string());
  const std::filesystem::path dir = lab::image_dir("debian-12");
  std::filesystem::create_directories(dir);
  images::Manifest m;
  m.name = "debian-12";
  m.format = "qcow2";
  m.boot = images::BootMode::bootloader;
  m.disk = "disk.qcow2";
  m.virtual_size = 2ull << 30;
  const std::string made = "a qcow2 as it was built", now = "a qcow2 as it was bui1t";
  std::ofstream(dir / "disk.qcow2") << now;
  m.files["disk.qcow2"] = {images::sha256_hex(made), made.size()};
  images::write_manifest(dir / "manifest.json", m);

  const auto topo = write_topology(state_dir_ / "upv.yaml", "upv", kTestUri);
  const CliResult r = run_cli({"-f", topo.string(), "up"});
  EXPECT_EQ(r.code, 2) << r.out << r.err;
  EXPECT_TRUE(r.says("image 'debian-12' is damaged: " + (dir / "disk.qcow2").string() + " has sha256 " +
                     images::sha256_hex(now) + ", the manifest says " + images::sha256_hex(made))) << r.err;
  EXPECT_FALSE(conn().try_network("klab-upv"));
  EXPECT_FALSE(conn().try_pool("klab-upv"));
  EXPECT_TRUE(provider_->list_owned(kTestUri, "upv").empty());
  std::filesystem::remove_all(cache);
}

}  // namespace
}  // namespace klab::testing
