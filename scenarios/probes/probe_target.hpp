#pragma once
// What one probe asks and of whom: an HTTPS endpoint, the request, and how to judge the
// answer. etcd_read: a linearizable range read (POST /v3/kv/range) must answer 200 with
// a header. etcd_health: GET /health must say {"health":"true"} (200). apiserver:
// GET /readyz must answer 200 "ok".
// The scenarios probe etcd with reads, not /health: etcd 3.4 (Debian 12) answers
// /health by proposing a v2 QGET through raft, written to the WAL and fsynced on every
// member; five probes at 10 Hz were a write load of their own on TCG guests. A
// linearizable read asks the same question (a leader with a quorum serves me) through
// ReadIndex, without touching the disk.
#include <string>
#include <vector>

#include "scenarios/etcd/endpoint.hpp"
#include "scenarios/etcd/https_connection.hpp"
#include "scenarios/probe_set.hpp"

namespace klab::scenarios {

enum class ProbeKind { etcd_read, etcd_health, apiserver_readyz };

struct ProbeTarget {
  std::string name;  // "vip", or a master's host name ("kube-master1")
  Endpoint endpoint;
  ProbeKind kind = ProbeKind::etcd_health;
  std::vector<ConnectionMode> modes;  // empty: the probe set's (fresh and reused)
};

ProbeTarget etcd_read_target(std::string name, Endpoint endpoint);
ProbeTarget etcd_health_target(std::string name, Endpoint endpoint);
ProbeTarget apiserver_readyz_target(std::string name, Endpoint endpoint);

/// The request a probe of `kind` sends.
HttpRequest probe_request(ProbeKind kind, bool keep_alive);

/// Empty when `response` is a healthy answer for `kind`; otherwise why not
/// ("HTTP 503: etcd unhealthy: NOSPACE").
std::string judge_response(ProbeKind kind, const HttpResponse& response);

}  // namespace klab::scenarios
