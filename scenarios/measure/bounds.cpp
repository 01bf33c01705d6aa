#include "scenarios/measure/bounds.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "provisioner/render/lab_view.hpp"

namespace klab::scenarios {

namespace {

std::chrono::milliseconds ms(double seconds) {
  return std::chrono::milliseconds(static_cast<long long>(std::llround(seconds * 1000.0)));
}

std::string fmt(const char* format, double a, double b = 0, double c = 0, double d = 0) {
  char buf[200];
  std::snprintf(buf, sizeof buf, format, a, b, c, d);
  return buf;
}

}  // namespace

DerivedBound derive_bound(BoundKind kind, const provisioner::Settings& settings, int priority) {
  const provisioner::FailoverBounds b = provisioner::failover_bounds(settings, priority);
  const double advert = settings.keepalived.advert_int_s;
  const std::string skew = fmt("(256 − %g)/256 × %gs", priority, advert);
  DerivedBound out;
  out.kind = kind;
  switch (kind) {
    case BoundKind::vrrp_host_death:
      out.value = ms(b.vrrp_host_death_s);
      out.formula = fmt("3 × %gs + ", advert) + skew;
      break;
    case BoundKind::vrrp_graceful_stop:
      out.value = ms(b.vrrp_graceful_stop_s);
      out.formula = "skew " + skew;
      break;
    case BoundKind::haproxy_death:
      out.value = ms(b.haproxy_death_s);
      out.formula = (settings.keepalived.haproxy_tracking == provisioner::HaproxyTracking::process
                         ? fmt("track_process terminate_delay %gs + ", settings.keepalived.track_terminate_delay_s)
                         : fmt("check %gs × fall %g + ", settings.keepalived.check_interval_s,
                               settings.keepalived.check_fall)) +
                    skew;
      break;
    case BoundKind::backend_down:
      out.value = ms(b.backend_down_s);
      out.formula = fmt("haproxy inter %gs × fall %g", settings.haproxy.check_inter_s,
                        settings.haproxy.check_fall);
      break;
    case BoundKind::etcd_leader_loss:
    case BoundKind::infer:
      out.kind = BoundKind::etcd_leader_loss;
      out.value = ms(b.etcd_leader_loss_s);
      out.formula = fmt("2 × election timeout %gms", settings.etcd.election_timeout_ms);
      break;
  }
  out.formula += " = " + std::to_string(out.value.count()) + "ms";
  return out;
}

std::optional<BoundKind> infer_bound_kind(const FaultSpec& fault, Measured what, bool target_held_vip) {
  if (what == Measured::leader_change) return BoundKind::etcd_leader_loss;
  const std::string& type = fault.type;
  const std::string service = fault.params.count("service") ? fault.params.at("service") : std::string();
  const bool whole_host = type == "destroy" || type == "suspend" || type == "link-down" ||
                          type == "reset" || type == "reboot" || type == "partition";
  if (target_held_vip) {
    // The VIP must move: how fast depends on how the holder went away.
    if (whole_host) return BoundKind::vrrp_host_death;
    if (service == "keepalived")
      return type == "stop-service" ? BoundKind::vrrp_graceful_stop : BoundKind::vrrp_host_death;
    if (service == "haproxy") return BoundKind::haproxy_death;
  }
  if (what == Measured::vip_move) return std::nullopt;
  // The VIP stays; clients see one backend go away until haproxy marks it DOWN.
  if (whole_host || service == "etcd" || type.rfind("etcd-", 0) == 0) return BoundKind::backend_down;
  return std::nullopt;
}

std::optional<int> takeover_priority(const lab::Plan& plan, const provisioner::Settings& settings,
                                     const std::vector<std::string>& failed) {
  std::optional<int> best;
  for (const lab::HostPlan* h : provisioner::vip_hosts(plan)) {
    if (std::find(failed.begin(), failed.end(), h->name) != failed.end()) continue;
    const auto p = provisioner::vrrp_priority(settings.keepalived, plan, *h);
    if (p && (!best || *p > *best)) best = p;
  }
  return best;
}

}  // namespace klab::scenarios
