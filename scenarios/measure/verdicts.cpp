#include "scenarios/measure/verdicts.hpp"

#include <algorithm>

#include "scenarios/duration.hpp"
#include "scenarios/faults/etcd_procedures.hpp"

namespace klab::scenarios {

namespace {

using std::chrono::milliseconds;

void outage(const OutageExpectation& o, const Measurements& m, const BoundResolver& resolve,
            const Tolerances& tol, std::vector<ExpectationResult>& out) {
  const std::string label = "outage " + o.probe + "/" + o.mode;
  std::vector<const SeriesSummary*> series;
  for (const SeriesSummary& s : m.outages.series)
    if (series_matches(s, o.probe, o.mode)) series.push_back(&s);
  if (series.empty()) {
    out.push_back({label, false, std::nullopt, std::nullopt,
                   "no probe samples matched probe '" + o.probe + "' mode '" + o.mode + "': the probe never ran",
                   false, true});
    return;
  }
  // A tolerance set in the scenario applies to every mode; otherwise each series gets
  // its mode's measurement slack, and the one closest to its bound is reported.
  const auto slack_of = [&](const SeriesSummary* s) { return o.tolerance.value_or(tol.for_mode(s->mode)); };
  const SeriesSummary* worst = *std::max_element(series.begin(), series.end(), [&](auto* a, auto* b) {
    return a->longest - slack_of(a) < b->longest - slack_of(b);
  });
  const SeriesSummary* most = *std::max_element(series.begin(), series.end(), [&](auto* a, auto* b) {
    return a->total_downtime - slack_of(a) < b->total_downtime - slack_of(b);
  });
  if (o.longest) {
    const DerivedBound b = resolve(*o.longest, Measured::outage);
    const milliseconds slack = slack_of(worst);
    const milliseconds bound = b.value + slack;
    out.push_back({label + " longest", worst->longest <= bound, worst->longest, bound,
                   worst->target + "/" + to_string(worst->mode) + ": " + std::to_string(worst->outages) +
                       " outage(s); bound " + b.formula + " + tolerance " + format_duration(slack),
                   true, true});
  }
  if (o.total) {
    const milliseconds slack = slack_of(most);
    const milliseconds bound = *o.total + slack;
    out.push_back({label + " total", most->total_downtime <= bound, most->total_downtime, bound,
                   most->target + "/" + to_string(most->mode) + ": error budget " + format_duration(*o.total) +
                       " + tolerance " + format_duration(slack),
                   true, true});
  }
}

void change(const std::string& label, const ChangeExpectation& c, std::optional<milliseconds> measured,
            Measured what, const BoundResolver& resolve, const Tolerances& tol,
            std::vector<ExpectationResult>& out) {
  const DerivedBound b = resolve(c.within, what);
  const milliseconds bound = b.value + c.tolerance.value_or(tol.change);
  if (!measured) {
    out.push_back({label, false, std::nullopt, bound, "not observed while the fault held; bound " + b.formula, true, true});
    return;
  }
  out.push_back({label, *measured <= bound, measured, bound, "bound " + b.formula, true, true});
}

}  // namespace

std::vector<ExpectationResult> evaluate_expectations(const Expectations& ex, const Measurements& m,
                                                     const BoundResolver& resolve, const Tolerances& tol) {
  std::vector<ExpectationResult> out;
  for (const OutageExpectation& o : ex.outages) outage(o, m, resolve, tol, out);
  if (ex.leader_change) change("leader change", *ex.leader_change, m.leader_change, Measured::leader_change, resolve, tol, out);
  if (ex.vip_move) change("VIP move", *ex.vip_move, m.vip_move, Measured::vip_move, resolve, tol, out);
  if (ex.max_failed_writes)
    out.push_back({"failed writes", m.failed_writes <= *ex.max_failed_writes, std::nullopt, std::nullopt,
                   std::to_string(m.failed_writes) + " writes unacknowledged, budget " +
                       std::to_string(*ex.max_failed_writes)});
  if (ex.detect) {
    auto it = std::find_if(m.findings.begin(), m.findings.end(), [&](const Finding& f) { return f.name == *ex.detect; });
    if (it != m.findings.end())
      out.push_back({"detect " + *ex.detect, true, std::nullopt, std::nullopt, "on " + it->host + ": " + it->evidence});
    else
      out.push_back({"detect " + *ex.detect, false, std::nullopt, std::nullopt,
                     "the operator mistake was not detected as " + *ex.detect});
  }
  for (const std::string& want : ex.logs.expected) {
    std::string where;
    if (m.journals)
      for (const auto& [host, text] : m.journals->text)
        if (auto line = first_matching_line(text, {want})) {
          where = host + ": " + *line;
          break;
        }
    out.push_back({"journal has '" + want + "'", !where.empty(), std::nullopt, std::nullopt,
                   where.empty() ? "not in any collected journal" : where});
  }
  return out;
}

}  // namespace klab::scenarios
