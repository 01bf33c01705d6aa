#include "scenarios/faults/guest_ops.hpp"

#include <algorithm>

#include "base/error.hpp"
#include "provisioner/transport/shell_quote.hpp"

namespace klab::scenarios {

using provisioner::run_checked;
using provisioner::shell_quote;

void systemctl(provisioner::Transport& t, const std::string& verb, const std::string& unit,
               bool no_block) {
  run_checked(t, "systemctl " + verb + (no_block ? " --no-block " : " ") + shell_quote(unit),
              guest_deadline);
}

namespace {

/// Runs `command` and then `date +%s%N` in the same guest shell.
GuestTime run_timed(provisioner::Transport& t, const std::string& command) {
  const provisioner::CommandResult r = run_checked(t, command + " && date '+%s%N'", guest_deadline);
  // date's line is the last one; whatever the command printed comes before it.
  std::string text = r.stdout_text;
  while (!text.empty() && text.back() == '\n') text.pop_back();
  const std::string last = text.substr(text.rfind('\n') + 1);  // npos + 1 == 0: the whole text
  if (last.empty() || last.size() > 20 || !std::all_of(last.begin(), last.end(), ::isdigit)) return std::nullopt;
  return std::chrono::system_clock::time_point(
      std::chrono::duration_cast<std::chrono::system_clock::duration>(std::chrono::nanoseconds(std::stoll(last))));
}

}  // namespace

GuestTime kill_unit(provisioner::Transport& t, const std::string& unit, const std::string& signal) {
  return run_timed(t, "systemctl kill --kill-who=all -s " + shell_quote(signal) + " " + shell_quote(unit));
}

GuestTime stop_unit(provisioner::Transport& t, const std::string& unit) {
  return run_timed(t, "systemctl stop " + shell_quote(unit));
}

namespace {
// In /run: a runtime drop-in, gone at the next boot whatever happens to klab.
std::string no_restart_dir(const std::string& unit) {
  const std::string file_name = unit.find('.') == std::string::npos ? unit + ".service" : unit;
  return "/run/systemd/system/" + file_name + ".d";
}
std::string no_restart_file(const std::string& unit) { return no_restart_dir(unit) + "/klab-fault-no-restart.conf"; }
}  // namespace

void set_no_restart(provisioner::Transport& t, const std::string& unit) {
  run_checked(t, "mkdir -p " + shell_quote(no_restart_dir(unit)) + " && printf '[Service]\\nRestart=no\\n' > " +
                     shell_quote(no_restart_file(unit)) + " && systemctl daemon-reload",
              guest_deadline);
}

void clear_no_restart(provisioner::Transport& t, const std::string& unit) {
  const std::string file = no_restart_file(unit);
  run_checked(t, "if test -e " + shell_quote(file) + "; then rm -f " + shell_quote(file) +
                     " && systemctl daemon-reload; fi",
              guest_deadline);
}

bool has_no_restart(provisioner::Transport& t, const std::string& unit) {
  return t.run("test -e " + shell_quote(no_restart_file(unit)), guest_deadline).ok();
}

bool unit_active(provisioner::Transport& t, const std::string& unit) {
  return t.run("systemctl is-active --quiet " + shell_quote(unit), guest_deadline).ok();
}

std::string guest_epoch(provisioner::Transport& t) {
  std::string out = run_checked(t, "date +%s", guest_deadline).stdout_text;
  out.erase(std::remove_if(out.begin(), out.end(), [](char c) { return c < '0' || c > '9'; }),
            out.end());
  if (out.empty()) throw infra_error("cannot read the clock of " + t.host() + ": `date +%s` printed no number");
  return out;
}

std::string journal_since(provisioner::Transport& t, const std::vector<std::string>& units,
                          const std::string& epoch) {
  std::string command = "journalctl --no-pager -o short-iso --since @" + shell_quote(epoch);
  for (const std::string& unit : units) command += " -u " + shell_quote(unit);
  return run_checked(t, command, guest_deadline).stdout_text;
}

void wipe_directory(provisioner::Transport& t, const std::string& path) {
  if (path.size() < 2 || path[0] != '/' || std::count(path.begin(), path.end(), '/') < 2)
    throw usage_error("refusing to wipe '" + path + "' on " + t.host() +
                      ": only directories two levels deep or more are wiped");
  run_checked(t, "test -d " + shell_quote(path) + " && find " + shell_quote(path) +
                     " -mindepth 1 -delete || mkdir -p " + shell_quote(path),
              guest_deadline);
}

bool directory_empty(provisioner::Transport& t, const std::string& path) {
  auto r = run_checked(t, "find " + shell_quote(path) + " -mindepth 1 -print -quit 2>/dev/null; true",
                       guest_deadline);
  return r.stdout_text.empty();
}

std::string env_backup_path(const std::string& file) { return file + ".klab-fault-backup"; }

void set_env_value(provisioner::Transport& t, const std::string& file, const std::string& key,
                   const std::string& value) {
  const std::string backup = env_backup_path(file);
  const std::string line = key + "=\"" + value + "\"";
  // Replace the key's line, or append it when the file lacks it.
  const std::string script =
      "set -e; f=" + shell_quote(file) + "; b=" + shell_quote(backup) + "; k=" + shell_quote(key) +
      "; l=" + shell_quote(line) +
      "\ntest -e \"$b\" || cp -p \"$f\" \"$b\"\n"
      "if grep -q \"^$k=\" \"$f\"; then\n"
      "  awk -v k=\"$k\" -v l=\"$l\" 'index($0, k \"=\") == 1 { print l; next } { print }' \"$f\" > \"$f.klab-tmp\"\n"
      "  cat \"$f.klab-tmp\" > \"$f\"; rm -f \"$f.klab-tmp\"\n"
      "else printf '%s\\n' \"$l\" >> \"$f\"; fi\n";
  run_checked(t, "sh -c " + shell_quote(script), guest_deadline);
}

void restore_env_file(provisioner::Transport& t, const std::string& file) {
  const std::string backup = env_backup_path(file);
  run_checked(t, "if test -e " + shell_quote(backup) + "; then cat " + shell_quote(backup) + " > " +
                     shell_quote(file) + " && rm -f " + shell_quote(backup) + "; fi",
              guest_deadline);
}

bool env_file_edited(provisioner::Transport& t, const std::string& file) {
  return t.run("test -e " + shell_quote(env_backup_path(file)), guest_deadline).ok();
}

}  // namespace klab::scenarios
