#include "provisioner/render/lab_view.hpp"

#include "base/error.hpp"

namespace klab::provisioner {

std::vector<const lab::HostPlan*> etcd_hosts(const lab::Plan& plan) {
  std::vector<const lab::HostPlan*> out;
  for (const lab::HostPlan& h : plan.hosts) {
    if (h.role == lab::Role::master) out.push_back(&h);
  }
  return out;
}

std::vector<const lab::HostPlan*> vip_hosts(const lab::Plan& plan) {
  std::vector<const lab::HostPlan*> out;
  if (!plan.network.vip) return out;
  for (const lab::HostPlan& h : plan.hosts) {
    if (h.role == lab::Role::lb) out.push_back(&h);
  }
  for (const lab::HostPlan& h : plan.hosts) {
    if (h.role == lab::Role::master) out.push_back(&h);
  }
  return out;
}

const lab::HostPlan* lb_host(const lab::Plan& plan) {
  for (const lab::HostPlan& h : plan.hosts) {
    if (h.role == lab::Role::lb) return &h;
  }
  return nullptr;
}

std::optional<int> vrrp_priority(const KeepalivedSettings& settings, const lab::Plan& plan,
                                 const lab::HostPlan& host) {
  if (!plan.network.vip) return std::nullopt;
  if (host.role == lab::Role::lb) return settings.lb_priority;
  if (host.role != lab::Role::master) return std::nullopt;
  int index = 0;
  for (const lab::HostPlan& h : plan.hosts) {
    if (&h == &host || h.name == host.name) break;
    if (h.role == lab::Role::master) ++index;
  }
  return settings.master_priority_max - index * settings.master_priority_step;
}

void require_vip(const lab::Plan& plan, const std::string& what) {
  if (!plan.network.vip) {
    throw usage_error("cannot render " + what + " for lab '" + plan.lab +
                      "': it has no VIP; set network.vip in klab.yaml (haproxy and keepalived "
                      "run only in labs with a VIP)");
  }
  if (etcd_hosts(plan).empty()) {
    throw usage_error("cannot render " + what + " for lab '" + plan.lab +
                      "': it has no host with role master; declare at least one");
  }
}

}  // namespace klab::provisioner
