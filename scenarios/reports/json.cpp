#include "scenarios/reports/json.hpp"

#include <ctime>

namespace klab::scenarios {

namespace {

using nlohmann::json;

std::string utc(std::chrono::system_clock::time_point t) {
  const std::time_t secs = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

json optional_ms(const std::optional<std::chrono::milliseconds>& v) { return v ? json(v->count()) : json(nullptr); }

json case_json(const CaseReport& c) {
  json j;
  j["scenario"] = c.scenario;
  j["case"] = c.case_name;
  j["iteration"] = c.iteration;
  j["description"] = c.description;
  j["seed"] = c.seed;
  j["target"] = {{"role", c.target}, {"hosts", c.target_hosts}, {"explanation", c.target_explanation}};
  j["fault"] = c.fault;
  j["verdict"] = to_string(c.verdict);
  j["reasons"] = c.reasons;
  j["started"] = utc(c.started);
  j["duration_ms"] = c.duration.count();
  json timeline = json::array();
  for (const TimelineEvent& e : c.timeline)
    timeline.push_back({{"at_ms", e.at.count()}, {"kind", to_string(e.kind)}, {"host", e.host}, {"text", e.text}});
  j["timeline"] = timeline;
  json outages = json::array();
  for (const Outage& o : c.outages.outages)
    outages.push_back({{"target", o.target}, {"mode", to_string(o.mode)}, {"start_ms", o.start.count()},
                       {"end_ms", o.end.count()}, {"duration_ms", o.duration().count()}, {"open", o.open},
                       {"failed_samples", o.failed_samples}, {"first_error", o.first_error}});
  j["outages"] = outages;
  json series = json::array();
  for (const SeriesSummary& s : c.outages.series)
    series.push_back({{"target", s.target}, {"mode", to_string(s.mode)}, {"samples", s.samples},
                      {"failed", s.failed}, {"outages", s.outages}, {"total_downtime_ms", s.total_downtime.count()},
                      {"longest_ms", s.longest.count()}});
  j["probes"] = series;
  json expectations = json::array();
  for (const ExpectationResult& e : c.expectations)
    expectations.push_back({{"name", e.name}, {"passed", e.passed}, {"measured_ms", optional_ms(e.measured)},
                            {"bound_ms", optional_ms(e.bound)}, {"detail", e.detail}, {"timing", e.timing},
                            {"enforced", e.enforced}});
  j["expectations"] = expectations;
  json checks = json::array();
  for (const CheckResult& r : c.checks)
    checks.push_back({{"name", r.name}, {"passed", r.passed}, {"summary", r.summary}, {"problems", r.problems}});
  j["checks"] = checks;
  json findings = json::array();
  for (const Finding& f : c.findings) {
    json finding = {{"name", f.name}, {"host", f.host}, {"evidence", f.evidence}};
    if (!f.outcome.empty()) finding["outcome"] = f.outcome;
    findings.push_back(std::move(finding));
  }
  j["findings"] = findings;
  j["faults_injected"] = c.faults_injected;
  j["left_behind"] = c.left_behind;
  j["writes"] = {{"acknowledged", c.acknowledged_writes}, {"failed", c.failed_writes}};
  j["artifacts"] = c.artifacts.empty() ? json(nullptr) : json(c.artifacts.string());
  return j;
}

}  // namespace

nlohmann::json report_json(const RunReport& report) {
  json j;
  j["lab"] = report.lab;
  j["seed"] = report.seed;
  j["repeat"] = report.repeat;
  j["started"] = utc(report.started);
  j["duration_ms"] = report.duration.count();
  j["exit_code"] = exit_code(report);
  json counts = {{"passed", 0}, {"failed", 0}, {"error", 0}, {"inconclusive", 0}, {"interrupted", 0}};
  json cases = json::array();
  for (const CaseReport& c : report.cases) {
    counts[to_string(c.verdict)] = counts[to_string(c.verdict)].get<int>() + 1;
    cases.push_back(case_json(c));
  }
  j["summary"] = counts;
  j["cases"] = cases;
  return j;
}

}  // namespace klab::scenarios
