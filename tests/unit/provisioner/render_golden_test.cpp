// Golden files for every file klab renders for the default 4-host lab (seeds/000):
// tests/fixtures/render/golden/<host>/<path on the guest>. A change to a template, a
// setting or a render function shows up here as a reviewable diff.
// Regenerate with: KLAB_UPDATE_GOLDEN=1 ./klab_unit_provisioner --gtest_filter='RenderGolden*'
#include <gtest/gtest.h>

#include <map>

#include "fixtures/render/default_lab.hpp"
#include "provisioner/render/etcd_manifest.hpp"
#include "provisioner/render/host_files.hpp"

namespace klab::provisioner {
namespace {

using namespace testing;

std::filesystem::path golden_dir() { return fixtures() / "golden"; }

// Everything rendered for the default lab, keyed by its golden path: the systemd-mode
// files of each host plus the static-pod manifest of each master.
std::map<std::filesystem::path, std::string> render_all() {
  const lab::Plan plan = default_plan();
  const Settings settings = settings_with_test_secret(plan);
  const TemplateSet templates = TemplateSet::builtin();
  const RenderContext ctx{plan, settings, templates};
  std::map<std::filesystem::path, std::string> out;
  for (const lab::HostPlan& h : plan.hosts) {
    std::vector<RenderedFile> files = render_host_files(ctx, h, bootstrap_spec(plan));
    if (h.role == lab::Role::master)
      files.push_back(render_etcd_static_pod(ctx, h, bootstrap_spec(plan)));
    for (const RenderedFile& f : files) {
      const auto [it, inserted] =
          out.emplace(std::filesystem::path(h.name) / f.path.substr(1), f.content);
      EXPECT_TRUE(inserted) << "two files render to " << it->first;
    }
  }
  return out;
}

TEST(RenderGolden, EveryRenderedFileMatchesItsGoldenCopy) {
  const bool update = std::getenv("KLAB_UPDATE_GOLDEN") != nullptr;
  const auto rendered = render_all();
  ASSERT_FALSE(rendered.empty());
  for (const auto& [rel, content] : rendered) {
    const std::filesystem::path golden = golden_dir() / rel;
    if (update) write_text(golden, content);
    ASSERT_TRUE(std::filesystem::exists(golden))
        << golden << " is missing; regenerate with KLAB_UPDATE_GOLDEN=1";
    EXPECT_EQ(read_text(golden), content) << "rendered " << rel << " differs from " << golden;
  }
}

TEST(RenderGolden, NoStaleGoldenFiles) {
  const auto rendered = render_all();
  for (const auto& entry : std::filesystem::recursive_directory_iterator(golden_dir())) {
    if (!entry.is_regular_file()) continue;
    const std::filesystem::path rel = std::filesystem::relative(entry.path(), golden_dir());
    EXPECT_TRUE(rendered.contains(rel)) << entry.path() << " is no longer rendered; delete it";
  }
}

TEST(RenderGolden, EachHostGetsTheFilesOfItsRole) {
  const auto rendered = render_all();
  auto has = [&](const std::string& host, const std::string& path) {
    return rendered.contains(std::filesystem::path(host) / path);
  };
  for (const std::string h : {"kube-master", "kube-master1", "kube-master2", "kube-master3"}) {
    EXPECT_TRUE(has(h, "etc/sysctl.d/90-klab.conf")) << h;
    EXPECT_TRUE(has(h, "etc/haproxy/haproxy.cfg")) << h;
    EXPECT_TRUE(has(h, "etc/keepalived/keepalived.conf")) << h;
    EXPECT_TRUE(has(h, "usr/local/lib/klab/keepalived-notify.sh")) << h;
  }
  EXPECT_TRUE(has("kube-master", "etc/systemd/system/klab-etcd-grpc-proxy.service"));
  EXPECT_FALSE(has("kube-master", "etc/default/etcd"));
  EXPECT_FALSE(has("kube-master1", "etc/systemd/system/klab-etcd-grpc-proxy.service"));
  EXPECT_TRUE(has("kube-master1", "etc/default/etcd"));
  EXPECT_TRUE(has("kube-master3", "etc/kubernetes/manifests/etcd.yaml"));
}

}  // namespace
}  // namespace klab::provisioner
