// Ed25519 keys made with libssh must be ordinary OpenSSH keys: ssh-keygen reads them,
// and the fingerprints we report are the ones OpenSSH prints.
#include "cloud-init/ssh_key.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "base/error.hpp"
#include "unit/cloud-init/cloudinit_support.hpp"

namespace klab::cloudinit {
namespace {

using testing::run_tool;
using testing::TempDir;
using testing::write_text;

TEST(SshKey, GeneratesAnOpenSshEd25519Pair) {
  const SshKeyPair pair = generate_ed25519_key("klab@test");
  EXPECT_TRUE(pair.private_key.starts_with("-----BEGIN OPENSSH PRIVATE KEY-----\n"));
  EXPECT_TRUE(pair.private_key.ends_with("-----END OPENSSH PRIVATE KEY-----\n"));
  EXPECT_TRUE(pair.public_key.starts_with("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5"));
  EXPECT_TRUE(pair.public_key.ends_with(" klab@test"));
  EXPECT_EQ(pair.public_key.find('\n'), std::string::npos);
  EXPECT_EQ(public_key_of(pair.private_key, "klab@test"), pair.public_key);
}

TEST(SshKey, EveryGenerationIsANewKey) {
  const SshKeyPair a = generate_ed25519_key("a");
  const SshKeyPair b = generate_ed25519_key("a");
  EXPECT_NE(a.public_key, b.public_key);
  EXPECT_FALSE(same_public_key(a.public_key, b.public_key));
}

TEST(SshKey, ComparesKeysIgnoringComments) {
  const SshKeyPair pair = generate_ed25519_key("one");
  EXPECT_TRUE(same_public_key(pair.public_key, public_key_of(pair.private_key, "two")));
  EXPECT_TRUE(same_public_key(pair.public_key, public_key_of(pair.private_key, "")));
}

TEST(SshKey, RejectsTextThatIsNoKey) {
  EXPECT_THROW(public_key_of("-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----\n", ""),
               Error);
  EXPECT_THROW(public_key_of("", ""), Error);
  EXPECT_THROW(same_public_key("ssh-ed25519 not-base64!", "ssh-ed25519 AAAA"), Error);
  EXPECT_THROW(same_public_key("no-such-type AAAA", "no-such-type AAAA"), Error);
  EXPECT_THROW(fingerprint_sha256(""), Error);
}

TEST(SshKey, OpenSshReadsThePrivateKey) {
  KLAB_REQUIRE_TOOL("ssh-keygen");
  TempDir dir;
  const SshKeyPair pair = generate_ed25519_key("klab@test");
  write_text(dir / "id", pair.private_key);
  std::filesystem::permissions(dir / "id", std::filesystem::perms::owner_read |
                                               std::filesystem::perms::owner_write);
  const auto derived = run_tool({"ssh-keygen", "-y", "-f", (dir / "id").string()});
  ASSERT_EQ(derived.exit_code, 0) << derived.output;
  EXPECT_TRUE(same_public_key(derived.output.substr(0, derived.output.find('\n')), pair.public_key))
      << derived.output;
}

TEST(SshKey, FingerprintIsTheOneSshKeygenPrints) {
  KLAB_REQUIRE_TOOL("ssh-keygen");
  TempDir dir;
  const SshKeyPair pair = generate_ed25519_key("klab@test");
  write_text(dir / "id.pub", pair.public_key + "\n");
  const auto listed = run_tool({"ssh-keygen", "-l", "-E", "sha256", "-f", (dir / "id.pub").string()});
  ASSERT_EQ(listed.exit_code, 0) << listed.output;
  // "256 SHA256:... klab@test (ED25519)"
  const std::string fingerprint = fingerprint_sha256(pair.public_key);
  EXPECT_TRUE(fingerprint.starts_with("SHA256:")) << fingerprint;
  EXPECT_NE(listed.output.find(" " + fingerprint + " "), std::string::npos)
      << "ours: " << fingerprint << "\nssh-keygen: " << listed.output;
}

}  // namespace
}  // namespace klab::cloudinit
