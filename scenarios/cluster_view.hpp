#pragma once
// ClusterView: what the engine, role resolution and the invariant checks ask about the
// running cluster. Implemented by the probes (scenarios/probes/, over etcd's HTTP API
// and SSH); fakes in the unit tests. A member or host that does not answer is an
// expected outcome during a fault and comes back as a value (reachable = false,
// std::nullopt), never as an exception; exceptions mean the harness itself is broken.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "provisioner/etcd/member.hpp"

namespace klab::scenarios {

/// `etcdctl endpoint status` of one member (asked directly, not through the VIP).
struct EtcdEndpointStatus {
  bool reachable = false;
  std::string error;               // why not, when !reachable
  std::uint64_t cluster_id = 0;
  std::uint64_t member_id = 0;
  std::uint64_t leader_id = 0;     // 0: the member knows no leader
  std::int64_t revision = 0;
  std::uint64_t raft_term = 0;
  bool is_leader() const { return reachable && member_id != 0 && member_id == leader_id; }
};

/// keepalived's VRRP state on one host. Seen from the wire (scenarios/live/), a host is
/// MASTER while it advertises and `silent` otherwise: BACKUP, FAULT and a stopped
/// keepalived do not advertise, so they cannot be told apart from outside the guest.
enum class VrrpState { master, backup, fault, stopped, silent, unknown };
/// "MASTER", "BACKUP", "FAULT", "STOPPED", "not advertising", "UNKNOWN"
std::string to_string(VrrpState state);

class ClusterView {
 public:
  virtual ~ClusterView() = default;

  /// Status of the etcd member on `host` (a master), asked directly.
  virtual EtcdEndpointStatus etcd_status(const std::string& host) = 0;
  /// The member list as the member on `host` sees it; nullopt when it does not answer.
  virtual std::optional<std::vector<provisioner::etcd::Member>> etcd_members(const std::string& host) = 0;
  /// HashKV of the member on `host` at `revision`; nullopt when it does not answer or
  /// the revision is compacted.
  virtual std::optional<std::uint32_t> etcd_hash_kv(const std::string& host,
                                                    std::int64_t revision) = 0;
  /// Every key under `prefix` with its value, read linearizably through any healthy
  /// member; nullopt when no member could serve the read.
  virtual std::optional<std::map<std::string, std::string>> etcd_read_prefix(
      const std::string& prefix) = 0;

  /// keepalived's state on every VIP host (lb + masters), keyed by host name.
  virtual std::map<std::string, VrrpState> keepalived_states() = 0;
  /// Hosts that have the VIP configured on an interface right now.
  virtual std::vector<std::string> vip_holders() = 0;
};

}  // namespace klab::scenarios
