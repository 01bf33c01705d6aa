#pragma once
// One case through the engine's loop (engine.hpp). Internal to the engine: split out so
// each step stays a small, named function.
#include "scenarios/engine_deps.hpp"
#include "scenarios/reports/report.hpp"
#include "scenarios/scenario.hpp"

namespace klab::scenarios {

CaseReport run_one_case(const EngineDeps& deps, const Scenario& scenario, const Case& c, int iteration,
                        const RunOptions& options);

}  // namespace klab::scenarios
