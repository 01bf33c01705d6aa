#pragma once
// Which hosts of a Plan take which part in the rendered configuration.
#include <optional>
#include <string>
#include <vector>

#include "lab/plan.hpp"
#include "provisioner/settings.hpp"

namespace klab::provisioner {

/// etcd members: the masters, in declaration order.
std::vector<const lab::HostPlan*> etcd_hosts(const lab::Plan& plan);

/// Hosts running haproxy + keepalived: the LB host(s) and every master, when the lab has
/// a VIP (seeds/003: masters are backups, so losing the LB host is survivable).
/// Empty without a VIP (the `single` preset).
std::vector<const lab::HostPlan*> vip_hosts(const lab::Plan& plan);

/// The (first) host with role lb; nullptr when the lab has none.
const lab::HostPlan* lb_host(const lab::Plan& plan);

/// The VRRP priority of `host`: lb_priority on an LB host, master_priority_max minus
/// step per earlier master on a master; nullopt for hosts outside vip_hosts().
std::optional<int> vrrp_priority(const KeepalivedSettings& settings, const lab::Plan& plan,
                                 const lab::HostPlan& host);

/// Throws a usage Error naming what is missing when the lab has no VIP or no master:
/// `what` says which file could not be rendered.
void require_vip(const lab::Plan& plan, const std::string& what);

}  // namespace klab::provisioner
