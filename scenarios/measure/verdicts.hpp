#pragma once
// Expectations of a case evaluated against what was measured: outages (longest vs bound,
// total vs budget), leader change and VIP move times, failed writes, the mistake the fault
// had to detect, and journal lines the case expects. One result per expectation.
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "scenarios/checks/check.hpp"
#include "scenarios/faults/fault.hpp"
#include "scenarios/measure/bounds.hpp"
#include "scenarios/measure/outages.hpp"
#include "scenarios/scenario.hpp"

namespace klab::scenarios {

struct ExpectationResult {
  std::string name;  // "outage vip/any longest", "leader change", "detect wiped-member-started-new"
  bool passed = false;
  std::optional<std::chrono::milliseconds> measured;
  std::optional<std::chrono::milliseconds> bound;  // including the tolerance
  std::string detail;  // the bound's formula, the series, the evidence
  bool timing = false;    // a time bound (outage, leader change, VIP move)
  bool enforced = true;   // false: reported only (`--timing report`), never fails the case
};

/// Everything measured in one case that the expectations are judged on.
struct Measurements {
  OutageAccount outages;
  std::optional<std::chrono::milliseconds> leader_change;  // from injection to a new leader
  std::optional<std::chrono::milliseconds> vip_move;       // from injection to the VIP moved
  std::size_t failed_writes = 0;
  std::vector<Finding> findings;
  const Journals* journals = nullptr;
};

/// How a `derived` bound is turned into milliseconds for this case.
using BoundResolver = std::function<DerivedBound(const BoundSpec&, Measured)>;

struct Tolerances {
  // How far a measured outage may lie from the truth. fresh (open loop): one interval
  // at each edge. reused: a request in flight when the fault hit waits out its timeout.
  std::chrono::milliseconds outage{200};         // fresh: 2 × probe interval
  std::chrono::milliseconds outage_reused{1100};  // reused: probe interval + sample timeout
  std::chrono::milliseconds for_mode(ConnectionMode mode) const {
    return mode == ConnectionMode::reused ? outage_reused : outage;
  }
  std::chrono::milliseconds change{500};  // default: 2 × state poll interval
};

std::vector<ExpectationResult> evaluate_expectations(const Expectations& ex, const Measurements& m,
                                                     const BoundResolver& resolve, const Tolerances& tol);

}  // namespace klab::scenarios
