// The OpenSSH config for the interactive `klab ssh HOST`, checked with the real `ssh`.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <cstdio>
#include <fstream>

#include "base/error.hpp"
#include "provisioner/transport/openssh_config.hpp"
#include "provisioner/transport/shell_quote.hpp"
#include "ssh_test_target.hpp"

namespace klab::provisioner {
namespace {

using klab::testing::SshdServer;
using testing::target_for;

struct SshRunResult {
  int status = -1;
  std::string output;
};

SshRunResult run_ssh(const std::vector<std::string>& argv) {
  SshRunResult r;
  FILE* p = ::popen((shell_join(argv) + " 2>&1 </dev/null").c_str(), "r");
  if (!p) return r;
  char buf[512];
  for (size_t n; (n = std::fread(buf, 1, sizeof buf, p)) > 0;) r.output.append(buf, n);
  const int raw = ::pclose(p);
  r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  return r;
}

std::vector<std::string> batch(std::vector<std::string> argv, const std::string& command) {
  // BatchMode: never prompt; the same config the interactive path execs.
  argv.insert(argv.begin() + 1, {"-o", "BatchMode=yes"});
  argv.push_back(command);
  return argv;
}

TEST(OpenSshConfig, RendersPinnedHostBlocks) {
  SshTarget t;
  t.host = "kube-master1";
  t.address = "192.168.49.151";
  t.private_key = "/state/lab/ssh/id ed25519";
  t.host_key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHuVa/GRu5fHAgyCQeTlwR0ZoWXDxHI1dM7rmOE4GQ9l host";
  const std::string config = render_ssh_config({t}, "/state/lab/ssh/known_hosts");
  EXPECT_NE(config.find("Host kube-master1\n"), std::string::npos);
  EXPECT_NE(config.find("  HostName 192.168.49.151\n"), std::string::npos);
  EXPECT_NE(config.find("  IdentityFile \"/state/lab/ssh/id ed25519\"\n"), std::string::npos);
  EXPECT_NE(config.find("  StrictHostKeyChecking yes\n"), std::string::npos);
  EXPECT_NE(config.find("  HostKeyAlias kube-master1\n"), std::string::npos);
  EXPECT_NE(config.find("  HostKeyAlgorithms ssh-ed25519\n"), std::string::npos);
  EXPECT_EQ(known_hosts_line(t),
            "kube-master1 ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHuVa/GRu5fHAgyCQeTlwR0ZoWXDxHI1dM7rmOE4GQ9l");
}

TEST(OpenSshConfig, RealSshLogsInWithThePinnedKeyOnly) {
  KLAB_REQUIRE_SSHD();
  SshdServer sshd;
  sshd.start();
  const SshTarget target = target_for(sshd, "kube-master1");
  const OpenSshFiles files = write_openssh_files({target}, sshd.dir() / "openssh");
  struct stat st {};
  ASSERT_EQ(::stat(files.known_hosts.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);

  const std::vector<std::string> argv = interactive_ssh_argv(target, files);
  ASSERT_EQ(argv.size(), 4u);
  EXPECT_EQ(argv[0], "ssh");
  EXPECT_EQ(argv[3], "kube-master1");
  SshRunResult ok = run_ssh(batch(argv, "echo via-openssh; exit 7"));
  EXPECT_EQ(ok.status, 7) << ok.output;
  EXPECT_NE(ok.output.find("via-openssh"), std::string::npos) << ok.output;

  // Pin another key: OpenSSH must refuse, exactly like libssh does.
  SshTarget wrong = target;
  std::ifstream pub(sshd.generate_key("impostor").string() + ".pub");
  std::getline(pub, wrong.host_key);
  const OpenSshFiles wrong_files = write_openssh_files({wrong}, sshd.dir() / "openssh-wrong");
  SshRunResult refused = run_ssh(batch(interactive_ssh_argv(wrong, wrong_files), "echo should-not-run"));
  EXPECT_EQ(refused.status, 255) << refused.output;
  EXPECT_EQ(refused.output.find("should-not-run"), std::string::npos) << refused.output;
}

TEST(OpenSshConfig, ExecOfAMissingProgramThrows) {
  EXPECT_THROW(exec_program({"klab-no-such-program-xyz"}), Error);
}

}  // namespace
}  // namespace klab::provisioner
