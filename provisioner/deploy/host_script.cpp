#include "provisioner/deploy/host_script.hpp"

#include <sstream>

#include "base/error.hpp"
#include "provisioner/transport/shell_quote.hpp"

namespace klab::provisioner {
namespace {

// Defined once per script. LC_ALL=C: stable tool output; a fixed PATH: sshd's may lack
// the sbin directories for root on some images.
constexpr const char* kPreamble = R"SH(set -u
export LC_ALL=C PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
klab_file() {
  if [ -f "$1" ]; then
    printf 'F %s %s %s\n' "$(sha256sum < "$1" | cut -d' ' -f1)" "$(stat -c '%a %U %G' "$1")" "$1"
  else
    printf 'F - - - - %s\n' "$1"
  fi
}
klab_fail() { printf 'klab-failed %s %s\n' "$1" "$2" >&2; exit "$1"; }
)SH";

std::string one_line(const std::string& text) {
  std::string out;
  for (char c : text) out += (c == '\n' || c == '\r') ? ' ' : c;
  return out;
}

}  // namespace

HostScript& HostScript::fact(const std::string& key, const std::string& command) {
  lines_.push_back("printf 'K %s %s\\n' " + shell_quote(key) + " \"$( { " + command +
                   " ; } 2>/dev/null | tr '\\n' ' ' | sed 's/ *$//')\"  # klab-fact:" + key);
  return *this;
}

HostScript& HostScript::probe_file(const std::string& path) {
  lines_.push_back("klab_file " + shell_quote(path));
  return *this;
}

HostScript& HostScript::step(const std::string& description, const std::string& command) {
  const std::size_t index = steps_.size();
  steps_.emplace_back(description, command);
  lines_.push_back("printf 'S %s\\n' " + shell_quote(one_line(description)));
  // A subshell: an `exit` inside the command ends the step, not the script unreported.
  lines_.push_back("( " + command + "\n) || klab_fail $? " + std::to_string(index));
  return *this;
}

HostScript& HostScript::raw(const std::string& line) {
  lines_.push_back(line);
  return *this;
}

std::string HostScript::text() const {
  std::string out = kPreamble;
  for (const std::string& line : lines_) out += line + "\n";
  out += "exit 0\n";
  return out;
}

std::string ScriptResult::fact(const std::string& key) const {
  const auto it = facts.find(key);
  return it == facts.end() ? std::string() : it->second;
}

ScriptResult parse_script_output(CommandResult result) {
  ScriptResult out;
  std::istringstream in(result.stdout_text);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("K ", 0) == 0) {
      const std::string rest = line.substr(2);
      const auto space = rest.find(' ');
      if (space == std::string::npos) out.facts[rest] = "";
      else out.facts[rest.substr(0, space)] = rest.substr(space + 1);
    } else if (line.rfind("F ", 0) == 0) {
      std::istringstream words(line.substr(2));
      std::string sha, mode, owner, group;
      words >> sha >> mode >> owner >> group;
      std::string path;
      std::getline(words, path);
      if (!path.empty() && path.front() == ' ') path.erase(0, 1);
      RemoteFile f;
      if (sha != "-") {
        f.exists = true;
        f.sha256 = sha;
        f.mode = static_cast<unsigned>(std::stoul(mode, nullptr, 8));
        f.owner = owner;
        f.group = group;
      }
      out.files[path] = f;
    }
  }
  out.result = std::move(result);
  return out;
}

ScriptResult run_script(Transport& transport, const std::string& phase, const HostScript& script,
                        std::chrono::milliseconds deadline) {
  CommandResult result;
  try {
    result = transport.run("sh -s", deadline, script.text());
  } catch (const Error& e) {
    rethrow_with_context(e, "phase " + phase);
  }
  if (result.ok()) return parse_script_output(std::move(result));

  std::string what = "the phase script";
  std::istringstream err(result.stderr_text);
  for (std::string line; std::getline(err, line);) {
    if (line.rfind("klab-failed ", 0) != 0) continue;
    std::istringstream words(line.substr(12));
    int rc = 0;
    std::size_t index = 0;
    if (words >> rc >> index && index < script.steps().size()) {
      const auto& [description, command] = script.steps()[index];
      what = "step \"" + description + "\" (`" + command_summary(command) + "`)";
    }
  }
  const std::string status = result.exit_signal.empty() ? "exit status " + std::to_string(result.exit_status)
                                                        : "signal " + result.exit_signal;
  throw infra_error(transport.host() + ": phase " + phase + ": " + what + " failed with " + status +
                        "; the output below says why (log in with `klab ssh " + transport.host() +
                        "` to look further)",
                    output_tail(result.stdout_text, result.stderr_text));
}

}  // namespace klab::provisioner
