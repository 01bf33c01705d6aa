#pragma once
// Runs the real tools (cloud-init, xorriso, blkid, ssh-keygen) on what the cloud-init
// library produced, without a shell, and skips a test when a tool is missing.
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

extern char** environ;

namespace klab::cloudinit::testing {

struct ToolResult {
  int exit_code = -1;  // -1: did not exit normally
  std::string output;  // stdout and stderr, interleaved
};

/// Runs argv[0] (looked up in PATH) without a shell and collects its output.
inline ToolResult run_tool(const std::vector<std::string>& argv) {
  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], 1);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], 2);
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = 0;
  const int rc = ::posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(pipe_fds[1]);
  ToolResult result;
  if (rc != 0) {
    ::close(pipe_fds[0]);
    result.output = "cannot start " + argv[0];
    return result;
  }
  char buf[4096];
  for (ssize_t n; (n = ::read(pipe_fds[0], buf, sizeof buf)) != 0;) {
    if (n < 0) {
      if (errno == EINTR) continue;
      break;
    }
    result.output.append(buf, static_cast<size_t>(n));
  }
  ::close(pipe_fds[0]);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  return result;
}

/// The path of `tool` in PATH, or empty.
inline std::string find_tool(const std::string& tool) {
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path ? path : "/usr/bin:/bin");
  for (std::string dir; std::getline(dirs, dir, ':');) {
    const std::filesystem::path candidate = std::filesystem::path(dir) / tool;
    if (::access(candidate.c_str(), X_OK) == 0) return candidate.string();
  }
  return {};
}

}  // namespace klab::cloudinit::testing

/// Skips the current test, saying which tool is missing, when `tool` is not in PATH.
#define KLAB_REQUIRE_TOOL(tool)                                                       \
  do {                                                                                \
    if (::klab::cloudinit::testing::find_tool(tool).empty())                          \
      GTEST_SKIP() << "SKIPPED: `" << (tool) << "` is not installed (PATH lookup)"; \
  } while (0)
