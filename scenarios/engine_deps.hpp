#pragma once
// What the scenario engine (engine.hpp) and each case run (case/case_runner.hpp) are
// given: the lab's interfaces and the run's options. A header of its own so the engine
// and the case runner both read it without including each other.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "lab/plan.hpp"
#include "lab/progress.hpp"
#include "provisioner/settings.hpp"
#include "scenarios/clock.hpp"
#include "scenarios/cluster_view.hpp"
#include "scenarios/fault_ledger.hpp"
#include "scenarios/faults/fault.hpp"
#include "scenarios/lab_control.hpp"
#include "scenarios/probe_set.hpp"
#include "scenarios/scenario.hpp"

namespace klab::scenarios {

struct EngineDeps {
  const lab::Plan& plan;
  const provisioner::Settings& settings;
  LabControl& lab;
  ClusterView& cluster;
  ProbeSet& probes;
  TransportFor transport;
  Clock& clock;
  lab::Progress& progress;
  /// Ctrl-C. Empty: the engine installs its own SIGINT/SIGTERM handler (interrupt.hpp).
  std::function<bool()> interrupted;
};

struct RunOptions {
  std::uint64_t seed = 0;                // recorded; `--seed S` replays every choice
  int repeat = 1;
  std::vector<std::string> cases;        // run only these case names; empty: all
  std::filesystem::path artifacts_dir;   // where failed cases keep journals etc.; empty: none
  std::chrono::milliseconds poll_interval{250};  // cluster state while the fault holds
  /// false (`--timing report`): time bounds (outages, leader change, VIP move) are
  /// measured and reported but a miss does not fail the case. For labs whose guests run
  /// too slowly for bounds derived from the configuration (TCG): the correctness checks
  /// (no data loss, one cluster, one MASTER, recovery, nothing left) still decide.
  bool enforce_timing = true;
  /// Runs first in every case run, before the precondition gate (e.g. restore a
  /// snapshot). A returned reason makes the case inconclusive without a fault;
  /// a klab::Error thrown is a harness error of that case.
  std::function<std::optional<std::string>(const Scenario&, const Case&, int iteration)> prepare;
  /// Where every injected fault is recorded before its first step and cleared once it is
  /// verified gone (fault_ledger.hpp); null: not recorded (unit tests of other behaviour).
  FaultLedger* ledger = nullptr;
};

}  // namespace klab::scenarios
