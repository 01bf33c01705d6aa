#include "provisioner/verify/verify.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <mutex>
#include <set>
#include <thread>

#include "provisioner/deploy/host_sync.hpp"
#include "provisioner/etcd/etcdctl.hpp"
#include "provisioner/render/lab_view.hpp"
#include "provisioner/transport/deadline.hpp"
#include "base/strings.hpp"

namespace klab::provisioner {
namespace {

constexpr const char* kStep = "verify";

bool holds_address(const std::string& ip_addr_output, const std::string& address) {
  return ip_addr_output.find(" inet " + address + "/") != std::string::npos;
}

std::optional<MemberHealth> parse_status(const std::string& host, const std::string& json) {
  const std::optional<etcd::EndpointStatus> st = etcd::parse_endpoint_status(json);
  if (!st) return std::nullopt;
  MemberHealth m;
  m.host = host;
  m.cluster_id = st->cluster_id;
  m.member_id = st->member_id;
  m.version = st->version;
  m.leader = st->leader;
  return m;
}

bool all_healthy(const std::string& json) {
  const auto health = etcd::parse_endpoint_health(json);
  if (health.empty()) return false;
  for (const auto& [endpoint, ok] : health)
    if (!ok) return false;
  return true;
}

const lab::HostPlan* client_host(const lab::Plan& plan) {
  if (const lab::HostPlan* lb = lb_host(plan)) return lb;
  const auto masters = etcd_hosts(plan);
  return masters.empty() ? nullptr : masters.front();
}

// What verify asks one host, by the roles it has in this lab.
struct HostRoles {
  bool vip = false;     // may hold the VIP: its IPv4 addresses
  bool member = false;  // a systemd etcd member: its own status and health
  bool client = false;  // asks the whole cluster, the VIP and the LB's proxy
};

struct RoundSetup {
  std::string vip;
  const lab::HostPlan* client = nullptr;
  bool systemd_etcd = false;
  std::set<std::string> vip_hosts;

  HostRoles roles(const lab::HostPlan& host) const {
    return {vip_hosts.contains(host.name), systemd_etcd && host.role == lab::Role::master,
            &host == client && systemd_etcd};
  }
};

HostScript round_script(const PhaseContext& ctx, const RoundSetup& setup, const lab::HostPlan& host) {
  const Settings& settings = ctx.settings;
  const HostRoles roles = setup.roles(host);
  const std::string local = etcd::local_client_url(settings.etcd);
  HostScript s;
  if (roles.vip) s.fact("ipv4", "ip -4 -o addr show");
  if (roles.member) {
    s.fact("status", etcd::etcdctl_command(settings, {local}, {"endpoint", "status", "-w", "json"}));
    s.fact("health", etcd::etcdctl_command(settings, {local}, {"endpoint", "health", "-w", "json"}));
  }
  if (!roles.client) return s;
  s.fact("members", etcd::etcdctl_command(settings, etcd::member_client_urls(ctx.plan, settings.etcd),
                                          {"member", "list", "-w", "json"}));
  if (!setup.vip.empty())
    s.fact("vip_health", etcd::etcdctl_command(settings, {etcd::vip_url(ctx.plan, settings)}, {"endpoint", "health", "-w", "json"}));
  if (host.role == lab::Role::lb)
    s.fact("proxy_health",
           etcd::etcdctl_command(settings, {"https://" + host.ip.str() + ":" + std::to_string(settings.etcd.grpc_proxy_port)},
                                 {"endpoint", "health", "-w", "json"}));
  return s;
}

void absorb(const PhaseContext& ctx, const RoundSetup& setup, const lab::HostPlan& host, const ScriptResult& r,
            VerifyReport& report) {
  const HostRoles roles = setup.roles(host);
  if (!setup.vip.empty() && holds_address(r.fact("ipv4"), setup.vip)) report.vip_holders.push_back(host.name);
  if (roles.member) {
    MemberHealth unknown;
    unknown.host = host.name;
    MemberHealth m = parse_status(host.name, r.fact("status")).value_or(unknown);
    m.healthy = all_healthy(r.fact("health"));
    report.members.push_back(m);
  }
  if (!roles.client) return;
  report.member_list = etcd::parse_member_list(r.fact("members")).list;
  if (!setup.vip.empty()) {
    report.vip_etcd_ok = all_healthy(r.fact("vip_health"));
    report.vip_etcd_url = etcd::vip_url(ctx.plan, ctx.settings);
  }
  if (host.role == lab::Role::lb) report.proxy_etcd_ok = all_healthy(r.fact("proxy_health"));
}

// Plan order, whatever order the workers finished in.
void sort_in_plan_order(const lab::Plan& plan, VerifyReport& report) {
  auto order = [&](const std::string& name) {
    for (std::size_t i = 0; i < plan.hosts.size(); ++i)
      if (plan.hosts[i].name == name) return i;
    return plan.hosts.size();
  };
  std::sort(report.members.begin(), report.members.end(),
            [&](const MemberHealth& a, const MemberHealth& b) { return order(a.host) < order(b.host); });
  std::sort(report.vip_holders.begin(), report.vip_holders.end(),
            [&](const std::string& a, const std::string& b) { return order(a) < order(b); });
}

VerifyReport one_round(PhaseContext& ctx) {
  const lab::Plan& plan = ctx.plan;
  RoundSetup setup{plan.network.vip ? plan.network.vip->str() : "", client_host(plan),
                   ctx.settings.etcd.mode == EtcdMode::systemd, {}};
  for (const lab::HostPlan* h : vip_hosts(plan)) setup.vip_hosts.insert(h->name);
  VerifyReport report;
  report.vip = setup.vip;
  if (setup.client) report.checked_from = setup.client->name;

  std::vector<const lab::HostPlan*> hosts;
  for (const lab::HostPlan& h : plan.hosts) {
    const HostRoles roles = setup.roles(h);
    if (roles.vip || roles.member || &h == setup.client) hosts.push_back(&h);
  }
  std::mutex mutex;
  for_each_host(ctx, kStep, hosts, [&](const lab::HostPlan& host) {
    const ScriptResult r = run_script(ctx.hosts.of(host.name), kStep, round_script(ctx, setup, host), ctx.options.probe_timeout);
    std::lock_guard lock(mutex);
    absorb(ctx, setup, host, r, report);
  });
  sort_in_plan_order(plan, report);
  report.problems = assess(report, setup.systemd_etcd ? etcd_hosts(plan).size() : 0);
  return report;
}

}  // namespace

std::vector<std::string> assess(const VerifyReport& r, std::size_t expected_members) {
  std::vector<std::string> problems;
  std::set<std::string> ids;
  int healthy = 0;
  for (const MemberHealth& m : r.members) {
    if (m.healthy) ++healthy;
    else problems.push_back(m.host + ": etcd is not healthy over TLS (`klab etcdctl -- endpoint health --cluster`)");
    if (!m.cluster_id.empty()) ids.insert(m.cluster_id);
  }
  if (expected_members > 0) {
    if (ids.size() > 1) {
      std::string list;
      for (const MemberHealth& m : r.members) list += " " + m.host + "=" + m.cluster_id;
      problems.push_back("the members report different cluster IDs:" + list + " — a split cluster");
    }
    std::size_t started = 0;
    if (r.member_list)
      for (const etcd::Member& m : r.member_list->members) started += m.started() ? 1 : 0;
    if (!r.member_list) problems.push_back("the member list could not be read from " + r.checked_from);
    else if (started != expected_members || r.member_list->members.size() != expected_members)
      problems.push_back(fmt::format("the member list has {} members, {} started; expected {} started",
                                     r.member_list->members.size(), started, expected_members));
  }
  if (!r.vip.empty()) {
    if (r.vip_holders.size() != 1) {
      std::string holders = base::join(r.vip_holders, ", ");
      problems.push_back(fmt::format("expected exactly one keepalived MASTER holding VIP {}, found {}{}", r.vip,
                                     r.vip_holders.size(), holders.empty() ? "" : " (" + holders + ")"));
    }
    if (r.vip_etcd_ok && !*r.vip_etcd_ok)
      problems.push_back("etcd does not answer through haproxy on " + r.vip_etcd_url + " (checked from " +
                         r.checked_from + ")");
  }
  if (r.proxy_etcd_ok && !*r.proxy_etcd_ok)
    problems.push_back("the etcd gRPC proxy on " + r.checked_from + " does not answer");
  return problems;
}

VerifyReport verify_deploy(PhaseContext& ctx, const VerifyOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  const auto deadline = start + options.deadline;
  VerifyReport report;
  for (int attempt = 1;; ++attempt) {
    report = one_round(ctx);
    report.attempts = attempt;
    if (report.ok() || std::chrono::steady_clock::now() + options.pause >= deadline) break;
    ctx.progress.note(fmt::format("verify: attempt {}: {} problem(s), checking again", attempt, report.problems.size()));
    std::this_thread::sleep_for(options.pause);
  }
  report.elapsed = elapsed_since(start);
  return report;
}

std::string to_text(const VerifyReport& r) {
  std::string out;
  if (!r.members.empty()) {
    int healthy = 0;
    for (const MemberHealth& m : r.members) healthy += m.healthy ? 1 : 0;
    out += fmt::format("etcd: {}/{} members healthy over TLS\n", healthy, r.members.size());
    for (const MemberHealth& m : r.members)
      out += fmt::format("  {:<16} {:<9} cluster {} member {} {}{}\n", m.host, m.healthy ? "healthy" : "UNHEALTHY",
                         m.cluster_id.empty() ? "?" : m.cluster_id, m.member_id.empty() ? "?" : m.member_id,
                         m.version.empty() ? "" : "v" + m.version, m.leader ? " leader" : "");
  }
  if (r.member_list) {
    int started = 0;
    for (const etcd::Member& m : r.member_list->members) started += m.started() ? 1 : 0;
    out += fmt::format("etcd: member list: {} members, {} started, cluster ID {}\n", r.member_list->members.size(),
                       started, r.member_list->cluster_id_hex());
  }
  if (!r.vip.empty()) {
    std::string holders = base::join(r.vip_holders, ", ");
    out += fmt::format("vip: {} held by {} (keepalived MASTER)\n", r.vip, holders.empty() ? "nobody" : holders);
    if (r.vip_etcd_ok)
      out += fmt::format("vip: etcd through haproxy on {} from {}: {}\n", r.vip_etcd_url, r.checked_from,
                         *r.vip_etcd_ok ? "healthy" : "FAILED");
  }
  if (r.proxy_etcd_ok)
    out += fmt::format("etcd gRPC proxy on {}: {}\n", r.checked_from, *r.proxy_etcd_ok ? "healthy" : "FAILED");
  out += fmt::format("verify: {} after {} attempt(s), {}\n", r.ok() ? "ok" : "FAILED", r.attempts,
                     format_duration(r.elapsed));
  for (const std::string& p : r.problems) out += "  problem: " + p + "\n";
  return out;
}

}  // namespace klab::provisioner
