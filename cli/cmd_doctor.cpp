#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <ostream>

#include "cli/commands.hpp"
#include "ops/doctor.hpp"

namespace klab::cli {

namespace {

lab::Plan try_load_plan(const Context& ctx, ops::DoctorOptions& options) {
  lab::Plan plan = ctx.load_plan();
  options.uri = plan.uri;
  options.image = plan.image;
  return plan;
}

void print_text(const std::vector<ops::CheckResult>& results, std::ostream& out) {
  for (const auto& r : results) {
    out << fmt::format("{:<5} {:<18} {}\n", to_string(r.status), r.name, r.found);
    if (!r.fix.empty() && r.status != ops::CheckStatus::ok) out << fmt::format("{:24} → {}\n", "", r.fix);
  }
}

}  // namespace

void add_doctor_command(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand("doctor", "check that this machine can run a lab, and say how to fix what is missing");
  cmd->footer(
      "Checks: libvirt reachable, QEMU present, KVM usable (else TCG), dnsmasq/ip/tc/nft,\n"
      "image-build tools, the base image in the cache, free disk, network namespaces.\n"
      "Exit 0 when a lab can be created, 2 otherwise.\n"
      "Examples:\n"
      "  klab doctor\n"
      "  scripts/lab-env run -- klab doctor --output json");
  cmd->callback([&ctx] {
    ops::DoctorOptions options;
    try_load_plan(ctx, options);
    const auto results = ops::run_doctor(options);
    bool failed = false;
    for (const auto& r : results) failed |= r.status == ops::CheckStatus::fail;
    if (ctx.json()) {
      nlohmann::json j = nlohmann::json::array();
      for (const auto& r : results)
        j.push_back({{"check", r.name}, {"status", to_string(r.status)}, {"found", r.found},
                     {"fix", r.fix}});
      ctx.out << nlohmann::json{{"ready", !failed}, {"checks", j}}.dump(2) << "\n";
    } else {
      print_text(results, ctx.out);
      ctx.out << (failed ? "\na lab cannot be created yet: fix the FAIL lines above\n"
                         : "\nready: a lab can be created\n");
    }
    if (failed) ctx.exit_code = exit_code::infrastructure;
  });
}

}  // namespace klab::cli
