#pragma once
// StateWatch: while a fault holds, the engine observes the lab every poll and records
// each change on the timeline (etcd leader, VIP holder, VRRP states, power), and when
// the leader changed and the VIP moved for the first time — the layer-by-layer timing
// a report compares with the derived bounds.
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "scenarios/cluster_facts.hpp"
#include "scenarios/timeline.hpp"

namespace klab::scenarios {

class StateWatch {
 public:
  StateWatch(Timeline& timeline, ClusterFacts baseline);

  /// Records what changed since the last observation.
  void observe(const ClusterFacts& now);

  /// First time a leader other than the baseline's was seen (since the case began).
  std::optional<std::chrono::milliseconds> leader_changed_at() const { return leader_changed_at_; }
  /// First time exactly one host other than the baseline holder held the VIP.
  std::optional<std::chrono::milliseconds> vip_moved_at() const { return vip_moved_at_; }
  const ClusterFacts& baseline() const { return baseline_; }
  const ClusterFacts& last() const { return last_; }

 private:
  Timeline& timeline_;
  ClusterFacts baseline_;
  ClusterFacts last_;
  std::optional<std::string> baseline_leader_;
  std::optional<std::chrono::milliseconds> leader_changed_at_;
  std::optional<std::chrono::milliseconds> vip_moved_at_;
};

}  // namespace klab::scenarios
