#pragma once
// etcdctl run inside a master (it has the etcd CA and a server certificate that is also a
// client certificate), for the membership steps of the rejoin procedures. The output
// parsers are pure and unit-tested.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "lab/plan.hpp"
#include "provisioner/settings.hpp"
#include "scenarios/cluster_view.hpp"

namespace klab::scenarios {

/// `ETCDCTL_API=3 etcdctl --endpoints=https://<on>:2379 --cacert ... <args>`, run on `on`.
std::string etcdctl_command(const provisioner::Settings& settings, const lab::HostPlan& on,
                            const std::string& args);

/// Parses `etcdctl -w json member list`. Throws an infrastructure Error on bad JSON.
std::vector<EtcdMember> parse_member_list(const std::string& json);

/// The ETCD_INITIAL_CLUSTER value printed by `etcdctl member add`; nullopt if absent.
std::optional<std::string> parse_member_add_initial_cluster(const std::string& output);

/// The revision in `etcdctl -w json snapshot status <file>` output.
std::optional<std::int64_t> parse_snapshot_revision(const std::string& json);

/// The member of `members` that is `host` (by name, or by its peer URL when unstarted).
std::optional<EtcdMember> find_member(const std::vector<EtcdMember>& members,
                                      const std::string& host, const std::string& peer_url);

/// Member IDs as etcdctl takes them: lower-case hex.
std::string member_id_hex(std::uint64_t id);

}  // namespace klab::scenarios
