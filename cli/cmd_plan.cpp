#include <fmt/format.h>

#include <ostream>

#include "cli/commands.hpp"
#include "lab/plan_json.hpp"
#include "provisioner/settings.hpp"

namespace klab::cli {

namespace {

void print_plan_text(const lab::Plan& plan, std::ostream& out) {
  const auto& n = plan.network;
  out << fmt::format("lab {} (from {})\n", plan.lab, plan.source);
  out << fmt::format("  libvirt   {} (accel {}), pool {}, base volume {}\n", plan.uri,
                     lab::to_string(plan.accel), plan.pool_name, plan.base_volume);
  out << fmt::format("  image     {}\n", plan.image);
  out << fmt::format("  network   {} bridge {} subnet {} gateway {} mode {} domain {}\n", n.name,
                     n.bridge, n.subnet.str(), n.gateway.str(), lab::to_string(n.mode), n.domain);
  if (n.vip) out << fmt::format("  vip       {} ({})\n", n.vip->str(), n.vip_fqdn);
  out << "\n";
  out << fmt::format("{:<16} {:<30} {:<7} {:<16} {:<18} {:>5} {:>7} {:>5}  {}\n", "HOST", "FQDN",
                     "ROLE", "IP", "MAC", "VCPUS", "MEMORY", "DISK", "LIBVIRT DOMAIN / DISK / SEED");
  for (const auto& h : plan.hosts)
    out << fmt::format("{:<16} {:<30} {:<7} {:<16} {:<18} {:>5} {:>6}M {:>4}G  {} / {} / {}\n",
                       h.name, h.fqdn, lab::to_string(h.role), h.ip.str(), h.mac,
                       h.resources.vcpus, h.resources.memory_mib, h.resources.disk_gib,
                       h.domain_name, h.disk_volume, h.seed_volume);
}

}  // namespace

void add_plan_command(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand("plan", "validate the topology and print the resolved plan");
  cmd->footer(
      "Examples:\n"
      "  klab plan                         # ./klab.yaml, or the ha preset\n"
      "  klab plan -f lab.yaml --output json\n"
      "  klab plan --preset single\n"
      "Every problem in the file is reported at once as file:line:column: field: message,\n"
      "with exit code 64; nothing is created.");
  cmd->callback([&ctx] {
    const lab::Plan plan = ctx.load_plan();
    // What deploy would refuse about this topology (its subnet against the Kubernetes
    // ranges, VRRP priorities for its masters) is refused here, before anything exists.
    provisioner::validate(provisioner::default_settings(plan), plan);
    if (ctx.json()) ctx.out << lab::to_json(plan).dump(2) << "\n";
    else print_plan_text(plan, ctx.out);
  });
}

}  // namespace klab::cli
