#pragma once
// The terminal summary: one row per case (verdict, target host, longest outage vs bound,
// duration), then the timeline of every case that did not pass and the replay hint.
#include <ostream>

#include "scenarios/reports/report.hpp"

namespace klab::scenarios {

void print_summary(std::ostream& out, const RunReport& report);

}  // namespace klab::scenarios
