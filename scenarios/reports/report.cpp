#include "scenarios/reports/report.hpp"

#include <algorithm>

#include "base/error.hpp"

namespace klab::scenarios {

std::string to_string(Verdict v) {
  switch (v) {
    case Verdict::passed: return "passed";
    case Verdict::failed: return "failed";
    case Verdict::error: return "error";
    case Verdict::inconclusive: return "inconclusive";
    case Verdict::interrupted: return "interrupted";
  }
  return "error";
}

int exit_code(const RunReport& report) {
  auto any = [&](Verdict v) {
    return std::any_of(report.cases.begin(), report.cases.end(), [v](const CaseReport& c) { return c.verdict == v; });
  };
  if (any(Verdict::failed)) return exit_code::check_failed;
  if (any(Verdict::error)) return exit_code::infrastructure;
  if (any(Verdict::interrupted)) return exit_code::interrupted;
  if (any(Verdict::inconclusive)) return exit_code::inconclusive;
  return exit_code::ok;
}

}  // namespace klab::scenarios
