#include "lab/plan_json.hpp"

namespace klab::lab {

nlohmann::json to_json(const HostPlan& h) {
  return {
      {"name", h.name},
      {"fqdn", h.fqdn},
      {"role", to_string(h.role)},
      {"ip", h.ip.str()},
      {"mac", h.mac},
      {"vcpus", h.resources.vcpus},
      {"memory_mib", h.resources.memory_mib},
      {"disk_gib", h.resources.disk_gib},
      {"uri", h.uri},
      {"libvirt", {{"domain", h.domain_name}, {"disk_volume", h.disk_volume},
                   {"seed_volume", h.seed_volume}}},
  };
}

nlohmann::json to_json(const Plan& plan) {
  const NetworkPlan& n = plan.network;
  nlohmann::json network = {
      {"name", n.name},      {"bridge", n.bridge},
      {"subnet", n.subnet.str()}, {"gateway", n.gateway.str()},
      {"domain", n.domain},  {"mode", to_string(n.mode)},
      {"vip", n.vip ? nlohmann::json(n.vip->str()) : nlohmann::json(nullptr)},
  };
  if (n.vip) network["vip_fqdn"] = n.vip_fqdn;
  nlohmann::json hosts = nlohmann::json::array();
  for (const auto& h : plan.hosts) hosts.push_back(to_json(h));
  return {
      {"name", plan.lab},
      {"source", plan.source},
      {"uri", plan.uri},
      {"accel", to_string(plan.accel)},
      {"image", plan.image},
      {"libvirt", {{"pool", plan.pool_name}, {"base_volume", plan.base_volume}}},
      {"network", network},
      {"hosts", hosts},
  };
}

}  // namespace klab::lab
