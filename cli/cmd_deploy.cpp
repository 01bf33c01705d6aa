#include <fmt/format.h>
#include <unistd.h>

#include <ostream>

#include "cli/commands.hpp"
#include "lab/lab_lock.hpp"
#include "scenarios/ledger_recovery.hpp"
#include "lab/paths.hpp"
#include "provisioner/deploy.hpp"
#include "provisioner/lab_targets.hpp"
#include "provisioner/transport/ssh_factory.hpp"

namespace klab::cli {

namespace {

struct DeployArgs {
  std::vector<std::string> phases;
  std::string dry_run;
  std::string templates;
  bool no_verify = false;
  int parallel = 4;
  double max_skew_s = 0.5;
};

provisioner::DeployOptions deploy_options(const DeployArgs& args) {
  provisioner::DeployOptions options;
  options.phases = args.phases;
  if (!args.dry_run.empty()) options.dry_run = std::filesystem::path(args.dry_run);
  options.verify = !args.no_verify;
  options.max_parallel = args.parallel;
  options.max_clock_skew_s = args.max_skew_s;
  return options;
}

// SSH to every host; a dry run gets a factory that refuses (it contacts no host).
provisioner::TransportFactory transports(const lab::Plan& plan, const provisioner::DeployOptions& options,
                                         std::optional<cloudinit::LabKeys>& keys) {
  if (options.dry_run)
    return [](const lab::HostPlan& h) -> std::unique_ptr<provisioner::Transport> {
      throw infra_error(h.name + ": a dry run contacts no host (klab bug)");
    };
  keys = provisioner::must_load_lab_keys(plan);
  return provisioner::ssh_transport_factory(*keys);
}

void report_outcome(Context& ctx, const provisioner::DeployReport& report) {
  if (ctx.json()) ctx.out << provisioner::to_json(report).dump(2) << "\n";
  else ctx.out << provisioner::to_text(report);
  if (report.failure) throw *report.failure;
  if (report.verify && !report.verify->ok())
    throw Error(ErrorKind::check_failed,
                fmt::format("deploy verification failed ({} problem(s), listed above); re-run `klab deploy` "
                            "once the cause is fixed, or look closer with `klab etcdctl -- endpoint status "
                            "--cluster -w table`",
                            report.verify->problems.size()));
}

}  // namespace

void add_deploy_command(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<DeployArgs>();
  auto* cmd = app.add_subcommand("deploy", "deploy PKI, node prep, etcd (TLS) and haproxy/keepalived onto the lab");
  cmd->add_option("--phase", args->phases, "run only these phases (comma-separated): pki, prep, etcd, lb")
      ->delimiter(',');
  cmd->add_option("--dry-run", args->dry_run, "write every rendered file to DIR/<host>/<path>; contact nothing");
  cmd->add_option("--templates", args->templates, "directory of template overrides (same names as the built-ins)");
  cmd->add_flag("--no-verify", args->no_verify, "skip the checks at the end");
  cmd->add_option("--parallel", args->parallel, "hosts worked on at once")->check(CLI::Range(1, 64));
  cmd->add_option("--max-clock-skew", args->max_skew_s, "seconds of clock spread across hosts tolerated by prep")
      ->check(CLI::Range(0.01, 600.0));
  cmd->footer(
      "Phases, in order: pki (certificates in the lab directory, no SSH), prep (modules, sysctl,\n"
      "swap, chrony, journald, /etc/hosts and clock-skew checks), etcd (3 members over TLS:\n"
      "bootstrap, start, join; refuses to re-bootstrap a cluster with data), lb (haproxy +\n"
      "keepalived VIP on the LB and masters, etcd gRPC proxy on the LB). Then it verifies:\n"
      "members healthy over TLS, one cluster ID, etcd through the VIP, exactly one VIP holder.\n"
      "Idempotent: a re-run uploads and restarts nothing unless something differs.\n"
      "Examples:\n"
      "  scripts/lab-env run -- klab deploy\n"
      "  klab deploy --phase etcd,lb\n"
      "  klab deploy --dry-run /tmp/rendered        # review every file, no lab needed\n"
      "  klab deploy --templates ./my-templates     # haproxy.cfg.mustache etc. override built-ins\n"
      "Exit codes: 0 deployed and verified, 1 verification failed, 2 a phase failed (the error\n"
      "names host, phase, step and output), 64 bad options or topology.");
  cmd->callback([&ctx, args] {
    const lab::Plan plan = ctx.load_plan();
    const auto lock = lab::LabLock::acquire(plan.lab, "klab deploy");
    provisioner::validate(provisioner::default_settings(plan), plan);
    const provisioner::TemplateSet templates = args->templates.empty()
                                                   ? provisioner::TemplateSet::builtin()
                                                   : provisioner::TemplateSet::with_overrides(args->templates);
    const provisioner::DeployOptions options = deploy_options(*args);
    std::optional<cloudinit::LabKeys> keys;
    const provisioner::TransportFactory factory = transports(plan, options, keys);
    // After the keys check, so a deploy before `up` leaves nothing behind. A dry run
    // creates the lab's VRRP secret too: it shows what the deploy will render.
    const std::filesystem::path lab_dir = lab::make_lab_dir(plan.lab);
    const provisioner::Settings settings = provisioner::deploy_settings(plan, lab_dir);
    lab::ConsoleProgress console(ctx.json() ? ctx.err : ctx.out, !ctx.json() && lab::is_tty(STDOUT_FILENO));
    // A killed scenario's faults (a /run drop-in, an edited /etc/default/etcd) would
    // otherwise survive the deploy, which does not look for them.
    if (!options.dry_run) scenarios::recover_recorded_faults(plan, console);
    const provisioner::DeployInputs inputs{plan, settings, templates, lab_dir, factory, console};
    report_outcome(ctx, provisioner::deploy(inputs, options));
  });
}

}  // namespace klab::cli
