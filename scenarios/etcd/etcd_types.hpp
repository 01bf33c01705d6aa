#pragma once
// What the etcd v3 API answers, as plain values (a member list: provisioner/etcd/member.hpp). IDs are uint64 (the gateway sends
// them as decimal strings); revisions and terms as etcd defines them.
#include <cstdint>
#include <string>
#include <vector>

#include "provisioner/etcd/member.hpp"

namespace klab::scenarios {

/// Every etcd response carries it: which cluster and member answered, at which
/// revision and raft term.
struct ResponseHeader {
  std::uint64_t cluster_id = 0;
  std::uint64_t member_id = 0;
  std::int64_t revision = 0;
  std::uint64_t raft_term = 0;
};

struct EtcdHealth {
  bool healthy = false;
  std::string reason;  // etcd's own words when unhealthy (may be empty)
};

struct KeyValue {
  std::string key;
  std::string value;
  std::int64_t create_revision = 0;
  std::int64_t mod_revision = 0;
  std::int64_t version = 0;
};

struct RangeResult {
  ResponseHeader header;
  std::vector<KeyValue> kvs;
  std::int64_t count = 0;
};

struct EndpointStatus {
  ResponseHeader header;  // header.member_id: who answered; header.cluster_id
  std::string version;
  std::uint64_t leader = 0;  // 0: no leader known to this member
  std::uint64_t raft_index = 0;
  std::uint64_t raft_term = 0;
  std::int64_t db_size = 0;
  std::vector<std::string> errors;
};

struct HashKv {
  ResponseHeader header;
  std::uint32_t hash = 0;
  std::int64_t compact_revision = 0;
  std::int64_t revision = 0;  // the revision asked for (0: the member's current one)
};

}  // namespace klab::scenarios
