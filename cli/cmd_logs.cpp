#include <nlohmann/json.hpp>

#include <ostream>

#include "cli/commands.hpp"
#include "ops/logs_export.hpp"

namespace klab::cli {

namespace {

nlohmann::json to_json(const ops::PartLogs& p) {
  nlohmann::json files = nlohmann::json::array();
  for (const ops::CollectedFile& f : p.files) files.push_back({{"name", f.name}, {"bytes", f.bytes}});
  return {{"part", p.part}, {"state", p.state}, {"files", files}, {"notes", p.notes}};
}

nlohmann::json to_json(const ops::LogsReport& r) {
  nlohmann::json hosts = nlohmann::json::array();
  for (const ops::PartLogs& h : r.hosts) hosts.push_back(to_json(h));
  return {{"dir", r.dir.string()}, {"elapsed_ms", r.elapsed.count()}, {"lab", to_json(r.lab)},
          {"network", to_json(r.network)}, {"hosts", hosts}};
}

}  // namespace

void add_logs_command(CLI::App& app, Context& ctx) {
  auto dir = std::make_shared<std::string>();
  auto* logs = app.add_subcommand("logs", "diagnostics of the lab's hosts and network");
  logs->require_subcommand(1);
  auto* cmd = logs->add_subcommand("export", "write a diagnostics bundle of the whole lab into DIR");
  cmd->add_option("dir", *dir, "directory to write (created if needed)")->required();
  cmd->footer(
      "Collects, per host: the libvirt domain XML, the serial console log and, over SSH\n"
      "(one round trip per host): cloud-init.log, cloud-init-output.log, cloud-init's\n"
      "status.json and result.json, the boot's journal (last 20000 lines),\n"
      "systemd-analyze blame and time, failed units.\n"
      "For the network: its XML, state and dnsmasq's DHCP leases. A host that is down or\n"
      "unreachable is noted in DIR/summary.txt and the rest is still collected.\n"
      "Examples:\n"
      "  klab logs export /tmp/lab-logs\n"
      "  scripts/lab-env run -- klab logs export ci-artifacts/lab --output json");
  cmd->callback([&ctx, dir] {
    const lab::Plan plan = ctx.load_plan();
    const ops::LogsReport report = ops::export_logs(plan, ctx.provider(), *dir);
    if (ctx.json()) ctx.out << to_json(report).dump(2) << "\n";
    else ctx.out << report.summary();
  });
}

}  // namespace klab::cli
