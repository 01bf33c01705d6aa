#pragma once
// SshTarget for a test sshd (tests/support/sshd_fixture.hpp), and the skip guard.
#include <gtest/gtest.h>
#include <pwd.h>
#include <unistd.h>

#include <chrono>
#include <string>

#include "provisioner/transport/ssh_target.hpp"
#include "support/sshd_fixture.hpp"

namespace klab::provisioner::testing {

inline SshTarget target_for(const klab::testing::SshdServer& sshd, const std::string& host = "test-host") {
  SshTarget t;
  t.host = host;
  t.address = "127.0.0.1";
  t.port = sshd.port();
  const passwd* me = ::getpwuid(::geteuid());  // sshd not run as root logs in only its own user
  t.user = me ? me->pw_name : "root";
  t.private_key = sshd.client_key();
  t.host_key = sshd.host_public_key_ed25519();
  t.connect_timeout = std::chrono::seconds(5);
  t.reconnect_deadline = std::chrono::seconds(10);
  return t;
}

}  // namespace klab::provisioner::testing

/// Skips (and says why) when no sshd can run here.
#define KLAB_REQUIRE_SSHD()                                                  \
  do {                                                                       \
    const std::string why = klab::testing::SshdServer::unavailable_reason(); \
    if (!why.empty()) GTEST_SKIP() << "SKIPPED: " << why;                    \
  } while (0)
