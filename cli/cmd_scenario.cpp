// `klab scenario list`, `klab scenario run NAME...` and the shorthand `klab scenario NAME`:
// runs failure scenarios against the deployed lab (scenarios/engine.hpp over
// scenarios/live/), prints the summary and writes junit.xml + report.json.
#include <fmt/chrono.h>
#include <fmt/format.h>
#include <unistd.h>

#include <csignal>

#include <nlohmann/json.hpp>
#include <ostream>
#include <random>

#include "ops/snapshot_restore.hpp"
#include "cli/commands.hpp"
#include "lab/lab_lock.hpp"
#include "scenarios/ledger_recovery.hpp"
#include "base/error.hpp"
#include "scenarios/catalog.hpp"
#include "scenarios/engine.hpp"
#include "scenarios/live/live_lab.hpp"
#include "scenarios/reports/json.hpp"
#include "scenarios/reports/terminal.hpp"
#include "scenarios/reports/timeline_text.hpp"
#include "scenarios/reports/write_reports.hpp"

namespace klab::cli {

namespace {

namespace sc = klab::scenarios;

struct ScenarioArgs {
  std::vector<std::string> names;
  int repeat = 1;
  std::optional<std::uint64_t> seed;
  std::string report_dir;
  std::string from_snapshot;
  std::vector<std::string> scenario_dirs;
  std::vector<std::string> cases;
  std::string timing = "auto";
};

std::vector<std::filesystem::path> as_paths(const std::vector<std::string>& dirs) {
  return {dirs.begin(), dirs.end()};
}

std::filesystem::path default_report_dir() {
  const auto now = std::chrono::system_clock::now();
  return std::filesystem::path("klab-reports") / fmt::format("{:%Y%m%dT%H%M%S}", fmt::gmtime(now));
}

void list_scenarios(Context& ctx, const ScenarioArgs& args) {
  const auto catalog = sc::load_catalog(as_paths(args.scenario_dirs));
  if (ctx.json()) {
    nlohmann::json out = nlohmann::json::array();
    for (const sc::Scenario& s : catalog) {
      nlohmann::json cases = nlohmann::json::array();
      for (const sc::Case& c : s.cases) cases.push_back(c.name);
      out.push_back({{"name", s.name}, {"description", s.description}, {"source", s.source}, {"cases", cases}});
    }
    ctx.out << out.dump(2) << "\n";
    return;
  }
  for (const sc::Scenario& s : catalog) {
    ctx.out << fmt::format("{:<22} {:>2} case(s)  {}\n", s.name, s.cases.size(), s.description);
    if (ctx.globals.verbosity > 0)
      for (const sc::Case& c : s.cases) ctx.out << fmt::format("    {:<32} {}\n", c.name, c.description);
  }
}

/// Restores the snapshot and resyncs the guest clocks; a reason when the lab cannot be
/// used from it (inconclusive), an Error when libvirt fails (harness).
std::optional<std::string> restore_snapshot(sc::LiveLab& live, const std::string& name, lab::Progress& progress) {
  const ops::SnapshotRestore r = ops::restore_snapshot(live.plan(), live.provider(), live.keys(), name);
  live.forget_connections();
  if (!r.clocks.ok())
    return "snapshot " + name + " restored, but the guest clocks could not be resynced: " + r.failures("; ");
  progress.note(fmt::format("restored snapshot {} and resynced clocks in {:.1f}s (skew at most {:.1f} ms)", name,
                            r.total.count() / 1000.0, r.clocks.max_abs_skew_ms()));
  return std::nullopt;
}

/// --timing auto: enforce the time bounds under KVM; under TCG report them only, since
/// the guests run far too slowly for bounds derived from the configuration (measured:
/// docs/scenarios.md, "Status of the real runs"). Says which, so no run is silently lax.
bool enforce_timing(const std::string& timing, sc::LiveLab& live, lab::Progress& progress) {
  if (timing != "auto") return timing == "enforce";
  const lab::AccelChoice accel = live.provider().accel(live.plan());
  if (accel.kvm) return true;
  progress.note("guests run under TCG: time bounds are measured and reported, not enforced "
                "(--timing enforce to enforce them)");
  return false;
}

void run_scenarios(Context& ctx, const ScenarioArgs& args) {
  if (args.names.empty())
    throw usage_error("name at least one scenario: `klab scenario run NAME...` (`klab scenario list` shows them)");
  if (args.repeat < 1) throw usage_error("--repeat must be 1 or more");
  const auto catalog = sc::load_catalog(as_paths(args.scenario_dirs));
  const std::vector<sc::Scenario> selected = sc::select_scenarios(catalog, args.names);
  const lab::Plan plan = ctx.load_plan();
  const auto lock = lab::LabLock::acquire(plan.lab, "klab scenario run");
  // A peer that goes away mid-write (a destroyed VM, a killed etcd) must be an error on
  // that connection, not SIGPIPE killing klab with faults still in place.
  std::signal(SIGPIPE, SIG_IGN);

  sc::RunOptions options;
  options.seed = args.seed ? *args.seed : std::random_device{}();
  options.repeat = args.repeat;
  options.cases = args.cases;
  if (args.timing != "auto" && args.timing != "enforce" && args.timing != "report")
    throw usage_error("--timing " + args.timing + ": expected auto, enforce or report");
  const std::filesystem::path report_dir = args.report_dir.empty() ? default_report_dir() : std::filesystem::path(args.report_dir);
  options.artifacts_dir = report_dir / "artifacts";

  lab::ConsoleProgress console(ctx.json() ? ctx.err : ctx.out, !ctx.json() && lab::is_tty(STDOUT_FILENO));
  sc::LiveLab live(plan);
  if (!args.from_snapshot.empty()) {
    const auto snapshots = live.provider().snapshot_list(plan);
    const bool complete = std::any_of(snapshots.begin(), snapshots.end(), [&](const lab::LabSnapshot& s) {
      return s.name == args.from_snapshot && s.complete;
    });
    if (!complete)
      throw usage_error("lab " + plan.lab + " has no complete snapshot '" + args.from_snapshot +
                        "': take one of the deployed lab with `klab snapshot save " + args.from_snapshot + "`");
    options.prepare = [&](const sc::Scenario&, const sc::Case&, int) {
      return restore_snapshot(live, args.from_snapshot, console);
    };
  }
  options.enforce_timing = enforce_timing(args.timing, live, console);
  sc::recover_recorded_faults(live, console);
  sc::FaultLedger ledger = sc::FaultLedger::for_lab(plan.lab);
  options.ledger = &ledger;
  sc::SteadyClock clock;
  sc::Engine engine(live.engine_deps(clock, console));
  const sc::RunReport report = engine.run(selected, options);

  const sc::ReportFiles files = sc::write_reports(report_dir, report);
  if (ctx.json()) {
    ctx.out << sc::report_json(report).dump(2) << "\n";
  } else {
    sc::print_summary(ctx.out, report);
    if (ctx.globals.verbosity > 0)
      for (const sc::CaseReport& c : report.cases)
        if (c.verdict == sc::Verdict::passed)
          ctx.out << "\n" << c.scenario << "/" << c.name() << "\n" << sc::render_timeline_text(c);
    ctx.out << "reports: " << files.junit.string() << ", " << files.json.string() << "\n";
  }
  ctx.exit_code = sc::exit_code(report);
}

void heal_recorded_faults(Context& ctx) {
  const lab::Plan plan = ctx.load_plan();
  const auto lock = lab::LabLock::acquire(plan.lab, "klab scenario heal");
  std::signal(SIGPIPE, SIG_IGN);
  lab::ConsoleProgress console(ctx.json() ? ctx.err : ctx.out, !ctx.json() && lab::is_tty(STDOUT_FILENO));
  const sc::FaultLedger ledger = sc::FaultLedger::for_lab(plan.lab);
  if (ledger.entries().empty()) {
    ctx.out << "no fault of an interrupted run is recorded for lab " << plan.lab << " (" << ledger.file().string()
            << "); nothing to heal\n";
    return;
  }
  sc::LiveLab live(plan);
  sc::recover_recorded_faults(live, console);
}

void add_run_options(CLI::App* cmd, ScenarioArgs& args) {
  cmd->add_option("--repeat", args.repeat, "run every selected case N times")->check(CLI::PositiveNumber);
  cmd->add_option("--seed", args.seed, "replay the choices of an earlier run (its seed is in every report)");
  cmd->add_option("--report-dir", args.report_dir, "where junit.xml, report.json and artifacts go "
                                                   "(default ./klab-reports/<UTC timestamp>)");
  cmd->add_option("--from-snapshot", args.from_snapshot,
                  "restore this whole-lab snapshot (and resync guest clocks) before every case");
  cmd->add_option("--scenario-dir", args.scenario_dirs, "also load every *.yaml in DIR (repeatable)");
  cmd->add_option("--case", args.cases, "run only the cases with these names (repeatable)");
  cmd->add_option("--timing", args.timing,
                  "enforce: a missed time bound (outage, leader change, VIP move) fails the case; report: "
                  "time bounds are measured and reported only; auto (default): enforce under KVM, report "
                  "under TCG, whose guests are too slow for bounds derived from the configuration");
}

}  // namespace

void add_scenario_command(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<ScenarioArgs>();
  auto* cmd = app.add_subcommand("scenario", "run failure scenarios against the deployed lab, with reports");
  cmd->add_option("names", args->names, "scenario(s) to run: shorthand for `klab scenario run NAME...`");
  add_run_options(cmd, *args);
  cmd->footer(
      "Each case: precondition gate (unhealthy lab: inconclusive) -> probes + writer -> inject\n"
      "the fault into the resolved role -> hold -> heal -> wait healthy -> expectations and\n"
      "invariants; every fault is reverted and verified removed, also on failure and Ctrl-C.\n"
      "Examples:\n"
      "  scripts/lab-env run -- klab scenario list\n"
      "  scripts/lab-env run -- klab scenario etcd-rejoin\n"
      "  klab scenario run lb-failover master-partition --repeat 3 --report-dir out/\n"
      "  klab scenario run etcd-rejoin --case b-data-lost-leader --seed 42\n"
      "  klab scenario run etcd-rejoin --from-snapshot deployed\n"
      "Exit codes: 0 every case passed, 1 a check failed, 2 harness/infrastructure error,\n"
      "3 inconclusive (lab unhealthy before the fault), 130 interrupted, 64 bad options.");

  auto* list = cmd->add_subcommand("list", "the built-in scenarios (and --scenario-dir ones) with their cases");
  list->add_option("--scenario-dir", args->scenario_dirs, "also load every *.yaml in DIR");
  list->callback([&ctx, args] { list_scenarios(ctx, *args); });

  auto* heal = cmd->add_subcommand(
      "heal", "revert the faults an interrupted run left recorded in the lab's fault ledger");
  heal->footer(
      "Every fault is recorded in <lab dir>/faults.json before it is injected and removed once it\n"
      "is verified gone. After a killed `klab scenario` this finds the recorded hosts' paused or\n"
      "stopped domains, downed links, netem, nft partitions, klab's /run drop-ins, edited\n"
      "environment files, stopped services and wiped etcd members, and reverts them. The next\n"
      "`klab scenario` and `klab deploy` do the same first. Exit 0 healed or nothing recorded,\n"
      "2 something is still in place (listed).");
  heal->callback([&ctx] { heal_recorded_faults(ctx); });

  auto* run = cmd->add_subcommand("run", "run scenarios by name");
  run->add_option("names", args->names, "scenario names")->required();
  add_run_options(run, *args);
  run->callback([&ctx, args] { run_scenarios(ctx, *args); });

  cmd->callback([cmd, &ctx, args] {
    if (cmd->got_subcommand("list") || cmd->got_subcommand("run") || cmd->got_subcommand("heal")) return;
    run_scenarios(ctx, *args);
  });
}

}  // namespace klab::cli
