#include "scenarios/probes/probe_target.hpp"

#include "lab/error.hpp"
#include "scenarios/etcd/etcd_json.hpp"

namespace klab::scenarios {

ProbeTarget etcd_health_target(std::string name, Endpoint endpoint) {
  return ProbeTarget{std::move(name), std::move(endpoint), ProbeKind::etcd_health, {}};
}

ProbeTarget apiserver_readyz_target(std::string name, Endpoint endpoint) {
  return ProbeTarget{std::move(name), std::move(endpoint), ProbeKind::apiserver_readyz, {}};
}

std::string probe_path(ProbeKind kind) {
  return kind == ProbeKind::etcd_health ? "/health" : "/readyz";
}

std::string judge_response(ProbeKind kind, const HttpResponse& response) {
  std::string status = "HTTP " + std::to_string(response.status);
  if (kind == ProbeKind::apiserver_readyz) {
    if (response.status == 200) return {};
    std::string body = response.body.size() > 120 ? response.body.substr(0, 120) + "..." : response.body;
    return status + ": not ready: " + body;
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
