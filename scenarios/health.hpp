#pragma once
// Health: is the lab in the state a scenario needs before the fault (precondition gate,
// inconclusive when not) and after the heal (bounded wait, failed when not)? Pure over
// ClusterFacts; every problem is listed.
#include <string>
#include <vector>

#include "lab/plan.hpp"
#include "scenarios/cluster_facts.hpp"
#include "scenarios/scenario.hpp"

namespace klab::scenarios {

std::vector<std::string> health_problems(const lab::Plan& plan, const ClusterFacts& facts,
                                         const std::vector<Requirement>& require);

}  // namespace klab::scenarios
