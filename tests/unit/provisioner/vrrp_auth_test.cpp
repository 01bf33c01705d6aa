// The lab's VRRP PASS secret: random, 0600 in the lab directory, made once and read back
// on every later deploy, so a redeploy renders the same keepalived.conf.
#include "provisioner/vrrp_auth.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <fstream>

#include "fixtures/render/default_lab.hpp"
#include "base/error.hpp"

namespace klab::provisioner {
namespace {

namespace fs = std::filesystem;
using testing::default_plan;
using testing::TempDir;

bool letters_and_digits(const std::string& s) {
  return std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isalnum(c) != 0; });
}

TEST(VrrpAuth, TheSecretIsCreatedWithMode0600AndEightLettersOrDigits) {
  TempDir lab;
  const std::string pass = ensure_vrrp_auth_pass(lab.path());
  EXPECT_EQ(pass.size(), kVrrpAuthPassLength);
  EXPECT_TRUE(letters_and_digits(pass)) << pass;
  const fs::path file = vrrp_auth_pass_path(lab.path());
  ASSERT_TRUE(fs::exists(file));
  EXPECT_EQ(fs::status(file).permissions(), fs::perms::owner_read | fs::perms::owner_write);
}

TEST(VrrpAuth, EveryLaterCallReadsTheSameSecret) {
  TempDir lab;
  const std::string first = ensure_vrrp_auth_pass(lab.path());
  EXPECT_EQ(ensure_vrrp_auth_pass(lab.path()), first);
  EXPECT_EQ(deploy_settings(default_plan(), lab.path()).keepalived.auth_pass, first);
}

TEST(VrrpAuth, TwoLabsOfTheSameNameGetDifferentSecrets) {
  TempDir a, b;  // the name is public: it must not decide the secret
  EXPECT_NE(ensure_vrrp_auth_pass(a.path()), ensure_vrrp_auth_pass(b.path()));
}

TEST(VrrpAuth, RandomSecretsDiffer) {
  const std::string one = random_vrrp_auth_pass();
  EXPECT_EQ(one.size(), kVrrpAuthPassLength);
  EXPECT_NE(random_vrrp_auth_pass(), one);  // 62^8 values: a repeat means no randomness
}

TEST(VrrpAuth, ADamagedFileIsAnErrorNamingIt) {
  TempDir lab;
  const fs::path file = vrrp_auth_pass_path(lab.path());
  fs::create_directories(file.parent_path());
  std::ofstream(file) << "far too long for VRRP\n";
  try {
    ensure_vrrp_auth_pass(lab.path());
    FAIL() << "accepted a damaged secret";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::infrastructure);
    EXPECT_NE(std::string(e.what()).find(file.string()), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace klab::provisioner
