#include "scenarios/case/case_steps.hpp"

namespace klab::scenarios::case_run {

namespace {

Verdict verdict_of(const Outcome& o) {
  if (o.interrupted) return Verdict::interrupted;
  if (!o.failures.empty()) return Verdict::failed;
  if (!o.errors.empty()) return Verdict::error;
  if (o.inconclusive) return Verdict::inconclusive;
  return Verdict::passed;
}

}  // namespace

void decide_verdict(CaseContext& ctx) {
  const Outcome& o = ctx.outcome;
  CaseReport& r = ctx.report;
  r.verdict = verdict_of(o);
  r.reasons = o.failures;
  r.reasons.insert(r.reasons.end(), o.errors.begin(), o.errors.end());
  r.reasons.insert(r.reasons.end(), o.inconclusive_reasons.begin(), o.inconclusive_reasons.end());
  ctx.timeline.add(EventKind::note, "", "verdict: " + to_string(r.verdict));
}

}  // namespace klab::scenarios::case_run
