#pragma once
// The machine-readable report: the run's seed and every case with its target, timeline
// (faults, state changes, probe outages), outage intervals per probe series, bounds vs
// measured, checks, findings and verdict. Schema documented in docs/scenarios.md.
#include <nlohmann/json.hpp>

#include "scenarios/reports/report.hpp"

namespace klab::scenarios {

nlohmann::json report_json(const RunReport& report);

}  // namespace klab::scenarios
