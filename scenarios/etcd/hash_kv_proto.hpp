#pragma once
// The two protobuf messages of etcd's Maintenance/HashKV RPC, in gRPC framing. etcd
// 3.4's JSON gateway cannot reach HashKV (its URL collides with Hash, which ignores the
// revision; fixed only in 3.5.10), so klab speaks gRPC for this one call and encodes
// these messages itself: a handful of varints does not justify libprotobuf.
//
//   HashKVRequest  { int64 revision = 1; }
//   HashKVResponse { ResponseHeader header = 1; uint32 hash = 2; int64 compact_revision = 3; }
//   ResponseHeader { uint64 cluster_id = 1; uint64 member_id = 2; int64 revision = 3;
//                    uint64 raft_term = 4; }
#include <cstdint>
#include <optional>
#include <string>

#include "scenarios/etcd/etcd_types.hpp"

namespace klab::scenarios::hash_kv_proto {

/// A length-prefixed gRPC message (uncompressed) holding HashKVRequest{revision}.
std::string framed_request(std::int64_t revision);

/// Decodes a gRPC response body (one length-prefixed HashKVResponse); nullopt when
/// it is not one.
std::optional<HashKv> parse_framed_response(const std::string& body);

}  // namespace klab::scenarios::hash_kv_proto
