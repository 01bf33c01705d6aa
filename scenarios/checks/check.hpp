#pragma once
// Invariant checks run after every case (reference/failure-scenarios.md, "Invariants
// after heal"). A check's verdict is data for the report, never an exception; a check
// throws only when the harness cannot ask at all.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "lab/plan.hpp"
#include "provisioner/settings.hpp"
#include "scenarios/cluster_view.hpp"
#include "scenarios/faults/fault.hpp"
#include "scenarios/lab_control.hpp"
#include "scenarios/probe_set.hpp"
#include "scenarios/scenario.hpp"

namespace klab::scenarios {

class FaultStack;

/// Journals of the case's services per host, fetched once and shared by the checks.
struct Journals {
  std::map<std::string, std::string> text;    // host → journal lines since the case began
  std::map<std::string, std::string> errors;  // host → why its journal could not be read
};

struct CheckContext {
  const lab::Plan& plan;
  const provisioner::Settings& settings;
  ClusterView& cluster;
  LabControl& lab;
  TransportFor transport;
  FaultStack* faults = nullptr;                 // the case's injected faults
  const ProbeResults* probes = nullptr;          // acknowledged writes
  std::optional<std::int64_t> restored_revision; // writes above it may be gone (snapshot restore)
  const LogExpectations* logs = nullptr;         // the case's log expectations
  const Journals* journals = nullptr;            // nullptr: not collected
};

struct CheckResult {
  std::string name;
  bool passed = false;
  std::string summary;                // one line: what was verified, or what broke
  std::vector<std::string> problems;  // every problem found
};

class Check {
 public:
  virtual ~Check() = default;
  virtual std::string name() const = 0;
  virtual CheckResult run(CheckContext& ctx) = 0;
};

/// Builds a result: passed when `problems` is empty.
CheckResult make_result(const std::string& name, const std::string& ok_summary,
                        std::vector<std::string> problems);

}  // namespace klab::scenarios
