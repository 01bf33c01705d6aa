#include "scenarios/live/live_cluster_view.hpp"

#include "base/error.hpp"
#include "base/parallel.hpp"

namespace klab::scenarios {

using Clock = std::chrono::steady_clock;

EtcdEndpointStatus to_endpoint_status(const EndpointStatus& s) {
  EtcdEndpointStatus out;
  out.reachable = true;
  out.cluster_id = s.header.cluster_id;
  out.member_id = s.header.member_id;
  out.leader_id = s.leader;
  out.revision = s.header.revision;
  out.raft_term = s.raft_term != 0 ? s.raft_term : s.header.raft_term;
  return out;
}

LiveClusterView::LiveClusterView(LiveClusterConfig config, std::unique_ptr<VrrpWireWatch> vrrp)
    : config_(std::move(config)), tls_(make_tls_client(config_.tls)), vrrp_(std::move(vrrp)) {
  forget_connections();  // connects nothing yet: the clients connect on first use
}

LiveClusterView::~LiveClusterView() = default;

void LiveClusterView::forget_connections() {
  members_.clear();
  for (const auto& [host, endpoint] : config_.members) {
    Member m;
    m.fast = std::make_unique<EtcdClient>(endpoint, tls_, config_.status_timeout);
    m.data = std::make_unique<EtcdClient>(endpoint, tls_, config_.data_timeout);
    members_.emplace(host, std::move(m));
  }
  statuses_.clear();
  statuses_at_ = {};
}

LiveClusterView::Member& LiveClusterView::member(const std::string& host) {
  auto it = members_.find(host);
  if (it == members_.end()) throw usage_error("'" + host + "' is not an etcd member of this lab");
  return it->second;
}

void LiveClusterView::refresh_statuses() {
  // One thread per member: each client is used by one thread at a time.
  std::vector<std::string> hosts;
  for (const auto& [host, m] : members_) hosts.push_back(host);
  auto status_of = [this](const std::string& host) {
    try {
      return to_endpoint_status(members_.at(host).fast->status());
    } catch (const std::exception& e) {
      EtcdEndpointStatus down;
      down.error = e.what();
      return down;
    }
  };
  std::vector<base::Outcome<EtcdEndpointStatus>> outcomes = base::parallel_map(hosts, status_of);
  for (std::size_t i = 0; i < hosts.size(); ++i) statuses_[hosts[i]] = outcomes[i].get();
  statuses_at_ = Clock::now();
}

EtcdEndpointStatus LiveClusterView::etcd_status(const std::string& host) {
  member(host);
  if (statuses_at_ == Clock::time_point{} || Clock::now() - statuses_at_ > config_.status_reuse) refresh_statuses();
  return statuses_[host];
}

std::optional<std::vector<provisioner::etcd::Member>> LiveClusterView::etcd_members(const std::string& host) {
  try {
    return member(host).fast->member_list().members;
  } catch (const Error& e) {
    if (e.kind() == ErrorKind::usage) throw;
    return std::nullopt;
  }
}

std::optional<std::uint32_t> LiveClusterView::etcd_hash_kv(const std::string& host, std::int64_t revision) {
  try {
    return member(host).data->hash_kv(revision).hash;
  } catch (const Error& e) {
    if (e.kind() == ErrorKind::usage) throw;
    return std::nullopt;
  }
}

std::optional<std::map<std::string, std::string>> LiveClusterView::etcd_read_prefix(const std::string& prefix) {
  // Members that answered the last status first: a read through a dead member waits
  // for its whole timeout.
  std::vector<std::string> order;
  for (const auto& [host, m] : members_)
    if (statuses_[host].reachable) order.push_back(host);
  for (const auto& [host, m] : members_)
    if (!statuses_[host].reachable) order.push_back(host);
  for (const std::string& host : order) {
    try {
      std::map<std::string, std::string> out;
      for (const KeyValue& kv : member(host).data->get_prefix(prefix).kvs) out[kv.key] = kv.value;
      return out;
    } catch (const Error& e) {
      if (e.kind() == ErrorKind::usage) throw;
    }
  }
  return std::nullopt;
}

std::map<std::string, VrrpState> LiveClusterView::keepalived_states() {
  return vrrp_ ? vrrp_->states() : std::map<std::string, VrrpState>{};
}

std::vector<std::string> LiveClusterView::vip_holders() {
  return vrrp_ ? vrrp_->vip_holders() : std::vector<std::string>{};
}

}  // namespace klab::scenarios
