#include "provisioner/transport/remote_deadline.hpp"

#include <algorithm>
#include <cstdio>

#include "provisioner/transport/shell_quote.hpp"

namespace klab::provisioner {

namespace {
// Beyond this a deadline is "wait forever" (klab ssh HOST -- CMD, no_deadline).
constexpr std::chrono::hours kUnbounded{24 * 365};
}  // namespace

std::string with_remote_deadline(const std::string& command, std::chrono::milliseconds budget) {
  if (budget >= kUnbounded) return command;
  const long long ms = std::max<long long>(budget.count(), 1);
  char seconds[32];
  std::snprintf(seconds, sizeof seconds, "%lld.%03llds", ms / 1000, ms % 1000);
  // SHLVL=1: bash sources ~/.bashrc for commands it thinks sshd started directly
  // (SSH_CLIENT set, SHLVL < 1), and `exec` lowers SHLVL; the outer shell has
  // already read it, so the inner one need not pay for it again.
  return std::string("exec timeout -s KILL ") + seconds + " env SHLVL=1 \"${SHELL:-/bin/sh}\" -c " +
         shell_quote(command);
}

}  // namespace klab::provisioner
