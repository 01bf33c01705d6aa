#pragma once
// What one probe asks and of whom: an HTTPS endpoint, the path, and how to judge the
// answer. etcd: GET /health must say {"health":"true"} (200). apiserver: GET /readyz
// must answer 200 "ok".
#include <string>
#include <vector>

#include "scenarios/etcd/endpoint.hpp"
#include "scenarios/etcd/https_connection.hpp"
#include "scenarios/probe_set.hpp"

namespace klab::scenarios {

enum class ProbeKind { etcd_health, apiserver_readyz };

struct ProbeTarget {
  std::string name;  // "vip", or a master's host name ("kube-master1")
  Endpoint endpoint;
  ProbeKind kind = ProbeKind::etcd_health;
  std::vector<ConnectionMode> modes;  // empty: the probe set's (fresh and reused)
};

ProbeTarget etcd_health_target(std::string name, Endpoint endpoint);
ProbeTarget apiserver_readyz_target(std::string name, Endpoint endpoint);

/// The request path for `kind` ("/health", "/readyz").
std::string probe_path(ProbeKind kind);

/// Empty when `response` is a healthy answer for `kind`; otherwise why not
/// ("HTTP 503: etcd unhealthy: NOSPACE").
std::string judge_response(ProbeKind kind, const HttpResponse& response);

}  // namespace klab::scenarios
