#pragma once
// The JSON of etcd's gRPC gateway (etcd 3.4: /v3/...): requests built and responses
// parsed. proto3 JSON leaves out zero values and writes 64-bit integers as strings;
// keys and values are base64. Malformed input throws klab::Error (infrastructure)
// naming the call.
#include <string>
#include <string_view>

#include "scenarios/etcd/etcd_types.hpp"

namespace klab::scenarios::etcd_json {

std::string put_request(std::string_view key, std::string_view value);
/// A single key, or every key starting with `key` when prefix is true.
std::string range_request(std::string_view key, bool prefix);

ResponseHeader parse_put(const std::string& body);
RangeResult parse_range(const std::string& body);
EndpointStatus parse_status(const std::string& body);
/// GET /health: {"health":"true"} or {"health":"false","reason":"..."}.
EtcdHealth parse_health(const std::string& body);
/// The gateway's error body {"error":..,"message":..,"code":N} as "message (gRPC code N)";
/// the raw body (shortened) when it is not one.
std::string error_message(const std::string& body);

/// Throws the infrastructure Error of an answer that is not what `what` returns (the
/// member list is parsed by provisioner/etcd/member.hpp, its error policy is this one).
[[noreturn]] void malformed(const std::string& what, const std::string& body);

/// The end of the range of keys starting with `prefix` (etcd's range_end rule).
std::string prefix_range_end(std::string_view prefix);

}  // namespace klab::scenarios::etcd_json
