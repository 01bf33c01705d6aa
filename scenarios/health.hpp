#pragma once
// Health: is the lab in the state a scenario needs before the fault (precondition gate,
// inconclusive when not) and after the heal (bounded wait, failed when not)? Pure over
// ClusterFacts; every problem is listed.
#include <string>
#include <vector>

#include "lab/plan.hpp"
#include "provisioner/settings.hpp"
#include "scenarios/cluster_facts.hpp"
#include "scenarios/scenario.hpp"

namespace klab::scenarios {

/// vip-held means one holder, and the one keepalived settles on: the running VIP host
/// with the highest priority (every instance preempts). Without that, a restarted LB
/// reclaims the VIP minutes later, in the middle of the next case.
std::vector<std::string> health_problems(const lab::Plan& plan, const provisioner::Settings& settings,
                                         const ClusterFacts& facts, const std::vector<Requirement>& require);

/// What the wait after a heal waits for: the preconditions, plus the state an invariant
/// will check, so the check sees the settled lab rather than the last second of the
/// fault (lb-single-master → keepalived-one-master on a lab with a VIP).
std::vector<Requirement> recovery_requirements(const lab::Plan& plan, const std::vector<Requirement>& preconditions,
                                               const std::vector<std::string>& invariants);

}  // namespace klab::scenarios
