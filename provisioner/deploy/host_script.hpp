#pragma once
// HostScript: everything one phase does on one host in ONE round trip — a POSIX shell
// script fed to `sh -s` on stdin (no command-line length or quoting limits). Its output
// follows a tiny line protocol that the phase parses:
//
//   K <key> <value>                 a fact (the command's stdout on one line)
//   SHA256 (<path>) = <sha256>      a present file's content (`sha256sum --tag`) ...
//   M <mode> <owner> <group> <path> ... and its metadata (`stat`)
//   F - - - - <path>                an absent file
//   B|S|T <uptime> [<step>]         the script begins, a step begins, the script ends
//                                   (the guest's /proc/uptime, for per-step times)
//
// A failing step stops the script: it prints "klab-failed <exit> <step index>" on stderr,
// so the error names the step, its command and the output tail.
#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "provisioner/transport/transport.hpp"

namespace klab::provisioner {

struct RemoteFile {
  bool exists = false;
  std::string sha256;  // lower-case hex
  unsigned mode = 0;
  std::string owner;
  std::string group;
};

class HostScript {
 public:
  /// A fact: `command`'s stdout, newlines turned into spaces, errors discarded; an
  /// empty value when it prints nothing.
  HostScript& fact(const std::string& key, const std::string& command);
  /// Reports the file's sha256, mode and owner (or that it is absent). Consecutive probes
  /// run as one sha256sum and one stat.
  HostScript& probe_file(const std::string& path);
  /// A step: `command` must exit 0, or the script stops there.
  HostScript& step(const std::string& description, const std::string& command);
  /// A line of shell without step semantics (helpers, comments).
  HostScript& raw(const std::string& line);

  bool has_steps() const { return !steps_.empty(); }
  const std::vector<std::pair<std::string, std::string>>& steps() const { return steps_; }
  std::string text() const;

 private:
  void flush_file_probes();
  std::vector<std::string> lines_;
  std::vector<std::string> pending_probes_;
  std::vector<std::pair<std::string, std::string>> steps_;  // description, command
};

struct ScriptResult {
  CommandResult result;
  std::map<std::string, std::string> facts;
  std::map<std::string, RemoteFile> files;
  /// Per step (in order): how long it ran on the guest; nullopt when the guest could not
  /// say (no /proc/uptime) or the script stopped in that step.
  std::vector<std::optional<std::chrono::milliseconds>> step_elapsed;
  std::optional<std::chrono::milliseconds> guest_elapsed;  // the whole script, on the guest
  std::string fact(const std::string& key) const;  // "" when absent
};

/// Parses the protocol lines of `stdout_text`.
ScriptResult parse_script_output(CommandResult result);

/// Runs `script` on `transport`'s host. Throws klab::Error naming the host, the phase and
/// the failed step with its command and the output tail; or, when the host cannot be
/// reached, the transport's error prefixed with the phase.
ScriptResult run_script(Transport& transport, const std::string& phase, const HostScript& script,
                        std::chrono::milliseconds deadline);

}  // namespace klab::provisioner
