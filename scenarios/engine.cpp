#include "scenarios/engine.hpp"

#include <algorithm>
#include <memory>
#include <optional>

#include "base/error.hpp"
#include "scenarios/case/case_runner.hpp"
#include "scenarios/duration.hpp"
#include "scenarios/interrupt.hpp"

namespace klab::scenarios {

RunReport Engine::run(const std::vector<Scenario>& scenarios, const RunOptions& options) {
  if (options.repeat < 1) throw usage_error("--repeat must be 1 or more");
  for (const std::string& wanted : options.cases) {
    bool found = false;
    for (const Scenario& s : scenarios)
      for (const Case& c : s.cases) found = found || c.name == wanted;
    if (!found) throw usage_error("no selected scenario has a case named '" + wanted + "'");
  }
  // Ctrl-C sets a flag the loop checks; the guards revert before anything exits.
  std::optional<InterruptGuard> handler;
  EngineDeps deps = deps_;
  if (!deps.interrupted) {
    handler.emplace();
    clear_interrupt();
    deps.interrupted = [] { return interrupt_requested(); };
  }

  RunReport report;
  report.lab = deps.plan.lab;
  report.seed = options.seed;
  report.repeat = options.repeat;
  report.started = std::chrono::system_clock::now();
  const auto t0 = deps.clock.now();
  for (const Scenario& s : scenarios) {
    deps.progress.phase_begin("scenario " + s.name);
    bool all_ok = true;
    for (const Case& c : s.cases) {
      if (!options.cases.empty() &&
          std::find(options.cases.begin(), options.cases.end(), c.name) == options.cases.end())
        continue;
      for (int i = 1; i <= options.repeat; ++i) {
        report.cases.push_back(run_one_case(deps, s, c, i, options));
        const Verdict v = report.cases.back().verdict;
        all_ok = all_ok && v == Verdict::passed;
        const CaseReport& done = report.cases.back();
        deps.progress.note(s.name + "/" + done.name() + ": " + to_string(v) + " in " + format_duration(done.duration));
        // Why, at once: the summary table comes only after the last case.
        for (const std::string& reason : done.reasons) deps.progress.note("  " + reason);
        if (v == Verdict::interrupted) {
          deps.progress.phase_end("scenario " + s.name, false);
          report.duration = std::chrono::duration_cast<std::chrono::milliseconds>(deps.clock.now() - t0);
          return report;
        }
      }
    }
    deps.progress.phase_end("scenario " + s.name, all_ok);
  }
  report.duration = std::chrono::duration_cast<std::chrono::milliseconds>(deps.clock.now() - t0);
  return report;
}

CaseReport Engine::run_case(const Scenario& scenario, const Case& c, int iteration, const RunOptions& options) {
  return run_one_case(deps_, scenario, c, iteration, options);
}

}  // namespace klab::scenarios
