// The seed ISO read back with the tools a guest's boot relies on: blkid (how cloud-init
// finds the "cidata" volume) and xorriso (volume id, files byte for byte).
#include "cloud-init/seed_iso.hpp"

#include <gtest/gtest.h>

#include "base/error.hpp"
#include "unit/cloud-init/cloudinit_support.hpp"

namespace klab::cloudinit {
namespace {

namespace fs = std::filesystem;
using testing::default_lab_keys;
using testing::default_lab_plan;
using testing::read_text;
using testing::run_tool;
using testing::TempDir;

SeedDocuments seed_for(std::size_t host) {
  const lab::Plan plan = default_lab_plan();
  return render_seed(plan, plan.hosts[host], default_lab_keys());
}

std::size_t entries_in(const fs::path& dir) {
  return static_cast<std::size_t>(std::distance(fs::directory_iterator(dir), fs::directory_iterator()));
}

TEST(SeedIso, WrittenAtomicallyWithMode0644) {
  TempDir dir;
  const fs::path iso = dir / "seed.iso";
  write_seed_iso(seed_for(0), iso);
  EXPECT_EQ(testing::perms_of(iso), fs::perms(0644));
  EXPECT_EQ(read_text(iso), build_seed_iso(seed_for(0)));
  write_seed_iso(seed_for(1), iso);  // replaces the previous seed
  EXPECT_EQ(read_text(iso), build_seed_iso(seed_for(1)));
  EXPECT_EQ(entries_in(dir.path()), 1u) << "a temporary file was left behind";
}

TEST(SeedIso, ReproducibleAndDependsOnTheDocuments) {
  const std::string a = build_seed_iso(seed_for(1));
  EXPECT_EQ(a.size() % 2048, 0u);
  EXPECT_EQ(build_seed_iso(seed_for(1)), a) << "same documents, different image bytes";
  EXPECT_NE(build_seed_iso(seed_for(2)), a);
}

TEST(SeedIso, AWriteThatFailsNamesTheFile) {
  TempDir dir;
  const fs::path iso = dir / "no-such-dir" / "seed.iso";
  try {
    write_seed_iso(seed_for(0), iso);
    FAIL() << "writing into a missing directory succeeded";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find(iso.string()), std::string::npos) << e.what();
  }
}

// cloud-init's NoCloud datasource looks for a filesystem labelled cidata through blkid.
TEST(SeedIso, BlkidSeesAnIso9660JolietVolumeLabelledCidata) {
  KLAB_REQUIRE_TOOL("blkid");
  TempDir dir;
  write_seed_iso(seed_for(0), dir / "seed.iso");
  const auto probe = run_tool({"blkid", "-p", "-o", "export", (dir / "seed.iso").string()});
  ASSERT_EQ(probe.exit_code, 0) << probe.output;
  EXPECT_NE(probe.output.find("\nLABEL=cidata\n"), std::string::npos) << probe.output;
  EXPECT_NE(probe.output.find("\nTYPE=iso9660\n"), std::string::npos) << probe.output;
  EXPECT_NE(probe.output.find("Joliet"), std::string::npos) << probe.output;
}

TEST(SeedIso, XorrisoReadsTheVolumeIdCidata) {
  KLAB_REQUIRE_TOOL("xorriso");
  TempDir dir;
  write_seed_iso(seed_for(0), dir / "seed.iso");
  const auto info = run_tool({"xorriso", "-indev", (dir / "seed.iso").string(), "-pvd_info"});
  ASSERT_EQ(info.exit_code, 0) << info.output;
  EXPECT_NE(info.output.find("Volume Id    : cidata\n"), std::string::npos) << info.output;
}

TEST(SeedIso, XorrisoExtractsTheDocumentsByteForByte) {
  KLAB_REQUIRE_TOOL("xorriso");
  for (std::size_t host = 0; host < default_lab_plan().hosts.size(); ++host) {
    TempDir dir;
    const SeedDocuments seed = seed_for(host);
    write_seed_iso(seed, dir / "seed.iso");
    const auto extract = run_tool({"xorriso", "-osirrox", "on", "-indev", (dir / "seed.iso").string(),
                                   "-extract", "/", (dir / "out").string()});
    ASSERT_EQ(extract.exit_code, 0) << extract.output;
    EXPECT_EQ(entries_in(dir / "out"), 3u);
    EXPECT_EQ(read_text(dir / "out" / "user-data"), seed.user_data);
    EXPECT_EQ(read_text(dir / "out" / "meta-data"), seed.meta_data);
    EXPECT_EQ(read_text(dir / "out" / "network-config"), seed.network_config);
    // Modes come from Rock Ridge; plain ISO 9660 has none.
    EXPECT_EQ(testing::perms_of(dir / "out" / "user-data"), fs::perms(0644));
  }
}

}  // namespace
}  // namespace klab::cloudinit
