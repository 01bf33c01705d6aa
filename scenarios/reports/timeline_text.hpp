#pragma once
// The plain-text timeline of one case: JUnit's system-out and the terminal summary.
#include <string>

#include "scenarios/reports/report.hpp"

namespace klab::scenarios {

/// "   +1.234s  fault    kube-master2  link of kube-master2 down" lines, then the
/// expectations (measured vs bound) and checks.
std::string render_timeline_text(const CaseReport& c);

/// "+12.345s" for a millisecond offset.
std::string offset_text(std::chrono::milliseconds at);

}  // namespace klab::scenarios
