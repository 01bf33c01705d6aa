#pragma once
// One case through the engine's loop (engine.hpp): its steps (case_steps.hpp) in order
// over one CaseContext, then the clean-up that runs however the case ended.
#include "scenarios/engine_deps.hpp"
#include "scenarios/reports/report.hpp"
#include "scenarios/scenario.hpp"

namespace klab::scenarios {

CaseReport run_one_case(const EngineDeps& deps, const Scenario& scenario, const Case& c, int iteration,
                        const RunOptions& options);

}  // namespace klab::scenarios
