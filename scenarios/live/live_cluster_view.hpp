#pragma once
// LiveClusterView: the ClusterView of a real lab. The etcd half asks each member
// directly over TLS with the lab's etcd CA and healthcheck client certificate
// (EtcdClient, docs/probes.md): status, member list, HashKV, reads. The keepalived half
// comes from a VrrpPoller (one SSH session per VIP host, polled in the background).
// Statuses of all members are fetched together, in parallel, and reused for
// `status_reuse` so one engine poll (a status per member) costs one round of requests.
#include <chrono>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "scenarios/cluster_view.hpp"
#include "scenarios/etcd/etcd_client.hpp"
#include "scenarios/live/vrrp_wire_watch.hpp"

namespace klab::scenarios {

struct LiveClusterConfig {
  TlsFiles tls;
  std::map<std::string, Endpoint> members;        // master host -> https://<ip>:2379
  std::chrono::milliseconds status_timeout{3000};  // status, member list
  std::chrono::milliseconds data_timeout{10000};   // HashKV, reads
  std::chrono::milliseconds status_reuse{150};
};

class LiveClusterView : public ClusterView {
 public:
  /// `vrrp` may be null for a lab without a VIP.
  LiveClusterView(LiveClusterConfig config, std::unique_ptr<VrrpWireWatch> vrrp);
  ~LiveClusterView() override;

  EtcdEndpointStatus etcd_status(const std::string& host) override;
  std::optional<std::vector<provisioner::etcd::Member>> etcd_members(const std::string& host) override;
  std::optional<std::uint32_t> etcd_hash_kv(const std::string& host, std::int64_t revision) override;
  std::optional<std::map<std::string, std::string>> etcd_read_prefix(const std::string& prefix) override;
  std::map<std::string, VrrpState> keepalived_states() override;
  std::vector<std::string> vip_holders() override;

  /// After a snapshot restore the guests know none of the kept connections: a request on
  /// one is answered with a reset (or nothing). New clients for every member.
  void forget_connections();

 private:
  struct Member {
    std::unique_ptr<EtcdClient> fast;  // status, member list
    std::unique_ptr<EtcdClient> data;  // HashKV, reads
  };
  Member& member(const std::string& host);
  void refresh_statuses();

  LiveClusterConfig config_;
  TlsClient tls_;
  std::map<std::string, Member> members_;
  std::unique_ptr<VrrpWireWatch> vrrp_;
  std::map<std::string, EtcdEndpointStatus> statuses_;
  std::chrono::steady_clock::time_point statuses_at_{};
};

/// EtcdEndpointStatus from the client's answer (pure, tested).
EtcdEndpointStatus to_endpoint_status(const EndpointStatus& status);

}  // namespace klab::scenarios
