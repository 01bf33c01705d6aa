#pragma once
// etcdserverpb.Maintenance/HashKV over gRPC (HTTP/2 over TLS, through libcurl, which
// klab already uses for downloads and which does HTTP/2 with nghttp2). Synchronous,
// with a timeout; used by EtcdClient::hash_kv.
#include <chrono>
#include <cstdint>

#include "scenarios/etcd/endpoint.hpp"
#include "scenarios/etcd/etcd_types.hpp"
#include "scenarios/etcd/tls_files.hpp"

namespace klab::scenarios {

/// HashKV at `revision` (0: the member's current revision). Throws klab::Error
/// (infrastructure) with etcd's reason (compacted, future revision) or the transport
/// problem.
HashKv grpc_hash_kv(const Endpoint& endpoint, const TlsFiles& tls, std::int64_t revision,
                    std::chrono::milliseconds timeout);

}  // namespace klab::scenarios
