// Host-key pinning and client-key authentication against a real OpenSSH server.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

#include "base/error.hpp"
#include "provisioner/transport/host_key.hpp"
#include "provisioner/transport/ssh_transport.hpp"
#include "provisioner/transport/wait_for_ssh.hpp"
#include "ssh_test_target.hpp"

namespace klab::provisioner {
namespace {

using namespace std::chrono_literals;
using klab::testing::SshdServer;
using testing::target_for;

std::string slurp_command(const std::string& command) {
  std::string out;
  FILE* p = ::popen(command.c_str(), "r");
  if (!p) return out;
  char buf[512];
  for (size_t n; (n = std::fread(buf, 1, sizeof buf, p)) > 0;) out.append(buf, n);
  ::pclose(p);
  return out;
}

std::string read_line(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  return line;
}

class SshHostKey : public ::testing::Test {
 protected:
  void SetUp() override {
    KLAB_REQUIRE_SSHD();
    sshd_.emplace();
    sshd_->start();
  }
  std::optional<SshdServer> sshd_;
};

TEST(PinnedHostKeyParse, FingerprintMatchesSshKeygen) {
  KLAB_REQUIRE_SSHD();
  SshdServer sshd;  // only for its freshly generated keys
  const PinnedHostKey key = PinnedHostKey::parse(sshd.host_public_key_ed25519(), "test");
  EXPECT_EQ(key.type(), "ssh-ed25519");
  // `ssh-keygen -lf` prints "256 SHA256:... comment (ED25519)".
  const std::string keygen = slurp_command("ssh-keygen -lf " + (sshd.dir() / "host_ed25519.pub").string());
  EXPECT_NE(keygen.find(key.fingerprint() + " "), std::string::npos) << keygen << " vs " << key.fingerprint();
  EXPECT_EQ(PinnedHostKey::parse(sshd.host_public_key_ecdsa(), "test").type(), "ecdsa-sha2-nistp256");
}

TEST(PinnedHostKeyParse, RejectsWhatIsNotAKeyNamingTheOrigin) {
  for (const std::string bad : {"", "hello world", "ssh-ed25519", "ssh-ed25519 !!!notbase64!!!",
                                "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIA"}) {
    try {
      PinnedHostKey::parse(bad, "kube-master1: pinned host key");
      ADD_FAILURE() << "accepted \"" << bad << "\"";
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find("kube-master1: pinned host key"), std::string::npos) << e.what();
    }
  }
}

TEST_F(SshHostKey, MismatchIsRefusedAtOnceWithBothFingerprints) {
  SshTarget target = target_for(*sshd_, "kube-master1");
  const std::filesystem::path other = sshd_->generate_key("impostor_host");
  target.host_key = read_line(other.string() + ".pub");
  target.reconnect_deadline = 20s;  // a mismatch must not be retried
  const std::string expected_fp = PinnedHostKey::parse(target.host_key, "t").fingerprint();
  const std::string actual_fp = PinnedHostKey::parse(sshd_->host_public_key_ed25519(), "t").fingerprint();
  ASSERT_NE(expected_fp, actual_fp);

  SshTransport t(target);
  const auto start = std::chrono::steady_clock::now();
  try {
    t.run("touch /should-not-run", 10s);
    FAIL() << "connected despite a host key mismatch";
  } catch (const Error& e) {
    const std::string msg = e.what();
    EXPECT_LT(std::chrono::steady_clock::now() - start, 5s) << "mismatch was retried";
    EXPECT_EQ(e.kind(), ErrorKind::infrastructure);
    EXPECT_NE(msg.find("kube-master1"), std::string::npos) << msg;
    EXPECT_NE(msg.find("host key mismatch"), std::string::npos) << msg;
    EXPECT_NE(msg.find(expected_fp), std::string::npos) << msg;
    EXPECT_NE(msg.find(actual_fp), std::string::npos) << msg;
  }
  EXPECT_FALSE(t.connected());
  // wait_for_ssh (klab up) refuses just as fast.
  EXPECT_THROW(wait_for_ssh(target, 20s), Error);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 10s);
}

TEST_F(SshHostKey, OffersOnlyThePinnedAlgorithm) {
  // The server holds ed25519 and ecdsa host keys; pinning the ecdsa one works only
  // if the key exchange asks for that algorithm.
  SshTarget target = target_for(*sshd_);
  target.host_key = sshd_->host_public_key_ecdsa();
  SshTransport t(target);
  EXPECT_EQ(t.run("echo pinned-ecdsa", 10s).stdout_text, "pinned-ecdsa\n");
}

TEST_F(SshHostKey, MissingHostKeyTypeFailsAtOnceNamingIt) {
  SshTarget target = target_for(*sshd_, "kube-master2");
  const std::filesystem::path rsa = sshd_->generate_key("rsa_host", "rsa");  // the server has no RSA host key
  target.host_key = read_line(rsa.string() + ".pub");
  target.reconnect_deadline = 20s;
  SshTransport t(target);
  const auto start = std::chrono::steady_clock::now();
  try {
    t.run("true", 10s);
    FAIL() << "connected without the pinned key type";
  } catch (const Error& e) {
    EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);
    const std::string msg = e.what();
    EXPECT_NE(msg.find("kube-master2"), std::string::npos) << msg;
    EXPECT_NE(msg.find("rsa-sha2"), std::string::npos) << msg;
  }
}

TEST_F(SshHostKey, WrongClientKeyIsRefusedClearly) {
  SshTarget target = target_for(*sshd_, "kube-master3");
  target.private_key = sshd_->generate_key("intruder");
  target.reconnect_deadline = 20s;
  SshTransport t(target);
  const auto start = std::chrono::steady_clock::now();
  try {
    t.run("true", 10s);
    FAIL() << "logged in with an unauthorized key";
  } catch (const Error& e) {
    EXPECT_LT(std::chrono::steady_clock::now() - start, 5s) << "auth refusal was retried";
    const std::string msg = e.what();
    EXPECT_NE(msg.find("kube-master3"), std::string::npos) << msg;
    EXPECT_NE(msg.find("refused the lab key"), std::string::npos) << msg;
    EXPECT_NE(msg.find(target.private_key.string()), std::string::npos) << msg;
  }
}

TEST(SshClientKey, MissingPrivateKeyNamesFileAndHost) {
  KLAB_REQUIRE_SSHD();
  SshdServer sshd;
  SshTarget target = target_for(sshd, "kube-master1");
  target.private_key = sshd.dir() / "no-such-key";
  try {
    SshTransport t(target);
    FAIL() << "constructed without a private key";
  } catch (const Error& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("kube-master1"), std::string::npos) << msg;
    EXPECT_NE(msg.find("no-such-key"), std::string::npos) << msg;
  }
}

}  // namespace
}  // namespace klab::provisioner
