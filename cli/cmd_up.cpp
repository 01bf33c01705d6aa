#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <ostream>
#include <unistd.h>

#include "cli/commands.hpp"
#include "ops/lab_up.hpp"
#include "lab/lab_lock.hpp"
#include "lab/provider.hpp"

namespace klab::cli {

namespace {

nlohmann::json to_json(const ops::UpReport& r) {
  nlohmann::json hosts = nlohmann::json::array();
  for (const auto& h : r.hosts)
    hosts.push_back({{"host", h.host}, {"volumes", lab::to_string(h.volumes)},
                     {"domain", lab::to_string(h.domain)}, {"started", h.started}, {"resumed", h.resumed},
                     {"ssh_ready_ms", h.ssh_ready.count()}, {"ssh_attempts", h.ssh_attempts}});
  return {{"accel", r.accel_note},
          {"hosts", hosts},
          {"clock_sync", {{"ok", r.clocks_max_skew_ms.has_value()},
                          {"max_abs_skew_ms", r.clocks_max_skew_ms ? nlohmann::json(*r.clocks_max_skew_ms)
                                                                   : nlohmann::json(nullptr)}}}};
}

}  // namespace

void add_up_command(CLI::App& app, Context& ctx) {
  auto opts = std::make_shared<ops::UpOptions>();
  auto ssh_seconds = std::make_shared<int>(static_cast<int>(opts->ssh_deadline.count()));
  auto* cmd = app.add_subcommand("up", "create and boot the lab's VMs and wait until each answers SSH");
  cmd->add_option("--ssh-timeout", *ssh_seconds, "seconds to wait for each host's SSH")
      ->check(CLI::Range(10, 7200));
  cmd->footer(
      "Reconciles: creates what is missing (network, pool, base volume, disk overlays, seed\n"
      "ISOs, domains), starts what is stopped, leaves what is right. Safe to re-run after a\n"
      "failure, Ctrl-C or kill -9. A host is ready when an SSH command ran as root with the\n"
      "lab key and the host presented its pinned host key.\n"
      "Examples:\n"
      "  klab up                                  # ./klab.yaml or the ha preset\n"
      "  scripts/lab-env run -- klab up           # no system libvirtd: private one in a netns\n"
      "  klab up -f lab.yaml --output json");
  cmd->callback([&ctx, opts, ssh_seconds] {
    opts->ssh_deadline = std::chrono::seconds(*ssh_seconds);
    const lab::Plan plan = ctx.load_plan();
    const auto lock = lab::LabLock::acquire(plan.lab, "klab up");
    lab::Provider& provider = ctx.provider();
    lab::ConsoleProgress console(ctx.json() ? ctx.err : ctx.out, !ctx.json() && lab::is_tty(STDOUT_FILENO));
    const ops::UpReport report = ops::lab_up(plan, provider, console, *opts);
    if (ctx.json()) {
      ctx.out << to_json(report).dump(2) << "\n";
      return;
    }
    console.print_timeline(ctx.out);
    ctx.out << fmt::format("lab {} is up: {} hosts answer SSH (klab ssh HOST, klab status)\n",
                           plan.lab, report.hosts.size());
  });
}

}  // namespace klab::cli
