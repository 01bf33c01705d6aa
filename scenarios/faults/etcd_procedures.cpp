#include "scenarios/faults/etcd_procedures.hpp"

#include <algorithm>
#include <regex>
#include <sstream>

#include "base/error.hpp"
#include "provisioner/etcd/etcdctl.hpp"
#include "provisioner/etcd/etcdctl_output.hpp"
#include "provisioner/etcd/member.hpp"
#include "provisioner/render/etcd_flags.hpp"
#include "scenarios/duration.hpp"
#include "scenarios/faults/guest_ops.hpp"
#include "base/strings.hpp"

namespace klab::scenarios {

using namespace std::chrono_literals;
using provisioner::run_checked;

void require_systemd_etcd(const provisioner::Settings& settings) {
  if (settings.etcd.mode != provisioner::EtcdMode::systemd)
    throw usage_error("the etcd rejoin faults need etcd in systemd mode (they edit " + etcd_env_file +
                      "); this lab runs etcd as a " + provisioner::to_string(settings.etcd.mode) +
                      ": run the scenario on a lab deployed with etcd mode systemd");
}

const lab::HostPlan& must_master(const lab::Plan& plan, const std::string& host) {
  const lab::HostPlan* h = plan.find_host(host);
  if (h && h->role == lab::Role::master) return *h;
  const std::string masters =
      base::join(plan.hosts_with_role(lab::Role::master), ", ", [](const lab::HostPlan* m) { return m->name; });
  throw usage_error("'" + host + "' is not an etcd member of lab '" + plan.lab +
                    "': etcd faults target masters (" + masters + ")");
}

std::string pick_healthy_peer(FaultContext& ctx, const std::vector<std::string>& excluded) {
  std::string why;
  for (const lab::HostPlan* m : ctx.plan.hosts_with_role(lab::Role::master)) {
    if (std::find(excluded.begin(), excluded.end(), m->name) != excluded.end()) continue;
    const EtcdEndpointStatus s = ctx.cluster.etcd_status(m->name);
    if (s.reachable && s.leader_id != 0) return m->name;
    why += "\n  " + m->name + ": " + (s.reachable ? "no leader" : s.error);
  }
  throw infra_error("no healthy etcd member to run the membership steps on:" + why);
}

std::string etcdctl_on(const provisioner::Settings& settings, const lab::HostPlan& on, const std::string& shell_args) {
  return provisioner::etcd::etcdctl_command_line(settings, {provisioner::client_url(settings.etcd, on.ip)}, shell_args,
                                                 provisioner::etcd::EtcdctlTimeouts{0, 15},
                                                 provisioner::etcd::ClientCert::server);
}

std::vector<provisioner::etcd::Member> member_list_via(FaultContext& ctx, const std::string& peer) {
  const lab::HostPlan& on = must_master(ctx.plan, peer);
  const std::string out =
      run_checked(ctx.transport(peer), etcdctl_on(ctx.settings, on, "-w json member list"), guest_deadline).stdout_text;
  provisioner::etcd::ParsedMemberList parsed = provisioner::etcd::parse_member_list(out);
  if (!parsed.list) throw infra_error("cannot read `etcdctl member list` output: " + parsed.error, out);
  return std::move(parsed.list->members);
}

void replace_member(FaultContext& ctx, const std::string& host, std::chrono::milliseconds join_within) {
  require_systemd_etcd(ctx.settings);
  const lab::HostPlan& target = must_master(ctx.plan, host);
  const std::string peer = pick_healthy_peer(ctx, {host});
  const lab::HostPlan& peer_plan = must_master(ctx.plan, peer);
  provisioner::Transport& t = ctx.transport(host);
  provisioner::Transport& via = ctx.transport(peer);
  const std::string peer_url = provisioner::peer_url(ctx.settings.etcd, target.ip);

  systemctl(t, "stop", etcd_unit);
  const std::vector<provisioner::etcd::Member> members = member_list_via(ctx, peer);
  if (const provisioner::etcd::Member* old = provisioner::etcd::find_member(members, host, peer_url)) {
    run_checked(via, etcdctl_on(ctx.settings, peer_plan, "member remove " + provisioner::etcd::hex_id(old->id)),
                guest_deadline);
    ctx.timeline.add(EventKind::step, host, "member remove " + provisioner::etcd::hex_id(old->id) + " (via " + peer + ")");
  }
  wipe_directory(t, ctx.settings.etcd.data_dir);
  const std::string added =
      run_checked(via,
                  etcdctl_on(ctx.settings, peer_plan,
                                  "member add " + host + " --peer-urls=" + peer_url),
                  guest_deadline)
          .stdout_text;
  const auto initial_cluster = provisioner::etcd::parse_member_add_initial_cluster(added);
  if (!initial_cluster)
    throw infra_error("`etcdctl member add " + host + "` on " + peer +
                      " printed no ETCD_INITIAL_CLUSTER line", added);
  ctx.timeline.add(EventKind::step, host, "member add (via " + peer + "); start with existing");
  set_env_value(t, etcd_env_file, "ETCD_INITIAL_CLUSTER", *initial_cluster);
  set_env_value(t, etcd_env_file, "ETCD_INITIAL_CLUSTER_STATE", "existing");
  systemctl(t, "start", etcd_unit, /*no_block=*/true);
  wait_member_joined(ctx, host, join_within);
  // With data in place etcd ignores the flags again: the deployed file comes back.
  restore_env_file(t, etcd_env_file);
}

std::optional<std::string> member_problem(FaultContext& ctx, const std::string& host) {
  const EtcdEndpointStatus self = ctx.cluster.etcd_status(host);
  if (!self.reachable) return "etcd on " + host + " does not answer: " + self.error;
  for (const lab::HostPlan* m : ctx.plan.hosts_with_role(lab::Role::master)) {
    if (m->name == host) continue;
    const EtcdEndpointStatus other = ctx.cluster.etcd_status(m->name);
    if (!other.reachable) continue;
    if (other.cluster_id != self.cluster_id)
      return "etcd on " + host + " is in cluster " + provisioner::etcd::hex_id(self.cluster_id) + ", " + m->name +
             " in " + provisioner::etcd::hex_id(other.cluster_id);
    const auto members = ctx.cluster.etcd_members(m->name);
    if (!members) continue;
    for (const provisioner::etcd::Member& member : *members)
      if (member.name == host) return std::nullopt;
    return host + " is not a started member in " + m->name + "'s member list";
  }
  return "no other member answers to confirm " + host + " joined";
}

void wait_member_joined(FaultContext& ctx, const std::string& host, std::chrono::milliseconds within) {
  std::optional<std::string> problem;
  const WaitResult r = wait_until(
      ctx.clock, ctx.clock.now() + within, 1s,
      [&] { return !(problem = member_problem(ctx, host)); }, ctx.interrupted);
  if (r == WaitResult::met) {
    ctx.timeline.add(EventKind::state, host, "etcd member rejoined");
    return;
  }
  if (r == WaitResult::interrupted) throw infra_error("interrupted while waiting for " + host + " to rejoin");
  throw Error(ErrorKind::check_failed,
              "etcd on " + host + " did not rejoin within " + format_duration(within) + ": " + *problem);
}

std::optional<std::string> watch_for(FaultContext& ctx, std::chrono::milliseconds within,
                                     const std::function<std::optional<std::string>()>& probe) {
  std::optional<std::string> evidence;
  wait_until(ctx.clock, ctx.clock.now() + within, 1s, [&] { return bool(evidence = probe()); },
             ctx.interrupted);
  return evidence;
}

std::optional<std::string> first_matching_line(const std::string& text,
                                               const std::vector<std::string>& patterns) {
  std::vector<std::regex> res;
  for (const std::string& p : patterns) res.emplace_back(p, std::regex::icase | std::regex::ECMAScript);
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    for (const std::regex& re : res)
      if (std::regex_search(line, re)) return line;
  return std::nullopt;
}

std::optional<std::string> journal_match(FaultContext& ctx, const std::string& host,
                                         const std::string& epoch,
                                         const std::vector<std::string>& patterns) {
  return first_matching_line(journal_since(ctx.transport(host), {etcd_unit}, epoch), patterns);
}

std::unique_ptr<ActiveFault> etcd_restart_guard(const std::string& host, std::chrono::milliseconds join_within) {
  return make_guard(
      "etcd stopped on " + host,
      [host, join_within](FaultContext& c) {
        provisioner::Transport& t = c.transport(host);
        if (!unit_active(t, etcd_unit)) systemctl(t, "start", etcd_unit, /*no_block=*/true);
        wait_member_joined(c, host, join_within);
      },
      [host](FaultContext& c) { return member_problem(c, host); });
}

std::unique_ptr<ActiveFault> env_restore_guard(const std::string& host, const std::string& what) {
  return make_guard(
      etcd_env_file + " on " + host + ": " + what,
      [host](FaultContext& c) { restore_env_file(c.transport(host), etcd_env_file); },
      [host](FaultContext& c) -> std::optional<std::string> {
        if (!env_file_edited(c.transport(host), etcd_env_file)) return std::nullopt;
        return etcd_env_file + " on " + host + " is still edited (" + env_backup_path(etcd_env_file) +
               " exists)";
      });
}

std::unique_ptr<ActiveFault> replace_member_guard(const std::string& host, std::chrono::milliseconds join_within) {
  return make_guard(
      "etcd data of " + host + " wiped (heal: member remove, wipe, member add, start existing)",
      [host, join_within](FaultContext& c) {
        if (!member_problem(c, host)) return;  // already a healthy member again
        replace_member(c, host, join_within);
      },
      [host](FaultContext& c) { return member_problem(c, host); });
}

void stop_and_wipe_member(FaultContext& ctx, const std::string& host, std::chrono::milliseconds join_within,
                          FaultStack& stack) {
  provisioner::Transport& t = ctx.transport(host);
  mark_effect(ctx, stop_unit(t, etcd_unit));
  stack.push(etcd_restart_guard(host, join_within));
  wipe_directory(t, ctx.settings.etcd.data_dir);
  stack.push(replace_member_guard(host, join_within));
}

}  // namespace klab::scenarios
