#pragma once
// What etcdctl prints, besides the member list (member.hpp): endpoint status and health
// (-w json), `member add`'s environment lines, `snapshot status` (-w json). Pure parsers.
#include <cstdint>
#include <map>
#include <optional>
#include <string>

namespace klab::provisioner::etcd {

/// One member's `etcdctl endpoint status -w json` (its own endpoint).
struct EndpointStatus {
  std::string cluster_id;  // hex
  std::string member_id;   // hex
  std::string version;
  bool leader = false;     // this member leads
};

/// The first endpoint of `etcdctl endpoint status -w json`; nullopt for anything else.
std::optional<EndpointStatus> parse_endpoint_status(const std::string& json);
/// `etcdctl endpoint health -w json`: endpoint -> healthy; empty for anything else.
std::map<std::string, bool> parse_endpoint_health(const std::string& json);

/// The ETCD_INITIAL_CLUSTER value printed by `etcdctl member add`; nullopt if absent.
std::optional<std::string> parse_member_add_initial_cluster(const std::string& output);
/// The revision in `etcdctl -w json snapshot status <file>` output.
std::optional<std::int64_t> parse_snapshot_revision(const std::string& json);

}  // namespace klab::provisioner::etcd
