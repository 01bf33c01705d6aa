#include "scenarios/case_runner.hpp"

#include <algorithm>
#include <functional>
#include <future>
#include <memory>

#include "lab/error.hpp"
#include "scenarios/checks/registry.hpp"
#include "scenarios/cluster_facts.hpp"
#include "scenarios/duration.hpp"
#include "scenarios/faults/fault_stack.hpp"
#include "scenarios/faults/guest_ops.hpp"
#include "scenarios/faults/registry.hpp"
#include "scenarios/health.hpp"
#include "scenarios/measure/bounds.hpp"
#include "scenarios/reports/artifacts.hpp"
#include "scenarios/role_resolution.hpp"
#include "scenarios/rng.hpp"
#include "scenarios/state_watch.hpp"

namespace klab::scenarios {

namespace {

using std::chrono::milliseconds;

struct Interrupted {};

const std::vector<std::string> service_units = {"etcd", "haproxy", "keepalived"};
constexpr std::chrono::seconds writer_after_heal{15};

class CaseRun {
 public:
  CaseRun(const EngineDeps& deps, const Scenario& s, const Case& c, int iteration, const RunOptions& options)
      : d_(deps), s_(s), c_(c), options_(options), timeline_(deps.clock),
        fctx_{deps.plan, deps.settings, deps.lab, deps.cluster, deps.transport, deps.clock, timeline_,
              deps.interrupted, {}, {}, {}} {
    r_.scenario = s.name;
    r_.case_name = c.name;
    r_.description = c.description;
    r_.iteration = iteration;
    r_.seed = case_seed(options.seed, s.name, c.name, iteration);
    r_.target = to_string(c.target);
    r_.fault = c.fault.type;
    r_.started = std::chrono::system_clock::now();
  }

  CaseReport run() {
    const auto t0 = d_.clock.now();
    {
      FaultStack stack(fctx_);
      stack_ = &stack;
      try {
        loop();
      } catch (const Interrupted&) {
        interrupted_ = true;
        reasons_error_.push_back("interrupted (Ctrl-C): faults reverted, case not finished");
      } catch (const Error& e) {
        (e.kind() == ErrorKind::check_failed ? failures_ : reasons_error_).push_back(e.what());
        timeline_.add(EventKind::note, "", std::string("stopped: ") + e.what());
      } catch (const std::exception& e) {
        reasons_error_.push_back(std::string("harness error: ") + e.what());
      }
      finish(stack);
      stack_ = nullptr;
    }
    r_.timeline = timeline_.events();
    r_.duration = std::chrono::duration_cast<milliseconds>(d_.clock.now() - t0);
    return r_;
  }

 private:
  void check_interrupt() const {
    if (d_.interrupted && d_.interrupted()) throw Interrupted{};
  }

  void step(const std::string& what) {
    check_interrupt();
    timeline_.add(EventKind::step, "", what);
    d_.progress.note(s_.name + "/" + r_.name() + ": " + what);
  }

  ClusterFacts observe() { return gather_facts(d_.plan, d_.cluster, d_.lab); }

  /// Problems still present when `within` ran out; empty when healthy.
  std::vector<std::string> wait_healthy(milliseconds within, const std::vector<Requirement>& require) {
    std::vector<std::string> problems;
    const WaitResult w = wait_until(
        d_.clock, d_.clock.now() + within, options_.poll_interval,
        [&] {
          const std::vector<std::string> before = problems;
          const ClusterFacts now = observe();
          if (watch_) watch_->observe(now);  // the recovery's state changes go on the timeline too
          problems = health_problems(d_.plan, d_.settings, now, require);
          if (!problems.empty() && problems != before) note_waiting_for(problems);
          return problems.empty();
        },
        d_.interrupted);
    if (w == WaitResult::interrupted) throw Interrupted{};
    return problems;
  }

  /// While waiting for health: say what is still wrong whenever that changes, so a
  /// long wait on a slow lab shows what it waits for.
  void note_waiting_for(const std::vector<std::string>& problems) {
    std::string text = "waiting for: " + problems.front();
    if (problems.size() > 1) text += " (+" + std::to_string(problems.size() - 1) + " more)";
    d_.progress.note(s_.name + "/" + r_.name() + ": " + text);
  }

  void loop() {
    if (options_.prepare) {
      step("prepare");
      if (std::optional<std::string> why = options_.prepare(s_, c_, r_.iteration)) {
        inconclusive(*why);
        return;
      }
    }
    step("precondition gate (wait up to " + format_duration(s_.preconditions.wait) + ")");
    if (auto left = d_.lab.leftovers(); !left.empty()) {
      inconclusive("host-side faults left from an earlier run: " + left.front() +
                   (left.size() > 1 ? " (+" + std::to_string(left.size() - 1) + " more)" : ""));
      return;
    }
    if (auto problems = wait_healthy(s_.preconditions.wait, s_.preconditions.require); !problems.empty()) {
      std::string text = "the lab was not healthy before the fault:";
      for (const auto& p : problems) text += "\n  " + p;
      inconclusive(text);
      return;
    }
    const ClusterFacts baseline = observe();
    mark_journals();

    step("start probes" + std::string(s_.workload.writer ? " and writer" : ""));
    ProbeSpec spec;
    spec.interval = s_.workload.probe_interval;
    spec.writer = s_.workload.writer;
    spec.key_prefix = "/klab/scenarios/" + s_.name + "/" + c_.name + "/" + std::to_string(r_.iteration) + "-" +
                      std::to_string(r_.seed) + "/";
    d_.probes.start(spec);
    probes_running_ = true;

    step("resolve target " + to_string(c_.target));
    SeededRng rng(r_.seed);
    const Resolution res = resolve_target(c_.target, d_.plan, baseline, rng);
    r_.target_explanation = res.explanation;
    if (!res.ok()) {
      inconclusive(res.explanation);
      return;
    }
    r_.target_hosts = res.hosts;
    timeline_.add(EventKind::note, "", res.explanation);
    for (const std::string& h : res.hosts)
      target_held_vip_ = target_held_vip_ ||
                         std::count(baseline.vip_holders.begin(), baseline.vip_holders.end(), h) > 0;

    const FaultType* type = find_fault_type(c_.fault.type);
    if (type && type->masters_only)
      for (const std::string& h : res.hosts) {
        const lab::HostPlan* hp = d_.plan.find_host(h);
        if (!hp || hp->role != lab::Role::master) {
          inconclusive("fault " + c_.fault.type + " needs an etcd member, but " + to_string(c_.target) +
                       " resolved to " + h);
          return;
        }
      }

    watch_ = std::make_unique<StateWatch>(timeline_, baseline);
    step("inject " + c_.fault.type + " into " + join(res.hosts));
    injected_at_ = timeline_.elapsed();
    record_in_ledger(res.hosts);
    make_fault(c_.fault)->inject(fctx_, res.hosts, *stack_);
    // Failover times count from when the fault took effect, not from when klab began
    // injecting it (a kill over SSH first installs a drop-in: seconds under TCG).
    if (fctx_.effective_at) {
      injected_at_ = *fctx_.effective_at;
      timeline_.add_at(injected_at_, EventKind::fault, join(res.hosts), "in effect");
    }
    merge_findings();

    hold(res.hosts);

    if (c_.heal == HealMode::revert) {
      step("heal: revert the fault");
      record_revert_errors(stack_->revert_all());
      merge_findings();  // the heal's journal survey can name further outcomes
    } else {
      step("heal: none (the fault heals itself)");
    }
    step("wait healthy (up to " + format_duration(c_.expectations.recovery) + ")");
    if (auto problems = wait_healthy(c_.expectations.recovery,
                                     recovery_requirements(d_.plan, s_.preconditions.require, invariant_names()));
        !problems.empty()) {
      std::string text = "not healthy " + format_duration(c_.expectations.recovery) + " after the heal:";
      for (const auto& p : problems) text += "\n  " + p;
      failures_.push_back(text);
    } else {
      timeline_.add(EventKind::state, "", "healthy again");
      let_the_writer_write_after_the_heal();
    }
    stop_probes();
    measure();
    run_checks();
  }

  void hold(const std::vector<std::string>& hosts) {
    const auto deadline = d_.clock.now() + c_.hold.duration;
    if (!c_.hold.until) {
      step("hold " + format_duration(c_.hold.duration));
      const WaitResult w = wait_until(d_.clock, deadline, options_.poll_interval,
                                      [&] { watch_->observe(observe()); return false; }, d_.interrupted);
      if (w == WaitResult::interrupted) throw Interrupted{};
      return;
    }
    const HoldCondition until = *c_.hold.until;
    step("hold until " + to_string(until) + " (at most " + format_duration(c_.hold.duration) + ")");
    const WaitResult w = wait_until(
        d_.clock, deadline, options_.poll_interval,
        [&] {
          const ClusterFacts now = observe();
          watch_->observe(now);
          return condition_met(until, now, hosts);
        },
        d_.interrupted);
    if (w == WaitResult::interrupted) throw Interrupted{};
    if (w == WaitResult::timed_out)
      failures_.push_back("hold: " + to_string(until) + " not observed within " + format_duration(c_.hold.duration));
    else
      timeline_.add(EventKind::state, "", to_string(until) + " observed");
  }

  bool condition_met(HoldCondition until, const ClusterFacts& now, const std::vector<std::string>& hosts) const {
    switch (until) {
      case HoldCondition::leader_changed: return watch_->leader_changed_at().has_value();
      case HoldCondition::vip_moved: return watch_->vip_moved_at().has_value();
      case HoldCondition::healthy: return health_problems(d_.plan, d_.settings, now, s_.preconditions.require).empty();
      case HoldCondition::target_unreachable:
        for (const std::string& h : hosts) {
          auto e = now.etcd.find(h);
          if (e != now.etcd.end()) {
            if (e->second.reachable) return false;
          } else {
            auto v = now.vrrp.find(h);
            if (v != now.vrrp.end() && v->second == VrrpState::master) return false;
          }
        }
        return true;
    }
    return false;
  }

  /// Runs `per_host` for every host at once (one SSH session each): an SSH round trip
  /// to a busy TCG guest takes seconds, four of them in a row took most of a minute.
  template <typename Result>
  std::map<std::string, std::future<Result>> on_each_host(const std::vector<std::string>& hosts,
                                                          std::function<Result(const std::string&, provisioner::Transport&)> per_host) {
    std::map<std::string, std::future<Result>> pending;
    for (const std::string& host : hosts)
      pending[host] = std::async(std::launch::async, [this, host, per_host] { return per_host(host, d_.transport(host)); });
    return pending;
  }

  void mark_journals() {
    std::vector<std::string> hosts;
    for (const lab::HostPlan& h : d_.plan.hosts) hosts.push_back(h.name);
    for (auto& [host, epoch] : on_each_host<std::string>(hosts, [](const std::string&, provisioner::Transport& t) { return guest_epoch(t); })) {
      try {
        journal_epochs_[host] = epoch.get();
      } catch (const Error& e) {
        timeline_.add(EventKind::note, host, std::string("journal scan start unknown: ") + e.what());
      }
    }
  }

  void collect_journals() {
    std::vector<std::string> hosts;
    for (const auto& [host, epoch] : journal_epochs_) hosts.push_back(host);
    auto pending = on_each_host<std::string>(hosts, [this](const std::string& host, provisioner::Transport& t) {
      return journal_since(t, service_units, journal_epochs_.at(host));
    });
    for (auto& [host, text] : pending) {
      try {
        journals_.text[host] = text.get();
      } catch (const std::exception& e) {
        journals_.errors[host] = e.what();
      }
    }
    journals_collected_ = true;
  }

  /// acked-writes needs acknowledged writes. A fault that took the write path away for
  /// the whole hold (the VIP holder frozen as the writer began) leaves none; stopping the
  /// writer the moment the lab is healthy again, with the VIP still settling, gave it no
  /// chance (seen on a slow TCG host: 0 of 7 writes acknowledged). Give it a bounded
  /// window on the healed lab to get one write through; on KVM that is milliseconds.
  void let_the_writer_write_after_the_heal() {
    if (!s_.workload.writer || !probes_running_) return;
    const std::size_t before = d_.probes.acknowledged_so_far();
    const WaitResult w = wait_until(
        d_.clock, d_.clock.now() + writer_after_heal, options_.poll_interval,
        [&] { return d_.probes.acknowledged_so_far() > before; }, d_.interrupted);
    if (w == WaitResult::interrupted) throw Interrupted{};
    if (w == WaitResult::timed_out)
      timeline_.add(EventKind::note, "", "the writer got no write acknowledged within " +
                                             format_duration(writer_after_heal) + " of the lab being healthy again");
  }

  void stop_probes() {
    if (!probes_running_) return;
    probes_running_ = false;
    const auto stopped = d_.clock.now();
    results_ = d_.probes.stop();
    r_.outages = account_outages(results_.samples, timeline_.epoch(), stopped);
    r_.acknowledged_writes = results_.acknowledged_writes.size();
    r_.failed_writes = results_.failed_writes;
    for (const Outage& o : r_.outages.outages)
      timeline_.add_at(o.start, EventKind::probe, o.target,
                       to_string(o.mode) + " outage " + format_duration(o.duration()) + (o.open ? " (still open)" : "") +
                           ": " + o.first_error);
  }

  void measure() {
    Measurements m;
    m.outages = outages_from(r_.outages, injected_at_);
    if (watch_ && watch_->leader_changed_at()) m.leader_change = *watch_->leader_changed_at() - injected_at_;
    if (watch_ && watch_->vip_moved_at()) m.vip_move = *watch_->vip_moved_at() - injected_at_;
    m.failed_writes = results_.failed_writes;
    m.findings = r_.findings;
    if (!c_.expectations.logs.expected.empty()) {
      if (!journals_collected_) collect_journals();
      m.journals = &journals_;
    }
    const int priority = takeover_priority(d_.plan, d_.settings, r_.target_hosts)
                             .value_or(d_.settings.keepalived.master_priority_max);
    const BoundResolver resolve = [&](const BoundSpec& spec, Measured what) {
      if (spec.literal) return DerivedBound{BoundKind::infer, *spec.literal, "literal " + format_duration(*spec.literal)};
      auto kind = spec.derived != BoundKind::infer ? std::optional(spec.derived)
                                                   : infer_bound_kind(c_.fault, what, target_held_vip_);
      if (!kind)
        throw usage_error(c_.pos.str() + ": cannot derive a bound for fault " + c_.fault.type + " on " +
                          join(r_.target_hosts) + ": name it in the scenario (derived:<kind>)");
      return derive_bound(*kind, d_.settings, priority);
    };
    Tolerances tol;
    tol.outage = 2 * s_.workload.probe_interval;
    tol.outage_reused = s_.workload.probe_interval + d_.probes.sample_timeout();
    tol.change = 2 * options_.poll_interval;
    r_.expectations = evaluate_expectations(c_.expectations, m, resolve, tol);
    for (ExpectationResult& e : r_.expectations) {
      if (e.timing && !options_.enforce_timing) {
        e.enforced = false;
        if (!e.passed) timeline_.add(EventKind::note, "", "time bound missed (reported, not enforced): " + e.name);
        continue;
      }
      if (!e.passed) failures_.push_back("expectation '" + e.name + "' not met: " + e.detail);
    }
  }

  // Written before the first step of the fault: a klab killed from here on leaves the
  // entry, and the next run recovers these hosts (faults/recovery.hpp).
  void record_in_ledger(const std::vector<std::string>& hosts) {
    if (!options_.ledger) return;
    ledger_id_ = options_.ledger->record({"", s_.name, r_.name(), c_.fault.type, hosts, 0, ""});
  }

  void clear_from_ledger(bool verified_gone) {
    if (!options_.ledger || ledger_id_.empty()) return;
    if (verified_gone) {
      options_.ledger->clear(ledger_id_);
      return;
    }
    const std::string note = "the fault stays recorded in " + options_.ledger->file().string() +
                             ": `klab scenario heal` reverts what is left";
    timeline_.add(EventKind::note, "", note);
    reasons_error_.push_back(note);
  }

  void merge_findings() {
    for (const Finding& f : fctx_.findings)
      if (std::none_of(r_.findings.begin(), r_.findings.end(), [&](const Finding& g) { return g.evidence == f.evidence; }))
        r_.findings.push_back(f);
  }

  // The case's log expectations plus the lines its detected outcomes produce: a panic is
  // allowed only in a case whose fault named the outcome that panics.
  const LogExpectations& case_logs() {
    logs_ = c_.expectations.logs;
    for (const Finding& f : fctx_.findings)
      logs_.allowed.insert(logs_.allowed.end(), f.allowed_logs.begin(), f.allowed_logs.end());
    return logs_;
  }

  CheckContext check_context() {
    CheckContext ctx{d_.plan, d_.settings, d_.cluster, d_.lab, d_.transport, stack_, &results_,
                     fctx_.restored_revision, &case_logs(), nullptr};
    return ctx;
  }

  const std::vector<std::string>& invariant_names() const {
    return c_.invariants.empty() ? s_.invariants : c_.invariants;
  }

  void run_checks() {
    for (const std::string& name : invariant_names()) {
      if (name == "no-fault-left") continue;  // always run last, after the final revert
      check_interrupt();
      if (name == "log-scan" && !journals_collected_) collect_journals();
      CheckContext ctx = check_context();
      ctx.journals = &journals_;
      add_check(make_check(name)->run(ctx));
    }
  }

  void add_check(CheckResult result) {
    timeline_.add(EventKind::check, "", result.name + (result.passed ? ": ok" : ": FAILED: " + result.summary));
    if (!result.passed) failures_.push_back("invariant " + result.name + ": " + result.summary);
    r_.checks.push_back(std::move(result));
  }

  void record_revert_errors(const std::vector<FaultStack::RevertError>& errors) {
    for (const auto& e : errors)
      (e.kind == ErrorKind::check_failed ? failures_ : reasons_error_).push_back(e.message);
  }

  void finish(FaultStack& stack) {
    if (probes_running_) {
      try {
        stop_probes();
      } catch (const std::exception& e) {
        reasons_error_.push_back(std::string("stopping the probes: ") + e.what());
      }
    }
    const std::size_t revert_errors_before = reasons_error_.size() + failures_.size();
    record_revert_errors(stack.revert_all());
    bool verified_gone = reasons_error_.size() + failures_.size() == revert_errors_before;
    r_.faults_injected = stack.injected();
    if (!inconclusive_ || !r_.faults_injected.empty()) {
      try {
        CheckContext ctx = check_context();
        CheckResult left = make_check("no-fault-left")->run(ctx);
        r_.left_behind = left.problems;
        verified_gone = verified_gone && left.passed;
        add_check(std::move(left));
      } catch (const std::exception& e) {
        verified_gone = false;
        reasons_error_.push_back(std::string("verifying no fault is left behind: ") + e.what());
      }
    }
    clear_from_ledger(verified_gone);
    merge_findings();
    decide();
    if (r_.verdict != Verdict::passed && !options_.artifacts_dir.empty()) keep_artifacts();
  }

  void decide() {
    if (interrupted_) r_.verdict = Verdict::interrupted;
    else if (!failures_.empty()) r_.verdict = Verdict::failed;
    else if (!reasons_error_.empty()) r_.verdict = Verdict::error;
    else if (inconclusive_) r_.verdict = Verdict::inconclusive;
    else r_.verdict = Verdict::passed;
    r_.reasons = failures_;
    r_.reasons.insert(r_.reasons.end(), reasons_error_.begin(), reasons_error_.end());
    r_.reasons.insert(r_.reasons.end(), inconclusive_reasons_.begin(), inconclusive_reasons_.end());
    timeline_.add(EventKind::note, "", "verdict: " + to_string(r_.verdict));
  }

  void keep_artifacts() {
    try {
      const std::filesystem::path dir =
          options_.artifacts_dir / (s_.name + "." + r_.name());
      r_.artifacts = collect_artifacts(dir, ArtifactSources{d_.plan, d_.settings, d_.cluster, d_.lab, d_.transport,
                                                            journal_epochs_, service_units});
    } catch (const std::exception& e) {
      r_.reasons.push_back(std::string("keeping artifacts failed: ") + e.what());
    }
  }

  void inconclusive(const std::string& why) {
    inconclusive_ = true;
    inconclusive_reasons_.push_back(why);
    timeline_.add(EventKind::note, "", "inconclusive: " + why);
  }

  static std::string join(const std::vector<std::string>& words) {
    std::string out;
    for (const auto& w : words) out += (out.empty() ? "" : ", ") + w;
    return out;
  }

  const EngineDeps& d_;
  const Scenario& s_;
  const Case& c_;
  const RunOptions& options_;
  Timeline timeline_;
  FaultContext fctx_;
  FaultStack* stack_ = nullptr;
  CaseReport r_;
  std::unique_ptr<StateWatch> watch_;
  milliseconds injected_at_{0};
  bool target_held_vip_ = false;
  bool probes_running_ = false;
  ProbeResults results_;
  std::map<std::string, std::string> journal_epochs_;
  Journals journals_;
  LogExpectations logs_;
  std::string ledger_id_;
  bool journals_collected_ = false;
  bool interrupted_ = false;
  bool inconclusive_ = false;
  std::vector<std::string> failures_, reasons_error_, inconclusive_reasons_;
};

}  // namespace

CaseReport run_one_case(const EngineDeps& deps, const Scenario& scenario, const Case& c, int iteration,
                        const RunOptions& options) {
  return CaseRun(deps, scenario, c, iteration, options).run();
}

}  // namespace klab::scenarios
