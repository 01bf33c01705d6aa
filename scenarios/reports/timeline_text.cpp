#include "scenarios/reports/timeline_text.hpp"

#include <cstdio>

namespace klab::scenarios {

std::string offset_text(std::chrono::milliseconds at) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%+.3fs", static_cast<double>(at.count()) / 1000.0);
  return buf;
}

std::string render_timeline_text(const CaseReport& c) {
  std::string out;
  char line[96];
  for (const TimelineEvent& e : c.timeline) {
    std::snprintf(line, sizeof line, "%10s  %-8s %-16s ", offset_text(e.at).c_str(), to_string(e.kind).c_str(),
                  e.host.c_str());
    out += line + e.text + "\n";
  }
  if (!c.expectations.empty()) out += "expectations:\n";
  for (const ExpectationResult& e : c.expectations) {
    out += std::string("  ") + (e.passed ? "ok    " : e.enforced ? "FAILED" : "MISSED (not enforced)") + " " + e.name;
    if (e.measured) out += "  measured " + std::to_string(e.measured->count()) + "ms";
    if (e.bound) out += "  bound " + std::to_string(e.bound->count()) + "ms";
    out += "  (" + e.detail + ")\n";
  }
  if (!c.checks.empty()) out += "invariants:\n";
  for (const CheckResult& r : c.checks) {
    out += std::string("  ") + (r.passed ? "ok    " : "FAILED") + " " + r.name + ": " + r.summary + "\n";
    if (!r.passed)
      for (std::size_t i = 1; i < r.problems.size(); ++i) out += "           " + r.problems[i] + "\n";
  }
  return out;
}

}  // namespace klab::scenarios
