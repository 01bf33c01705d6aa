#include "scenarios/reports/terminal.hpp"

#include <algorithm>
#include <cstdio>

#include "scenarios/duration.hpp"
#include "scenarios/reports/timeline_text.hpp"
#include "base/strings.hpp"

namespace klab::scenarios {

namespace {

std::string outage_cell(const CaseReport& c) {
  const ExpectationResult* worst = nullptr;
  for (const ExpectationResult& e : c.expectations)
    if (e.measured && e.bound && e.name.rfind("outage", 0) == 0 && (!worst || *e.measured > *worst->measured))
      worst = &e;
  if (worst) return format_duration(*worst->measured) + " / " + format_duration(*worst->bound);
  std::chrono::milliseconds longest{0};
  for (const SeriesSummary& s : c.outages.series) longest = std::max(longest, s.longest);
  return c.outages.series.empty() ? "-" : format_duration(longest);
}

}  // namespace

void print_summary(std::ostream& out, const RunReport& report) {
  char row[256];
  std::snprintf(row, sizeof row, "%-13s %-20s %-34s %-16s %-19s %8s\n", "VERDICT", "SCENARIO", "CASE", "TARGET",
                "OUTAGE / BOUND", "TIME");
  out << row;
  for (const CaseReport& c : report.cases) {
    std::string hosts = base::join(c.target_hosts, ",");
    std::snprintf(row, sizeof row, "%-13s %-20s %-34s %-16s %-19s %8s\n", to_string(c.verdict).c_str(),
                  c.scenario.c_str(), c.name().c_str(), hosts.empty() ? "-" : hosts.c_str(), outage_cell(c).c_str(),
                  format_duration(c.duration).c_str());
    out << row;
  }
  for (const CaseReport& c : report.cases) {
    if (c.verdict == Verdict::passed) continue;
    out << "\n" << c.scenario << "/" << c.name() << ": " << to_string(c.verdict) << "\n";
    for (const std::string& r : c.reasons) out << "  - " << r << "\n";
    out << render_timeline_text(c);
    if (!c.artifacts.empty()) out << "  artifacts: " << c.artifacts.string() << "\n";
  }
  std::size_t passed = std::count_if(report.cases.begin(), report.cases.end(),
                                     [](const CaseReport& c) { return c.verdict == Verdict::passed; });
  out << "\n" << passed << " of " << report.cases.size() << " cases passed in " << format_duration(report.duration)
      << "; seed " << report.seed << " (replay: --seed " << report.seed << ")\n";
}

}  // namespace klab::scenarios
