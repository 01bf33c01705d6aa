#pragma once
// The results of a scenario run, as every report format renders them: one CaseReport
// per sub-case run (× --repeat), with its verdict, target, seed, timeline, outages,
// bounds vs measured, invariant checks and findings.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "scenarios/checks/check.hpp"
#include "scenarios/faults/fault.hpp"
#include "scenarios/measure/outages.hpp"
#include "scenarios/measure/verdicts.hpp"
#include "scenarios/timeline.hpp"

namespace klab::scenarios {

enum class Verdict {
  passed,
  failed,        // an expectation or invariant did not hold          → exit 1
  error,         // the harness or the infrastructure failed          → exit 2
  inconclusive,  // the lab was not healthy before the fault          → exit 3
  interrupted,   // Ctrl-C; faults reverted                           → exit 130
};
std::string to_string(Verdict v);  // "passed", "failed", "error", "inconclusive", "interrupted"

struct CaseReport {
  std::string scenario;
  std::string case_name;
  std::string description;
  int iteration = 1;                 // 1..--repeat
  std::uint64_t seed = 0;            // this case's seed (replay with the run seed)
  std::string target;                // the role as written: "etcd:follower"
  std::vector<std::string> target_hosts;
  std::string target_explanation;
  std::string fault;                 // fault type
  Verdict verdict = Verdict::passed;
  std::vector<std::string> reasons;  // what broke, or why inconclusive / error
  std::chrono::system_clock::time_point started;
  std::chrono::milliseconds duration{0};
  std::vector<TimelineEvent> timeline;
  OutageAccount outages;
  std::vector<ExpectationResult> expectations;
  std::vector<CheckResult> checks;
  std::vector<Finding> findings;
  std::vector<std::string> faults_injected;
  std::vector<std::string> left_behind;
  std::size_t acknowledged_writes = 0;
  std::size_t failed_writes = 0;
  std::filesystem::path artifacts;   // empty when none were kept
  std::string name() const { return case_name + (iteration > 1 ? "#" + std::to_string(iteration) : ""); }
};

struct RunReport {
  std::string lab;
  std::uint64_t seed = 0;  // the run seed: `--seed` replays every case's choices
  int repeat = 1;
  std::chrono::system_clock::time_point started;
  std::chrono::milliseconds duration{0};
  std::vector<CaseReport> cases;
};

/// 1 when any case failed; else 2 on any error; else 130 if interrupted; else 3 if any
/// inconclusive; else 0. A failed check is the finding CI most needs to see, so it wins.
int exit_code(const RunReport& report);

}  // namespace klab::scenarios
