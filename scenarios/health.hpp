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

}  // namespace klab::scenarios
