#include "provisioner/deploy/etcd_start.hpp"

#include "base/error.hpp"
#include "provisioner/etcd/etcdctl.hpp"
#include "provisioner/deploy/etcd_files.hpp"
#include "provisioner/deploy/host_sync.hpp"
#include "provisioner/render/etcd_flags.hpp"
#include "provisioner/transport/shell_quote.hpp"
#include "base/strings.hpp"

namespace klab::provisioner {
namespace {

constexpr const char* kPhase = "etcd";

std::string local_member_list(const Settings& settings) {
  return etcd::etcdctl_command(settings, {etcd::local_client_url(settings.etcd)},
                         {"member", "list", "-w", "json"});
}

// The common tail of a start: data dir, unit reload, enable, (re)start, steady file.
void add_start_steps(HostScript& s, PhaseContext& ctx, const MemberWork& w, const std::set<std::string>& changed,
                     bool staged, bool force_start) {
  const std::string data_dir = shell_quote(ctx.settings.etcd.data_dir);
  if (!w.probe.has_data) s.step("create the data dir", "install -d -o etcd -g etcd -m 0700 " + data_dir);
  if (changed.contains(kEtcdDropInPath)) s.step("reload systemd units", "systemctl daemon-reload");
  if (w.probe.enabled != "enabled") s.step("enable etcd", "systemctl enable -q etcd");
  bool files_changed = false;
  for (const std::string& path : changed) files_changed = files_changed || path != kEtcdSteadyStaged;
  if (force_start || files_changed || w.probe.active != "active")
    s.step(w.probe.active == "active" ? "restart etcd" : "start etcd", "systemctl restart etcd");
  if (staged)
    s.step("install the steady-state /etc/default/etcd",
           "mv -f " + shell_quote(kEtcdSteadyStaged) + " " + shell_quote(kEtcdEnvPath));
  if (s.has_steps()) s.fact("members", local_member_list(ctx.settings));
}

std::optional<etcd::MemberList> run_apply(PhaseContext& ctx, const lab::HostPlan& host, const HostScript& s) {
  const std::optional<ScriptResult> r = apply_steps(ctx, kPhase, host, s, ctx.options.apply_timeout);
  if (!r) return std::nullopt;
  return etcd::parse_member_list(r->fact("members")).list;
}

std::vector<EtcdMember> initial_cluster_of(const etcd::MemberList& list, const lab::Plan& plan,
                                           const EtcdSettings& settings) {
  std::vector<EtcdMember> out;
  for (const lab::HostPlan& h : plan.hosts) {
    if (h.role != lab::Role::master) continue;
    if (etcd::find_member(list.members, h.name, peer_url(settings, h.ip))) out.push_back(EtcdMember{h.name, h.ip});
  }
  return out;
}

}  // namespace

std::optional<etcd::MemberList> start_member(PhaseContext& ctx, const MemberWork& w, const std::string& token) {
  const EtcdClusterSpec steady = steady_spec(ctx.plan, token);
  EtcdClusterSpec start = steady;
  start.state = w.decision.state;
  const EtcdStartFiles files = etcd_start_files(ctx, *w.host, start, steady);
  const std::set<std::string> changed = upload_changed(ctx, kPhase, *w.host, files.files, w.probe_result);
  HostScript s;
  // Debian's package starts a default one-member etcd on 127.0.0.1:2379/2380 when it is
  // installed (the image disables it at boot): it must not hold the ports.
  const bool foreign = w.probe.active == "active" && !w.probe.env_is_klabs;
  if (foreign) s.step("stop the etcd Debian started with its default config", "systemctl stop etcd");
  add_start_steps(s, ctx, w, changed, files.staged, foreign);
  return run_apply(ctx, *w.host, s);
}

std::optional<etcd::MemberList> join_member(PhaseContext& ctx, const MemberWork& w, const lab::HostPlan& helper,
                                          const etcd::MemberList& before, const std::string& token) {
  const std::vector<std::string> endpoints = etcd::member_client_urls(ctx.plan, ctx.settings.etcd);
  HostScript h;
  if (w.decision.member_remove) {
    const etcd::Member* m = etcd::find_member(before.members, w.host->name, peer_url(ctx.settings.etcd, w.host->ip));
    if (m)
      h.step("member remove " + w.host->name,
             etcd::etcdctl_command(ctx.settings, endpoints, {"member", "remove", etcd::hex_id(m->id)}));
  }
  if (w.decision.member_add)
    h.step("member add " + w.host->name,
           etcd::etcdctl_command(ctx.settings, endpoints,
                           {"member", "add", w.host->name, "--peer-urls=" + peer_url(ctx.settings.etcd, w.host->ip)}));
  h.fact("members", etcd::etcdctl_command(ctx.settings, endpoints, {"member", "list", "-w", "json"}));
  ctx.progress.host_state(helper.name, std::string(kPhase) + ": membership of " + w.host->name);
  const ScriptResult hr = run_script(ctx.hosts.of(helper.name), kPhase, h, ctx.options.apply_timeout);
  record_actions(ctx, helper.name, h, hr);
  const std::optional<etcd::MemberList> after = etcd::parse_member_list(hr.fact("members")).list;
  if (!after || !etcd::find_member(after->members, w.host->name, peer_url(ctx.settings.etcd, w.host->ip)))
    throw infra_error(helper.name + ": phase etcd: after member add, the member list read on " + helper.name +
                          " does not list " + w.host->name + "; see `klab etcdctl -- member list -w table`",
                      output_tail(hr.result.stdout_text, hr.result.stderr_text));

  const EtcdClusterSpec steady = steady_spec(ctx.plan, token);
  const EtcdClusterSpec start{initial_cluster_of(*after, ctx.plan, ctx.settings.etcd), InitialClusterState::existing,
                              token};
  const EtcdStartFiles files = etcd_start_files(ctx, *w.host, start, steady);
  const std::set<std::string> changed = upload_changed(ctx, kPhase, *w.host, files.files, w.probe_result);
  HostScript s;
  if (w.probe.active == "active" || w.probe.active == "activating") s.step("stop etcd", "systemctl stop etcd");
  if (w.decision.wipe_data)
    s.step("wipe the stale data dir", "rm -rf " + shell_quote(ctx.settings.etcd.data_dir));
  MemberWork fresh = w;
  fresh.probe.has_data = false;  // wiped, or there was none
  fresh.probe.active = "inactive";
  add_start_steps(s, ctx, fresh, changed, files.staged, true);
  return run_apply(ctx, *w.host, s);
}

}  // namespace klab::provisioner
