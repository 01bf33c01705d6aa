#pragma once
// Fakes of every interface the scenario engine uses, header-only. FakeLab is a tiny
// simulated lab: LabControl operations change what FakeClusterView reports (a destroyed
// host's etcd stops answering, the VIP moves to the best remaining backup), so the engine
// loop can be driven end to end without VMs.
#include <algorithm>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "base/error.hpp"
#include "lab/plan.hpp"
#include "provisioner/transport/transport.hpp"
#include "scenarios/clock.hpp"
#include "scenarios/cluster_view.hpp"
#include "scenarios/lab_control.hpp"
#include "scenarios/probe_set.hpp"

namespace klab::scenarios::testing {

inline lab::Plan make_plan() {
  lab::Plan plan;
  plan.lab = "t";
  plan.network.vip = lab::Ipv4{(192u << 24) | (168u << 16) | (49u << 8) | 160u};
  auto host = [](std::string name, lab::Role role, unsigned last) {
    lab::HostPlan h;
    h.name = std::move(name);
    h.role = role;
    h.ip = lab::Ipv4{(192u << 24) | (168u << 16) | (49u << 8) | last};
    return h;
  };
  plan.hosts = {host("lb", lab::Role::lb, 150), host("m1", lab::Role::master, 151),
                host("m2", lab::Role::master, 152), host("m3", lab::Role::master, 153)};
  return plan;
}

class FakeClock : public Clock {
 public:
  time_point now() override { return now_; }
  void sleep_for(std::chrono::milliseconds d) override {
    now_ += d;
    ++sleeps;
    if (on_sleep) on_sleep();
  }
  time_point now_{std::chrono::steady_clock::time_point{} + std::chrono::hours(1)};
  int sleeps = 0;
  std::function<void()> on_sleep;
};

/// The cluster as the probes would see it: each field is what the fake answers.
class FakeClusterView : public ClusterView {
 public:
  std::map<std::string, EtcdEndpointStatus> status;
  std::map<std::string, std::vector<provisioner::etcd::Member>> members;
  std::map<std::string, std::uint32_t> hashes;  // host → HashKV
  std::map<std::string, std::string> kv;        // what a read-back returns
  bool kv_readable = true;
  std::map<std::string, VrrpState> vrrp;
  std::vector<std::string> holders;
  int queries = 0;

  /// A healthy 3-member cluster (m1 leader) with the VIP on lb.
  static FakeClusterView healthy() {
    FakeClusterView v;
    std::vector<provisioner::etcd::Member> list;
    for (int i = 1; i <= 3; ++i) {
      const std::string h = "m" + std::to_string(i);
      v.status[h] = {true, "", 0xc1, static_cast<std::uint64_t>(i), 1, 100, 2};
      list.push_back({static_cast<std::uint64_t>(i), h, {"https://" + h + ":2380"}, {"https://" + h + ":2379"}, false});
      v.hashes[h] = 4242;
    }
    for (int i = 1; i <= 3; ++i) v.members["m" + std::to_string(i)] = list;
    v.vrrp = {{"lb", VrrpState::master}, {"m1", VrrpState::backup}, {"m2", VrrpState::backup}, {"m3", VrrpState::backup}};
    v.holders = {"lb"};
    return v;
  }

  EtcdEndpointStatus etcd_status(const std::string& host) override {
    ++queries;
    auto it = status.find(host);
    if (it == status.end()) return {false, "no such member", 0, 0, 0, 0, 0};
    return it->second;
  }
  std::optional<std::vector<provisioner::etcd::Member>> etcd_members(const std::string& host) override {
    if (!etcd_status(host).reachable) return std::nullopt;
    auto it = members.find(host);
    if (it == members.end()) return std::nullopt;
    return it->second;
  }
  std::optional<std::uint32_t> etcd_hash_kv(const std::string& host, std::int64_t) override {
    if (!etcd_status(host).reachable || !hashes.count(host)) return std::nullopt;
    return hashes.at(host);
  }
  std::optional<std::map<std::string, std::string>> etcd_read_prefix(const std::string& prefix) override {
    if (!kv_readable) return std::nullopt;
    std::map<std::string, std::string> out;
    for (const auto& [k, v] : kv)
      if (k.rfind(prefix, 0) == 0) out[k] = v;
    return out;
  }
  std::map<std::string, VrrpState> keepalived_states() override {
    std::map<std::string, VrrpState> out = vrrp;
    for (auto& [host, left] : still_master_polls)
      if (left != 0) {
        out[host] = VrrpState::master;
        if (left > 0) --left;
      }
    return out;
  }
  /// A host that comes back still looks like a MASTER for this many polls (-1: for ever),
  /// as a partitioned keepalived does until it hears the LB's advert and its last advert
  /// leaves the wire watch's 3 x advert_int window.
  std::map<std::string, int> master_polls_after_up;
  std::map<std::string, int> still_master_polls;
  std::vector<std::string> vip_holders() override { return holders; }

  /// A host goes away: etcd stops answering; a leader loses leadership to the lowest
  /// remaining member; a VIP holder hands the VIP to the best remaining VRRP host.
  void host_down(const std::string& host) {
    down.insert(host);
    if (status.count(host)) {
      const bool was_leader = status[host].is_leader();
      status[host].reachable = false;
      status[host].error = "connection refused";
      if (was_leader)
        for (auto& [h, s] : status)
          if (s.reachable) {
            for (auto& [h2, s2] : status) s2.leader_id = s.member_id, s2.raft_term += 1;
            break;
          }
    }
    if (vrrp.count(host)) vrrp[host] = VrrpState::stopped;
    if (std::find(holders.begin(), holders.end(), host) != holders.end()) {
      holders.clear();
      for (const char* next : {"m1", "m2", "m3"})
        if (!down.count(next) && vrrp.count(next)) {
          holders = {next};
          vrrp[next] = VrrpState::master;
          break;
        }
    }
  }
  /// The host is back: etcd answers as a follower; the LB preempts the VIP again.
  void host_up(const std::string& host) {
    down.erase(host);
    if (status.count(host)) {
      status[host].reachable = true;
      status[host].error.clear();
      for (auto& [h, s] : status)
        if (s.reachable && h != host) status[host].leader_id = s.leader_id;
    }
    if (vrrp.count(host)) vrrp[host] = VrrpState::backup;
    if (master_polls_after_up.count(host)) still_master_polls[host] = master_polls_after_up[host];
    if (host == "lb") {
      for (auto& [h, s] : vrrp) if (s == VrrpState::master) s = VrrpState::backup;
      vrrp["lb"] = VrrpState::master;
      holders = {"lb"};
    }
  }
  std::set<std::string> down;
};

/// LabControl over FakeClusterView: power/link/suspend change the simulated cluster.
class FakeLab : public LabControl {
 public:
  explicit FakeLab(FakeClusterView& view, const lab::Plan& plan) : view_(view) {
    for (const auto& h : plan.hosts) power[h.name] = lab::HostState::running, link[h.name] = true;
  }
  std::map<std::string, lab::HostState> power;
  std::map<std::string, bool> link;
  std::map<std::string, NetemSpec> netem;
  std::set<std::pair<std::string, std::string>> partitions;
  std::vector<std::string> calls;
  std::vector<std::string> extra_leftovers;
  std::string fail_on;        // an operation name that throws (an infrastructure error)
  int fail_at_call = -1;      // the call with this index (0-based) throws
  bool ignore_start = false;  // start() "succeeds" but the host stays off

  lab::HostState state(const std::string& host) override { return power.at(host); }
  void start(const std::string& h) override { op("start", h); if (!ignore_start) { power[h] = lab::HostState::running; update(h); } }
  void destroy(const std::string& h) override { op("destroy", h); power[h] = lab::HostState::shut_off; update(h); }
  void reset(const std::string& h) override { op("reset", h); }
  void reboot(const std::string& h) override { op("reboot", h); }
  void suspend(const std::string& h) override { op("suspend", h); power[h] = lab::HostState::paused; update(h); }
  void resume(const std::string& h) override { op("resume", h); power[h] = lab::HostState::running; update(h); }
  void set_link(const std::string& h, bool up) override { op(up ? "link-up" : "link-down", h); link[h] = up; update(h); }
  bool link_up(const std::string& h) override { return link.at(h); }
  void add_netem(const std::string& h, const NetemSpec& s) override { op("add-netem", h); netem[h] = s; }
  void remove_netem(const std::string& h) override { op("remove-netem", h); netem.erase(h); }
  bool has_netem(const std::string& h) override { return netem.count(h) > 0; }
  void add_partition(const std::string& a, const std::string& b) override {
    op("add-partition", a + "|" + b);
    partitions.insert(std::minmax(a, b));
  }
  void remove_partition(const std::string& a, const std::string& b) override {
    op("remove-partition", a + "|" + b);
    partitions.erase(std::minmax(a, b));
  }
  bool has_partition(const std::string& a, const std::string& b) override { return partitions.count(std::minmax(a, b)) > 0; }
  std::vector<std::string> leftovers() override {
    std::vector<std::string> out = extra_leftovers;
    for (const auto& [h, s] : power) if (s == lab::HostState::paused) out.push_back(h + " is paused");
    for (const auto& [h, up] : link) if (!up) out.push_back("link of " + h + " is down");
    for (const auto& [h, s] : netem) out.push_back("netem on " + h);
    for (const auto& [a, b] : partitions) out.push_back("partition " + a + " <-> " + b);
    return out;
  }
  std::vector<std::filesystem::path> console_logs() override { return {"/var/log/libvirt/qemu/t-m1.log"}; }

 private:
  void op(const std::string& name, const std::string& host) {
    calls.push_back(name + " " + host);
    const bool fail = (!fail_on.empty() && fail_on == name) ||
                      fail_at_call == static_cast<int>(calls.size()) - 1;
    if (fail) throw infra_error(name + " " + host + " failed (fake)");
  }
  void update(const std::string& h) {
    const bool up = power[h] == lab::HostState::running && link[h];
    if (up) view_.host_up(h);
    else view_.host_down(h);
  }
  FakeClusterView& view_;
};

/// A Transport answering scripted commands: the first rule whose needle occurs in the
/// command answers; unmatched commands succeed with empty output.
class FakeTransport : public provisioner::Transport {
 public:
  explicit FakeTransport(std::string host) : host_(std::move(host)) {}
  struct Rule {
    std::string needle;
    provisioner::CommandResult result;
    std::function<void()> effect;
  };
  std::vector<Rule> rules;
  std::vector<std::string> commands;
  std::vector<provisioner::FileUpload> uploads;
  bool unreachable = false;

  void on(std::string needle, std::string out, int exit = 0, std::function<void()> effect = {}) {
    provisioner::CommandResult r;
    r.exit_status = exit;
    r.stdout_text = std::move(out);
    rules.push_back({std::move(needle), r, std::move(effect)});
  }
  const std::string& host() const override { return host_; }
  std::size_t count(const std::string& needle) const {
    return std::count_if(commands.begin(), commands.end(),
                         [&](const std::string& c) { return c.find(needle) != std::string::npos; });
  }

 protected:
  provisioner::CommandResult do_run(const std::string& command, std::chrono::milliseconds,
                                    const std::string&) override {
    if (unreachable) throw infra_error("cannot reach " + host_ + " (fake)");
    commands.push_back(command);
    for (const Rule& rule : rules)
      if (command.find(rule.needle) != std::string::npos) {
        if (rule.effect) rule.effect();
        return rule.result;
      }
    provisioner::CommandResult ok;
    ok.exit_status = 0;
    return ok;
  }
  void do_upload(const std::vector<provisioner::FileUpload>& files, std::chrono::milliseconds) override {
    uploads.insert(uploads.end(), files.begin(), files.end());
  }

 private:
  std::string host_;
};

class FakeTransports {
 public:
  // Locked: the engine asks for several hosts' transports from parallel threads.
  FakeTransport& operator[](const std::string& host) {
    std::lock_guard lock(mutex_);
    auto it = map_.find(host);
    if (it == map_.end()) it = map_.emplace(host, std::make_unique<FakeTransport>(host)).first;
    return *it->second;
  }
  std::function<provisioner::Transport&(const std::string&)> fn() {
    return [this](const std::string& h) -> provisioner::Transport& { return (*this)[h]; };
  }

 private:
  std::mutex mutex_;
  std::map<std::string, std::unique_ptr<FakeTransport>> map_;
};

class FakeProbeSet : public ProbeSet {
 public:
  void start(const ProbeSpec& spec) override {
    started = true;
    specs.push_back(spec);
  }
  ProbeResults stop() override {
    if (!started) return {};
    started = false;
    ++stops;
    ProbeResults out = results;
    if (acks_after_polls > 0 && ack_polls <= acks_after_polls) out.acknowledged_writes.clear();  // stopped too early
    return out;
  }
  std::size_t acknowledged_so_far() const override {
    ++ack_polls;
    return started && ack_polls > acks_after_polls ? results.acknowledged_writes.size() : 0;
  }
  bool started = false;
  int stops = 0;
  std::vector<ProbeSpec> specs;
  ProbeResults results;
  mutable int ack_polls = 0;
  int acks_after_polls = 0;  // the writer's acknowledgements show only after this many polls
};

}  // namespace klab::scenarios::testing
