#pragma once
// The scenario engine: for every case (× --repeat) it runs the loop
//   precondition gate (unhealthy ⇒ inconclusive) → start probes and writer → resolve the
//   target role (recorded) → inject the fault (revert guards kept) → hold → heal → wait
//   healthy (bounded) → expectations and invariant checks → revert anything left, verify
//   no fault is left behind → artifacts when the case did not pass
// Each of those is a step of its own (case/case_runner.cpp lists them). Faults are
// reverted newest first also when a step throws and on Ctrl-C. Everything it touches
// is an interface (LabControl, ClusterView, ProbeSet, Transport, Clock), so the whole
// loop runs in unit tests with fakes.
#include <string>
#include <vector>

#include "scenarios/engine_deps.hpp"
#include "scenarios/reports/report.hpp"
#include "scenarios/scenario.hpp"

namespace klab::scenarios {

class Engine {
 public:
  explicit Engine(EngineDeps deps) : deps_(std::move(deps)) {}

  /// Runs every selected case of every scenario `repeat` times. Never throws for a
  /// failing case (it is a verdict); throws a usage Error only for a case filter that
  /// matches nothing. Stops after the case that saw Ctrl-C.
  RunReport run(const std::vector<Scenario>& scenarios, const RunOptions& options);

  /// One case run; the verdict says how it went.
  CaseReport run_case(const Scenario& scenario, const Case& c, int iteration, const RunOptions& options);

 private:
  EngineDeps deps_;
};

}  // namespace klab::scenarios
