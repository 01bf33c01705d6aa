// The embedded templates are the files in provisioner/templates/, and a --templates DIR
// replaces them by name.
#include <gtest/gtest.h>

#include <set>

#include "fixtures/render/default_lab.hpp"
#include "base/error.hpp"
#include "provisioner/render/haproxy.hpp"
#include "provisioner/render/node_prep.hpp"
#include "provisioner/templates/builtin_templates.hpp"

namespace klab::provisioner {
namespace {

using namespace testing;

const std::filesystem::path kTemplateDir =
    std::filesystem::path(KLAB_SOURCE_DIR) / "provisioner/templates";

TEST(RenderTemplates, EmbeddedCopiesAreIdenticalToTheFilesOnDisk) {
  ASSERT_FALSE(builtin_templates().empty());
  for (const BuiltinTemplate& t : builtin_templates()) {
    const std::filesystem::path file = kTemplateDir / std::string(t.name);
    ASSERT_TRUE(std::filesystem::exists(file)) << file;
    EXPECT_EQ(read_text(file), t.text)
        << t.name << " changed on disk: rebuild";
  }
}

TEST(RenderTemplates, EveryTemplateOnDiskIsEmbedded) {
  std::set<std::string> embedded;
  for (const BuiltinTemplate& t : builtin_templates()) embedded.insert(std::string(t.name));
  int count = 0;
  for (const auto& entry : std::filesystem::directory_iterator(kTemplateDir)) {
    if (entry.path().extension() != ".mustache") continue;
    ++count;
    EXPECT_TRUE(embedded.contains(entry.path().filename().string()))
        << entry.path() << " is not embedded: re-run cmake";
  }
  EXPECT_EQ(count, static_cast<int>(embedded.size()));
}

TEST(RenderTemplates, EveryBuiltinCompiles) {
  const TemplateSet set = TemplateSet::builtin();
  for (const std::string& name : set.names()) {
    EXPECT_NO_THROW(set.render(name, kainjow::mustache::data{})) << name;
    EXPECT_FALSE(set.overridden(name));
  }
}

TEST(RenderTemplates, AFileInTheOverrideDirReplacesTheBuiltinOfTheSameName) {
  TempDir dir;
  write_text(dir.path() / "sysctl.conf.mustache", "# mine for {{lab}}\nvm.swappiness = 1\n");
  const TemplateSet set = TemplateSet::with_overrides(dir.path());
  EXPECT_TRUE(set.overridden("sysctl.conf.mustache"));
  EXPECT_FALSE(set.overridden("haproxy.cfg.mustache"));
  EXPECT_EQ(set.origin("sysctl.conf.mustache"), (dir.path() / "sysctl.conf.mustache").string());

  const lab::Plan plan = default_plan();
  const Settings settings = default_settings(plan);
  const RenderContext ctx{plan, settings, set};
  EXPECT_EQ(render_sysctl(ctx).content, "# mine for ha\nvm.swappiness = 1\n");
  // The others still come from the built-ins.
  EXPECT_NE(render_haproxy_cfg(ctx, plan.hosts[0]).content.find("frontend kube-apiserver"),
            std::string::npos);
}

TEST(RenderTemplates, AnOverrideMatchingNoBuiltinIsRejectedWithTheValidNames) {
  TempDir dir;
  write_text(dir.path() / "haproxy.cfg", "typo: no .mustache suffix\n");
  try {
    TemplateSet::with_overrides(dir.path());
    FAIL() << "expected a usage error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::usage);
    EXPECT_NE(std::string(e.what()).find("haproxy.cfg.mustache"), std::string::npos) << e.what();
  }
}

TEST(RenderTemplates, ABrokenOverrideIsRejectedNamingTheFile) {
  TempDir dir;
  write_text(dir.path() / "journald.conf.mustache", "[Journal]\n{{#open}}never closed\n");
  try {
    TemplateSet::with_overrides(dir.path());
    FAIL() << "expected a usage error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::usage);
    EXPECT_NE(std::string(e.what()).find("journald.conf.mustache"), std::string::npos) << e.what();
  }
}

TEST(RenderTemplates, AMissingOverrideDirIsAUsageError) {
  EXPECT_THROW(TemplateSet::with_overrides("/nonexistent/klab-templates"), Error);
}

TEST(RenderTemplates, ValuesAreNotHtmlEscaped) {
  TempDir dir;
  write_text(dir.path() / "sysctl.conf.mustache", "{{lab}}\n");
  const TemplateSet set = TemplateSet::with_overrides(dir.path());
  lab::Plan plan = default_plan();
  plan.lab = "a&b<c>\"d'";
  const Settings settings = default_settings(plan);
  EXPECT_EQ(render_sysctl(RenderContext{plan, settings, set}).content, "a&b<c>\"d'\n");
}

}  // namespace
}  // namespace klab::provisioner
