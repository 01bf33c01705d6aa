#pragma once
// Bounds derived from the deploy configuration (reference/failure-scenarios.md):
//   keepalived host death   3 × advert_int + skew, skew = (256 − priority)/256 × advert_int
//   keepalived graceful stop  ≈ skew (it sends a priority-0 advert)
//   haproxy death (tracked)   check interval × fall + skew
//   haproxy backend down      inter × fall
//   etcd leader loss          ≈ election timeout (etcd randomises: up to 2 ×)
// `priority` is the VRRP priority of the backup that takes the VIP over.
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "lab/plan.hpp"
#include "provisioner/settings.hpp"
#include "scenarios/scenario.hpp"

namespace klab::scenarios {

struct DerivedBound {
  BoundKind kind = BoundKind::infer;
  std::chrono::milliseconds value{0};
  std::string formula;  // "3 × 1s + (256 − 120)/256 × 1s = 3531ms"
};

DerivedBound derive_bound(BoundKind kind, const provisioner::Settings& settings, int takeover_priority);

/// Which expectation a `derived` bound belongs to: the kind depends on it.
enum class Measured { outage, leader_change, vip_move };

/// The bound kind `derived` means for this fault, given whether the target held the VIP
/// when it was hit; nullopt when it cannot be told (the scenario file must then name it:
/// derived:vrrp-host-death).
std::optional<BoundKind> infer_bound_kind(const FaultSpec& fault, Measured what, bool target_held_vip);

/// The VRRP priority of the host that takes the VIP over when `failed` hosts are gone:
/// the highest among the other VIP hosts. nullopt in a lab without VIP hosts left.
std::optional<int> takeover_priority(const lab::Plan& plan, const provisioner::Settings& settings,
                                     const std::vector<std::string>& failed);

}  // namespace klab::scenarios
