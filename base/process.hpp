#pragma once
// Runs an external program from an argv vector (fork + execve, never a shell), so no
// argument is ever parsed as shell syntax. Output is captured; a callback may watch
// it line by line as it arrives (for progress display).
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace klab::base {

struct ProcessOptions {
  /// Extra "KEY=VALUE" entries added to (or replacing in) the inherited environment.
  std::vector<std::string> env;
  std::optional<std::filesystem::path> cwd;
  /// Called for every complete line of stdout or stderr, in arrival order.
  std::function<void(std::string_view line)> on_line;
};

struct ProcessResult {
  int exit_code = 0;    // the program's status; 128 + N when killed by signal N
  std::string output;   // stdout
  std::string errors;   // stderr (the last 256 KiB)
  bool ok() const { return exit_code == 0; }
};

/// Runs argv[0] (searched in PATH when it has no '/'). A program that cannot be found
/// or executed is an infrastructure Error naming it; a non-zero exit is a result.
ProcessResult run_process(const std::vector<std::string>& argv, const ProcessOptions& options = {});

/// As run_process, but a non-zero exit throws an infrastructure Error that names the
/// command and its status and carries its stderr as detail. Returns stdout.
std::string run_checked(const std::vector<std::string>& argv, const ProcessOptions& options = {});

/// Where run_process finds `name`: itself when it contains a '/', else the first
/// executable file of that name in PATH; nullopt when there is none.
std::optional<std::string> find_program(const std::string& name);

/// "mmdebstrap --mode=root ..." for messages (arguments quoted when they need it).
std::string describe_command(const std::vector<std::string>& argv);

}  // namespace klab::base
