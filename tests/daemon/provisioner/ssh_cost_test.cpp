// Figures for docs/transport.md: what one round trip and one upload cost on loopback.
// A measurement, not a check of speed: it asserts only that the work was done right.
// Runs when KLAB_BENCH=1 (it takes ~20 s); otherwise SKIPPED.
#include <grp.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <iostream>

#include "provisioner/transport/openssh_config.hpp"
#include "provisioner/transport/shell_quote.hpp"
#include "provisioner/transport/ssh_transport.hpp"
#include "ssh_test_target.hpp"

namespace klab::provisioner {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;
using klab::testing::SshdServer;
using testing::target_for;

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

void report(const std::string& what, double ms) {
  std::printf("  %-58s %9.1f ms\n", what.c_str(), ms);
  ::testing::Test::RecordProperty(what, std::to_string(ms));
}

TEST(SshCost, PrintsRoundTripAndUploadFigures) {
  KLAB_REQUIRE_SSHD();
  if (const char* bench = std::getenv("KLAB_BENCH"); !bench || std::string(bench) != "1") {
    GTEST_SKIP() << "SKIPPED: a measurement; run with KLAB_BENCH=1";
  }
  SshdServer sshd;
  sshd.start();
  SshTransport t(target_for(sshd));
  std::printf("SSH transport cost on 127.0.0.1 (medians):\n");

  auto start = Clock::now();
  t.connect();
  report("connect + key exchange + auth (once per host)", ms_since(start));

  std::vector<double> runs;
  for (int i = 0; i < 15; ++i) {
    start = Clock::now();
    ASSERT_EQ(t.run("true", 10s).exit_status, 0);
    runs.push_back(ms_since(start));
  }
  report("run(\"true\") on the open session", median(runs));

  // What a tool that starts `ssh` per command pays (vagrant-style): a new connection,
  // key exchange and auth every time.
  const OpenSshFiles files = write_openssh_files({t.target()}, sshd.dir() / "openssh");
  std::vector<double> forks;
  for (int i = 0; i < 5; ++i) {
    start = Clock::now();
    const std::string cmd = shell_join({"ssh", "-F", files.config.string(), "-o", "BatchMode=yes", t.host(), "true"});
    ASSERT_EQ(std::system(cmd.c_str()), 0);
    forks.push_back(ms_since(start));
  }
  report("`ssh HOST true` (new OpenSSH process and connection)", median(forks));

  // Part of every round trip is the login shell starting: sshd runs `$SHELL -c CMD`.
  // The fixture's sshd sets SHLVL=1 so bash skips ~/.bashrc; measure the same here.
  std::vector<double> shells;
  for (int i = 0; i < 5; ++i) {
    start = Clock::now();
    ASSERT_EQ(std::system("SSH_CLIENT='127.0.0.1 1 22' SHLVL=1 \"${SHELL:-/bin/sh}\" -c true"), 0);
    shells.push_back(ms_since(start));
  }
  report("of which: the login shell starting (local `$SHELL -c true`)", median(shells));

  const passwd* me = ::getpwuid(::geteuid());
  const group* g = ::getgrgid(::getegid());
  std::vector<FileUpload> small;
  for (int i = 0; i < 20; ++i) {
    small.push_back({(sshd.dir() / "bench" / ("file" + std::to_string(i) + ".conf")).string(),
                     std::string(4096, static_cast<char>('a' + i)), 0640, me->pw_name, g->gr_name});
  }
  std::vector<double> uploads;
  for (int i = 0; i < 5; ++i) {
    start = Clock::now();
    t.upload(small);
    uploads.push_back(ms_since(start));
  }
  report("upload(20 files x 4 KiB) in one round trip", median(uploads));

  start = Clock::now();
  for (const FileUpload& f : small) t.upload({f});
  report("the same 20 files, one upload() each (20 round trips)", ms_since(start));

  std::vector<double> big;
  const std::vector<FileUpload> one_mib = {
      {(sshd.dir() / "bench" / "blob").string(), std::string(1 << 20, 'x'), 0600, me->pw_name, g->gr_name}};
  for (int i = 0; i < 3; ++i) {
    start = Clock::now();
    t.upload(one_mib);
    big.push_back(ms_since(start));
  }
  report("upload(1 file x 1 MiB)", median(big));

  const TransportStats s = t.stats();
  std::printf("  round trips: %llu over %llu connect(s)\n", static_cast<unsigned long long>(s.round_trips),
              static_cast<unsigned long long>(s.connects));
  EXPECT_EQ(s.connects, 1u);
  EXPECT_EQ(s.round_trips, 15u + 5u + 20u + 3u);
}

}  // namespace
}  // namespace klab::provisioner
