#include "provisioner/deploy.hpp"

#include "provisioner/deploy/dry_run.hpp"
#include "provisioner/transport/deadline.hpp"

namespace klab::provisioner {
namespace {

using Clock = std::chrono::steady_clock;

// The checks cover what etcd and lb deploy; a run of other phases alone (pki, prep)
// has nothing for them to check yet.
bool verifies(const std::vector<Phase*>& phases) {
  for (const Phase* p : phases)
    if (p->name() == "etcd" || p->name() == "lb") return true;
  return false;
}

}  // namespace

DeployReport deploy(const DeployInputs& in, const DeployOptions& options) {
  return deploy(in, options, default_phases());
}

DeployReport deploy(const DeployInputs& in, const DeployOptions& options, const PhaseList& phases) {
  const std::vector<Phase*> selected = select_phases(phases, options.phases);
  const auto start = Clock::now();
  HostTransports hosts(in.plan, in.transports);
  PhaseContext ctx(in.plan, in.settings, in.templates, in.lab_dir, hosts, in.progress, options);
  DeployReport report;

  if (options.dry_run) {
    report.dry_run = true;
    report.dry_run_files = write_dry_run(ctx, selected, *options.dry_run);
    report.elapsed = elapsed_since(start);
    return report;
  }

  for (Phase* phase : selected) {
    PhaseResult result;
    result.name = phase->name();
    const auto before = hosts.stats();
    const auto phase_start = Clock::now();
    in.progress.phase_begin(phase->name());
    try {
      phase->run(ctx);
      result.ok = true;
    } catch (const Error& e) {
      report.failure = e;
    }
    in.progress.phase_end(phase->name(), result.ok);
    result.elapsed = elapsed_since(phase_start);
    result.transport = stats_delta(hosts.stats(), before);
    result.changes = ctx.take_changes();
    report.phases.push_back(std::move(result));
    if (report.failure) break;
  }

  if (!report.failure && options.verify && verifies(selected)) {
    const auto before = hosts.stats();
    in.progress.phase_begin("verify");
    try {
      report.verify = verify_deploy(ctx, VerifyOptions{options.verify_timeout});
      in.progress.phase_end("verify", report.verify->ok());
    } catch (const Error& e) {
      in.progress.phase_end("verify", false);
      report.failure = e;
    }
    report.verify_transport = stats_delta(hosts.stats(), before);
  }
  report.elapsed = elapsed_since(start);
  return report;
}

}  // namespace klab::provisioner
