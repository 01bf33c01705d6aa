#include "provisioner/deploy/host_script.hpp"

#include <optional>
#include <sstream>
#include <string_view>

#include "base/error.hpp"
#include "provisioner/transport/shell_quote.hpp"

namespace klab::provisioner {
namespace {

// Defined once per script. LC_ALL=C: stable tool output; a fixed PATH: sshd's may lack
// the sbin directories for root on some images.
constexpr const char* kPreamble = R"SH(set -u
export LC_ALL=C PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
# Every process costs ~200 ms on a TCG guest, so the helpers use shell builtins and
# start one sha256sum and one stat for all the files of a script, not a pipeline per file.
klab_mark() {
  klab_now=-
  read -r klab_now _ </proc/uptime 2>/dev/null
  printf '%s %s%s\n' "$1" "$klab_now" "${2:+ $2}"
}
klab_fact() {
  klab_key=$1
  set -f
  klab_ifs=$IFS
  IFS='
'
  # shellcheck disable=SC2086
  set -- $2
  IFS=$klab_ifs
  set +f
  printf 'K %s %s\n' "$klab_key" "$*"
}
klab_files() {
  klab_n=$#
  for klab_f do
    if [ -f "$klab_f" ]; then set -- "$@" "$klab_f"; else printf 'F - - - - %s\n' "$klab_f"; fi
  done
  shift "$klab_n"
  [ $# -gt 0 ] || return 0
  sha256sum --tag -- "$@"
  stat -c 'M %a %U %G %n' -- "$@"
}
klab_fail() { printf 'klab-failed %s %s\n' "$1" "$2" >&2; exit "$1"; }
klab_mark B
)SH";

std::string one_line(const std::string& text) {
  std::string out;
  for (char c : text) out += (c == '\n' || c == '\r') ? ' ' : c;
  return out;
}

}  // namespace

HostScript& HostScript::fact(const std::string& key, const std::string& command) {
  flush_file_probes();
  lines_.push_back("klab_fact " + shell_quote(key) + " \"$( { " + command + " ; } 2>/dev/null)\"  # klab-fact:" + key);
  return *this;
}

HostScript& HostScript::probe_file(const std::string& path) {
  pending_probes_.push_back(path);
  return *this;
}

HostScript& HostScript::step(const std::string& description, const std::string& command) {
  flush_file_probes();
  const std::size_t index = steps_.size();
  steps_.emplace_back(description, command);
  lines_.push_back("klab_mark S " + shell_quote(one_line(description)));
  // A subshell: an `exit` inside the command ends the step, not the script unreported.
  lines_.push_back("( " + command + "\n) || klab_fail $? " + std::to_string(index));
  return *this;
}

HostScript& HostScript::raw(const std::string& line) {
  flush_file_probes();
  lines_.push_back(line);
  return *this;
}

void HostScript::flush_file_probes() {
  if (pending_probes_.empty()) return;
  std::string line = "klab_files";
  for (const std::string& path : pending_probes_) line += " " + shell_quote(path);
  lines_.push_back(line);
  pending_probes_.clear();
}

std::string HostScript::text() const {
  HostScript copy = *this;
  copy.flush_file_probes();
  std::string out = kPreamble;
  for (const std::string& line : copy.lines_) out += line + "\n";
  out += "klab_mark T\nexit 0\n";
  return out;
}

std::string ScriptResult::fact(const std::string& key) const {
  const auto it = facts.find(key);
  return it == facts.end() ? std::string() : it->second;
}

namespace {

std::string trim_right(std::string s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.pop_back();
  return s;
}

// "K <key> <value>"
void parse_fact(const std::string& rest, ScriptResult& out) {
  const auto space = rest.find(' ');
  if (space == std::string::npos) out.facts[rest] = "";
  else out.facts[rest.substr(0, space)] = trim_right(rest.substr(space + 1));
}

// "SHA256 (<path>) = <hex>", as `sha256sum --tag` prints it; the path may hold anything
// but a newline, so it is read from both ends.
bool parse_hash(const std::string& line, std::map<std::string, std::string>& hashes) {
  constexpr std::string_view kHead = "SHA256 (";
  const auto tail = line.rfind(") = ");
  if (line.rfind(kHead, 0) != 0 || tail == std::string::npos || tail < kHead.size()) return false;
  hashes[line.substr(kHead.size(), tail - kHead.size())] = line.substr(tail + 4);
  return true;
}

// "M <octal mode> <owner> <group> <path>", from `stat -c`.
void parse_meta(const std::string& rest, std::map<std::string, RemoteFile>& metas) {
  std::istringstream words(rest);
  std::string mode, owner, group, path;
  words >> mode >> owner >> group;
  std::getline(words, path);
  if (!path.empty() && path.front() == ' ') path.erase(0, 1);
  RemoteFile f;
  f.mode = static_cast<unsigned>(std::stoul(mode, nullptr, 8));
  f.owner = owner;
  f.group = group;
  metas[path] = f;
}

// "<mark> <uptime seconds|->": centisecond marks of the guest's /proc/uptime.
std::optional<std::chrono::milliseconds> parse_mark(const std::string& rest) {
  const std::string word = rest.substr(0, rest.find(' '));
  if (word.empty() || word == "-") return std::nullopt;
  try {
    return std::chrono::milliseconds(static_cast<std::int64_t>(std::stod(word) * 1000.0 + 0.5));
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

// Each step lasts from its own mark to the next one (the script's end for the last).
void step_durations(const std::vector<std::optional<std::chrono::milliseconds>>& marks,
                    std::optional<std::chrono::milliseconds> end, ScriptResult& out) {
  for (std::size_t i = 0; i < marks.size(); ++i) {
    const auto until = i + 1 < marks.size() ? marks[i + 1] : end;
    out.step_elapsed.push_back(marks[i] && until ? std::optional(*until - *marks[i]) : std::nullopt);
  }
}

}  // namespace

ScriptResult parse_script_output(CommandResult result) {
  ScriptResult out;
  std::map<std::string, std::string> hashes;
  std::map<std::string, RemoteFile> metas;
  std::vector<std::optional<std::chrono::milliseconds>> step_marks;
  std::optional<std::chrono::milliseconds> begin, end;
  std::istringstream in(result.stdout_text);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("K ", 0) == 0) parse_fact(line.substr(2), out);
    else if (line.rfind("F - - - - ", 0) == 0) out.files[line.substr(10)] = RemoteFile{};
    else if (line.rfind("M ", 0) == 0) parse_meta(line.substr(2), metas);
    else if (line.rfind("S ", 0) == 0) step_marks.push_back(parse_mark(line.substr(2)));
    else if (line.rfind("B ", 0) == 0) begin = parse_mark(line.substr(2));
    else if (line.rfind("T ", 0) == 0) end = parse_mark(line.substr(2));
    else parse_hash(line, hashes);
  }
  // A file counts as present only with both its hash and its metadata (it may vanish
  // between the two tools).
  for (auto& [path, f] : metas) {
    const auto hash = hashes.find(path);
    if (hash == hashes.end()) continue;
    f.exists = true;
    f.sha256 = hash->second;
    out.files[path] = f;
  }
  for (const auto& [path, sha] : hashes) out.files.try_emplace(path);
  step_durations(step_marks, end, out);
  if (begin && end) out.guest_elapsed = *end - *begin;
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
