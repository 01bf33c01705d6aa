#include "scenarios/faults/recovery.hpp"

#include <algorithm>
#include <set>
#include <sstream>

#include "base/error.hpp"
#include "provisioner/transport/shell_quote.hpp"
#include "scenarios/faults/etcd_procedures.hpp"
#include "scenarios/faults/guest_ops.hpp"

namespace klab::scenarios {
namespace {

using namespace std::chrono_literals;
using provisioner::run_checked;
using provisioner::shell_quote;

// The services a deploy enables; recovery starts those that are enabled and stopped.
const std::vector<std::string> deployed_units = {"etcd", "haproxy", "keepalived", "etcd-grpc-proxy"};

void recover_host_side(FaultContext& ctx, const std::string& host, const std::vector<std::string>& all_hosts,
                       RecoveryReport& report) {
  const lab::HostState state = ctx.lab.state(host);
  if (state == lab::HostState::paused) {
    ctx.lab.resume(host);
    report.actions.push_back(host + " was paused: resumed");
  } else if (state == lab::HostState::shut_off || state == lab::HostState::crashed) {
    ctx.lab.start(host);
    report.actions.push_back(host + " was " + lab::to_string(state) + ": started");
  }
  if (!ctx.lab.link_up(host)) {
    ctx.lab.set_link(host, true);
    report.actions.push_back("link of " + host + " was down: set up");
  }
  if (ctx.lab.has_netem(host)) {
    ctx.lab.remove_netem(host);
    report.actions.push_back("netem on " + host + ": removed");
  }
  for (const std::string& other : all_hosts)
    if (other != host && ctx.lab.has_partition(host, other)) {
      ctx.lab.remove_partition(host, other);
      report.actions.push_back("partition " + host + " <-> " + other + ": removed");
    }
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) out.push_back(line);
  return out;
}

// One round trip: klab's drop-ins, fault backups, and enabled-but-stopped services.
struct GuestArtifacts {
  std::vector<std::string> dropins, backups, stopped_units;
};

GuestArtifacts find_guest_artifacts(provisioner::Transport& t) {
  std::string units;
  for (const std::string& u : deployed_units) units += " " + shell_quote(u);
  const std::string script =
      "find /run/systemd/system -path '*.d/klab-fault-*.conf' 2>/dev/null | sed 's/^/dropin /'; "
      "for f in /etc/default/*" + env_backup_path("") + "; do test -e \"$f\" && echo \"backup $f\"; done; "
      "for u in" + units + "; do systemctl is-enabled --quiet \"$u\" 2>/dev/null && "
      "! systemctl is-active --quiet \"$u\" && echo \"stopped $u\"; done; true";
  GuestArtifacts found;
  for (const std::string& line : lines_of(run_checked(t, script, guest_deadline).stdout_text)) {
    const auto space = line.find(' ');
    if (space == std::string::npos) continue;
    const std::string kind = line.substr(0, space), what = line.substr(space + 1);
    if (kind == "dropin") found.dropins.push_back(what);
    else if (kind == "backup") found.backups.push_back(what);
    else if (kind == "stopped") found.stopped_units.push_back(what);
  }
  return found;
}

void recover_etcd_member(FaultContext& ctx, const std::string& host, bool stopped, RecoveryReport& report) {
  provisioner::Transport& t = ctx.transport(host);
  if (directory_empty(t, ctx.settings.etcd.data_dir)) {
    replace_member(ctx, host, 180s);
    report.actions.push_back("etcd data of " + host + " was wiped: member replaced (remove, add, start existing)");
    return;
  }
  if (stopped) {
    systemctl(t, "start", etcd_unit, /*no_block=*/true);
    report.actions.push_back("etcd on " + host + " was stopped: started with its data");
  }
  if (stopped || member_problem(ctx, host)) wait_member_joined(ctx, host, 180s);
}

void recover_guest_side(FaultContext& ctx, const std::string& host, RecoveryReport& report) {
  provisioner::Transport& t = ctx.transport(host);
  const GuestArtifacts found = find_guest_artifacts(t);
  if (!found.dropins.empty()) {
    std::string rm = "rm -f";
    for (const std::string& f : found.dropins) rm += " " + shell_quote(f);
    run_checked(t, rm + " && systemctl daemon-reload", guest_deadline);
    for (const std::string& f : found.dropins) report.actions.push_back(host + ": removed " + f);
  }
  const std::string suffix = env_backup_path("");
  for (const std::string& backup : found.backups) {
    const std::string file = backup.substr(0, backup.size() - suffix.size());
    restore_env_file(t, file);
    report.actions.push_back(host + ": restored " + file + " from " + backup);
  }
  const lab::HostPlan* plan = ctx.plan.find_host(host);
  const bool etcd_member = plan && plan->role == lab::Role::master;
  for (const std::string& unit : found.stopped_units) {
    if (unit == etcd_unit && etcd_member) continue;  // below: never a blind start
    systemctl(t, "start", unit);
    report.actions.push_back(host + ": " + unit + " was stopped: started");
  }
  if (etcd_member)
    recover_etcd_member(ctx, host,
                        std::count(found.stopped_units.begin(), found.stopped_units.end(), etcd_unit) > 0,
                        report);
}

}  // namespace

RecoveryReport recover_hosts(FaultContext& ctx, const std::vector<std::string>& hosts) {
  RecoveryReport report;
  std::vector<std::string> all;
  for (const lab::HostPlan& h : ctx.plan.hosts) all.push_back(h.name);
  // Host side first: a paused guest or a dropped link would make every guest step time out.
  for (const std::string& host : hosts) {
    try {
      recover_host_side(ctx, host, all, report);
    } catch (const std::exception& e) {
      report.remaining.push_back(host + " (host side): " + e.what());
    }
  }
  for (const std::string& host : hosts) {
    try {
      recover_guest_side(ctx, host, report);
    } catch (const std::exception& e) {
      report.remaining.push_back(host + ": " + e.what());
    }
  }
  return report;
}

RecoveryReport recover_recorded(FaultContext& ctx, FaultLedger& ledger) {
  const std::vector<LedgerEntry> entries = ledger.entries();
  if (entries.empty()) return {};
  std::set<std::string> hosts;
  for (const LedgerEntry& e : entries) hosts.insert(e.hosts.begin(), e.hosts.end());
  RecoveryReport report = recover_hosts(ctx, {hosts.begin(), hosts.end()});
  for (const std::string& left : ctx.lab.leftovers()) report.remaining.push_back("host side: " + left);
  if (report.ok()) ledger.clear_all();
  return report;
}

}  // namespace klab::scenarios
