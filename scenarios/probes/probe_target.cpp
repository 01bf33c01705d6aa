#include "scenarios/probes/probe_target.hpp"

#include "base/error.hpp"
#include "scenarios/etcd/etcd_json.hpp"

namespace klab::scenarios {

ProbeTarget etcd_read_target(std::string name, Endpoint endpoint) {
  return ProbeTarget{std::move(name), std::move(endpoint), ProbeKind::etcd_read, {}};
}

ProbeTarget etcd_health_target(std::string name, Endpoint endpoint) {
  return ProbeTarget{std::move(name), std::move(endpoint), ProbeKind::etcd_health, {}};
}

ProbeTarget apiserver_readyz_target(std::string name, Endpoint endpoint) {
  return ProbeTarget{std::move(name), std::move(endpoint), ProbeKind::apiserver_readyz, {}};
}

HttpRequest probe_request(ProbeKind kind, bool keep_alive) {
  switch (kind) {
    case ProbeKind::etcd_read:
      return HttpRequest{HttpMethod::post, "/v3/kv/range", etcd_json::range_request("/klab/probe", false), keep_alive};
    case ProbeKind::etcd_health: return HttpRequest{HttpMethod::get, "/health", {}, keep_alive};
    case ProbeKind::apiserver_readyz: return HttpRequest{HttpMethod::get, "/readyz", {}, keep_alive};
  }
  return {};
}

std::string judge_response(ProbeKind kind, const HttpResponse& response) {
  std::string status = "HTTP " + std::to_string(response.status);
  if (kind == ProbeKind::apiserver_readyz) {
    if (response.status == 200) return {};
    std::string body = response.body.size() > 120 ? response.body.substr(0, 120) + "..." : response.body;
    return status + ": not ready: " + body;
  }
  if (kind == ProbeKind::etcd_read) {
    if (response.status != 200) return status + ": read refused: " + response.body.substr(0, 120);
    try {
      etcd_json::parse_range(response.body);
      return {};
    } catch (const Error& e) {
      return status + ": " + e.what();
    }
  }
  try {
    EtcdHealth health = etcd_json::parse_health(response.body);
    if (response.status == 200 && health.healthy) return {};
    return status + ": etcd unhealthy" + (health.reason.empty() ? "" : ": " + health.reason);
  } catch (const Error& e) {
    return status + ": " + e.what();
  }
}

}  // namespace klab::scenarios
