#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <ostream>

#include "cli/commands.hpp"
#include "lab/paths.hpp"
#include "lab/provider.hpp"
#include "provisioner/lab_targets.hpp"
#include "provisioner/transport/run_parallel.hpp"
#include "provisioner/transport/wait_for_ssh.hpp"

namespace klab::cli {

namespace {

struct HostStatus {
  const lab::HostPlan* host = nullptr;
  lab::HostState state = lab::HostState::absent;
  bool ssh_ready = false;
  std::string ssh_error;
};

// SSH readiness is probed, briefly, only on running hosts of a lab that has keys.
void probe_ssh(const lab::Plan& plan, std::vector<HostStatus>& rows) {
  const auto ssh_dir = lab::lab_dir(plan.lab) / "ssh";
  if (!std::filesystem::exists(ssh_dir / "id_ed25519")) return;
  const auto keys = provisioner::must_load_lab_keys(plan);
  std::vector<std::string> running;
  for (const auto& r : rows)
    if (r.state == lab::HostState::running) running.push_back(r.host->name);
  const auto outcomes = provisioner::run_parallel_collect(
      running,
      [&](const std::string& name) {
        const lab::HostPlan& h = *plan.find_host(name);
        provisioner::SshTarget t = provisioner::ssh_target_for(h, keys);
        // An SSH handshake with a TCG guest on a busy host takes seconds: allow it.
        t.connect_timeout = std::chrono::seconds(20);
        provisioner::wait_for_ssh(t, std::chrono::seconds(20));
      },
      8);
  for (const auto& o : outcomes)
    for (auto& r : rows)
      if (r.host->name == o.host) {
        r.ssh_ready = o.ok;
        r.ssh_error = o.error;
      }
}

}  // namespace

void add_status_command(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand("status", "show each host: role, state, IP, whether SSH is ready");
  cmd->footer("Examples:\n  klab status\n  klab status --output json");
  cmd->callback([&ctx] {
    const lab::Plan plan = ctx.load_plan();
    lab::Provider& provider = ctx.provider();
    std::vector<HostStatus> rows;
    for (const auto& h : plan.hosts) {
      HostStatus row;
      row.host = &h;
      row.state = provider.state(h);
      rows.push_back(row);
    }
    probe_ssh(plan, rows);
    if (ctx.json()) {
      nlohmann::json hosts = nlohmann::json::array();
      for (const auto& r : rows)
        hosts.push_back({{"name", r.host->name}, {"role", lab::to_string(r.host->role)},
                         {"state", lab::to_string(r.state)}, {"ip", r.host->ip.str()},
                         {"ssh_ready", r.ssh_ready}});
      ctx.out << nlohmann::json{{"lab", plan.lab}, {"hosts", hosts}}.dump(2) << "\n";
      return;
    }
    ctx.out << fmt::format("{:<16} {:<7} {:<10} {:<16} {}\n", "HOST", "ROLE", "STATE", "IP", "SSH");
    for (const auto& r : rows)
      ctx.out << fmt::format("{:<16} {:<7} {:<10} {:<16} {}\n", r.host->name,
                             lab::to_string(r.host->role), lab::to_string(r.state),
                             r.host->ip.str(),
                             r.ssh_ready ? "ready" : r.state == lab::HostState::running ? "not ready" : "-");
  });
}

}  // namespace klab::cli
