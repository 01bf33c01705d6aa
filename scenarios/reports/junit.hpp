#pragma once
// JUnit XML for CI: one <testsuite> per scenario, one <testcase> per sub-case run
// (classname = scenario), <failure> / <error> / <skipped> with what broke, <properties>
// with seed, target role and host(s), and the timeline in <system-out>.
#include <string>

#include "scenarios/reports/report.hpp"

namespace klab::scenarios {

std::string render_junit(const RunReport& report);

}  // namespace klab::scenarios
