#include "scenarios/state_watch.hpp"

#include <algorithm>

#include "base/strings.hpp"

namespace klab::scenarios {

namespace {

std::string holders_text(const std::vector<std::string>& holders) {
  return holders.empty() ? "nobody" : base::join(holders, ", ");
}

}  // namespace

StateWatch::StateWatch(Timeline& timeline, ClusterFacts baseline)
    : timeline_(timeline), baseline_(std::move(baseline)), last_(baseline_),
      baseline_leader_(etcd_leader(baseline_)) {}

void StateWatch::observe(const ClusterFacts& now) {
  const auto leader_before = etcd_leader(last_);
  const auto leader_now = etcd_leader(now);
  if (leader_before != leader_now)
    timeline_.add(EventKind::state, leader_now.value_or(""),
                  "etcd leader: " + leader_before.value_or("none") + " → " + leader_now.value_or("none"));
  if (!leader_changed_at_ && leader_now && leader_now != baseline_leader_) leader_changed_at_ = timeline_.elapsed();

  if (now.vip_holders != last_.vip_holders)
    timeline_.add(EventKind::state, "", "VIP on: " + holders_text(last_.vip_holders) + " → " + holders_text(now.vip_holders));
  // Moved when another host claims the VIP: the old holder can stay listed for a moment
  // (its last ARP answer is still fresh), and waiting for it to drop out would add that
  // moment to the measured failover.
  const auto claimed_by_another = [&] {
    for (const std::string& h : now.vip_holders)
      if (std::find(baseline_.vip_holders.begin(), baseline_.vip_holders.end(), h) == baseline_.vip_holders.end())
        return true;
    return false;
  };
  if (!vip_moved_at_ && claimed_by_another()) vip_moved_at_ = timeline_.elapsed();

  for (const auto& [host, state] : now.vrrp) {
    auto before = last_.vrrp.find(host);
    if (before == last_.vrrp.end() || before->second != state)
      timeline_.add(EventKind::state, host,
                    "keepalived " + (before == last_.vrrp.end() ? std::string("?") : to_string(before->second)) +
                        " → " + to_string(state));
  }
  for (const auto& [host, status] : now.etcd) {
    auto before = last_.etcd.find(host);
    if (before != last_.etcd.end() && before->second.reachable != status.reachable)
      timeline_.add(EventKind::state, host, status.reachable ? "etcd answers again" : "etcd stopped answering");
  }
  for (const auto& [host, state] : now.power) {
    auto before = last_.power.find(host);
    if (before != last_.power.end() && before->second != state)
      timeline_.add(EventKind::state, host, "power " + lab::to_string(before->second) + " → " + lab::to_string(state));
  }
  last_ = now;
}

}  // namespace klab::scenarios
