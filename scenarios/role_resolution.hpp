#pragma once
// Target roles resolved at injection time, against what the cluster looks like right
// then; the result records which host(s) it was and why. Equal candidates (which
// follower) are chosen by the case's seeded generator, so a run can be replayed.
#include <optional>
#include <string>
#include <vector>

#include "lab/plan.hpp"
#include "scenarios/cluster_facts.hpp"
#include "scenarios/rng.hpp"
#include "scenarios/scenario.hpp"

namespace klab::scenarios {

struct Resolution {
  std::vector<std::string> hosts;  // empty when the role cannot be resolved
  std::string explanation;         // "etcd:follower → kube-master3 (2 candidates: ...)", or why not
  bool ok() const { return !hosts.empty(); }
};

/// Pure. Candidates are sorted by name before the seeded pick.
Resolution resolve_target(const TargetSpec& target, const lab::Plan& plan, const ClusterFacts& facts,
                          SeededRng& rng);

}  // namespace klab::scenarios
