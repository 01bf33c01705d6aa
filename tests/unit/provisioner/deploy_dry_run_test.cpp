// --dry-run DIR: exactly the rendered files of every host, under DIR/<host>/<path>, and
// no host contacted.
#include <gtest/gtest.h>

#include <set>

#include "fakes/fake_deploy.hpp"
#include "provisioner/render/host_files.hpp"

namespace klab::provisioner {
namespace {

using fakes::FakeDeploy;
namespace fs = std::filesystem;

std::map<fs::path, std::string> tree(const fs::path& dir) {
  std::map<fs::path, std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.is_regular_file()) out[fs::relative(e.path(), dir)] = testing::read_text(e.path());
  return out;
}

TEST(DeployDryRun, WritesExactlyTheRenderedFilesOfEveryHost) {
  FakeDeploy d;
  testing::TempDir out;
  DeployOptions o = d.options();
  o.dry_run = out.path();
  const DeployReport r = d.run(o);
  ASSERT_FALSE(r.failure);
  EXPECT_TRUE(r.dry_run);
  EXPECT_EQ(d.lab.transports_created(), 0) << "a dry run must contact nothing";
  EXPECT_FALSE(fs::exists(d.lab_dir.path() / "pki")) << "a dry run must not create the PKI";

  // What render_host_files gives (the etcd files with the dry run's bootstrap token).
  const RenderContext ctx{d.plan, d.settings, d.templates};
  const EtcdClusterSpec spec{etcd_members(d.plan), InitialClusterState::new_cluster,
                             make_cluster_token(d.plan.lab, "dry-run")};
  std::map<fs::path, std::string> expected;
  for (const lab::HostPlan& h : d.plan.hosts)
    for (const RenderedFile& f : render_host_files(ctx, h, spec))
      expected[fs::path(h.name) / fs::path(f.path).relative_path()] = f.content;
  EXPECT_EQ(tree(out.path()), expected);
  EXPECT_EQ(r.dry_run_files.size(), expected.size());
}

TEST(DeployDryRun, KeepsTheGuestModes) {
  FakeDeploy d;
  testing::TempDir out;
  DeployOptions o = d.options({"lb"});
  o.dry_run = out.path();
  ASSERT_FALSE(d.run(o).failure);
  const auto perms = [&](const std::string& rel) {
    return static_cast<unsigned>(fs::status(out.path() / rel).permissions()) & 0777;
  };
  EXPECT_EQ(perms("kube-master/etc/keepalived/keepalived.conf"), 0640u);
  EXPECT_EQ(perms("kube-master/usr/local/lib/klab/keepalived-notify.sh"), 0755u);
  EXPECT_FALSE(fs::exists(out.path() / "kube-master1/etc/default/etcd")) << "--phase lb writes only lb's files";
}

TEST(DeployDryRun, UsesTheTemplateOverrides) {
  FakeDeploy d;
  testing::TempDir overrides, out;
  testing::write_text(overrides.path() / "journald.conf.mustache", "# custom for {{lab}}\n[Journal]\n");
  d.templates = TemplateSet::with_overrides(overrides.path());
  DeployOptions o = d.options({"prep"});
  o.dry_run = out.path();
  ASSERT_FALSE(d.run(o).failure);
  EXPECT_EQ(testing::read_text(out.path() / "kube-master2/etc/systemd/journald.conf.d/90-klab.conf"),
            "# custom for ha\n[Journal]\n");
}

}  // namespace
}  // namespace klab::provisioner
