#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <ostream>

#include "ops/snapshot_restore.hpp"
#include "cli/commands.hpp"
#include "lab/lab_lock.hpp"
#include "lab/provider.hpp"
#include "provisioner/lab_targets.hpp"

namespace klab::cli {

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// libvirt accepts nearly anything; klab keeps names usable in shells and file names.
void check_snapshot_name(const std::string& name) {
  const bool ok = !name.empty() && name.size() <= 64 && name.front() != '-' && name.front() != '.' &&
                  name.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") ==
                      std::string::npos;
  if (!ok)
    throw usage_error("invalid snapshot name '" + name +
                      "': use 1-64 letters, digits, '.', '_' or '-', not starting with '.' or '-'");
}

nlohmann::json to_json(const ops::ClockReport& r) {
  nlohmann::json hosts = nlohmann::json::array();
  for (const ops::HostClock& h : r.hosts)
    hosts.push_back({{"host", h.host}, {"ok", h.ok}, {"error", h.error}, {"behind_s", h.behind_s},
                     {"skew_ms", h.skew_ms}, {"jitter_ms", h.jitter_ms},
                     {"set_from_startup", h.set_from_startup}, {"corrected", h.corrected}, {"set_skew_ms", h.set_skew_ms}, {"chrony_stepped", h.chrony_stepped}, {"elapsed_ms", h.elapsed.count()}});
  return {{"hosts", hosts}, {"elapsed_ms", r.elapsed.count()}, {"max_abs_skew_ms", r.max_abs_skew_ms()}};
}

void print_clocks(std::ostream& out, const ops::ClockReport& r) {
  for (const ops::HostClock& h : r.hosts) {
    if (!h.ok) {
      out << fmt::format("  {:<16} FAILED: {}\n", h.host, h.error);
      continue;
    }
    out << fmt::format("  {:<16} was {:.1f}s behind; skew now {:+.1f} ms (samples within {:.1f} ms){}{}{}\n", h.host,
                       h.behind_s, h.skew_ms, h.jitter_ms, h.set_from_startup ? "" : ", set with date -s", h.corrected ? ", corrected" : "",
                       h.chrony_stepped ? ", chrony stepped" : "");
  }
}

void restore(Context& ctx, const std::string& name) {
  const lab::Plan plan = ctx.load_plan();
  const auto lock = lab::LabLock::acquire(plan.lab, "klab snapshot restore");
  const auto keys = provisioner::must_load_lab_keys(plan);
  lab::Provider& provider = ctx.provider();
  const ops::SnapshotRestore r = ops::restore_snapshot(plan, provider, keys, name);
  const double revert_s = r.revert.count() / 1000.0, total_s = r.total.count() / 1000.0;
  if (ctx.json()) {
    ctx.out << nlohmann::json{{"snapshot", name}, {"revert_s", revert_s}, {"total_s", total_s},
                              {"clocks", to_json(r.clocks)}}.dump(2) << "\n";
  } else {
    ctx.out << fmt::format("restored snapshot {} of lab {} in {:.1f}s (revert {:.1f}s, clock resync + SSH check {:.1f}s)\n",
                           name, plan.lab, total_s, revert_s, r.clocks.elapsed.count() / 1000.0);
    print_clocks(ctx.out, r.clocks);
    if (r.clocks.ok())
      ctx.out << fmt::format("every host answers SSH; clock skew after resync at most {:.1f} ms\n",
                             r.clocks.max_abs_skew_ms());
  }
  if (!r.clocks.ok())
    throw infra_error("snapshot " + name + " was restored, but some hosts could not be resynced or reached over SSH"
                      " (see `klab console HOST`):\n  " + r.failures("\n  "));
}

void list(Context& ctx) {
  const lab::Plan plan = ctx.load_plan();
  lab::Provider& provider = ctx.provider();
  const auto snaps = provider.snapshot_list(plan);
  if (ctx.json()) {
    nlohmann::json all = nlohmann::json::array();
    for (const auto& s : snaps)
      all.push_back({{"name", s.name}, {"hosts", s.hosts}, {"complete", s.complete}, {"created", s.created}});
    ctx.out << nlohmann::json{{"lab", plan.lab}, {"snapshots", all}}.dump(2) << "\n";
    return;
  }
  if (snaps.empty()) {
    ctx.out << "lab " << plan.lab << " has no snapshots (klab snapshot save NAME)\n";
    return;
  }
  ctx.out << fmt::format("{:<24} {:<21} {:<9} {}\n", "NAME", "CREATED", "HOSTS", "STATE");
  for (const auto& s : snaps)
    ctx.out << fmt::format("{:<24} {:<21} {:<9} {}\n", s.name, s.created,
                           fmt::format("{}/{}", s.hosts.size(), plan.hosts.size()),
                           s.complete ? "complete" : "INCOMPLETE (klab snapshot rm it)");
}

void remove(Context& ctx, const std::string& name) {
  const lab::Plan plan = ctx.load_plan();
  const auto lock = lab::LabLock::acquire(plan.lab, "klab snapshot rm");
  lab::Provider& provider = ctx.provider();
  const lab::RemoveReport r = provider.snapshot_remove(plan, name);
  if (ctx.json()) {
    ctx.out << nlohmann::json{{"removed", r.removed}, {"errors", r.errors}}.dump(2) << "\n";
  } else {
    for (const auto& line : r.removed) ctx.out << "removed " << line << "\n";
    if (r.removed.empty() && r.ok()) ctx.out << "lab " << plan.lab << " has no snapshot " << name << "\n";
  }
  if (!r.ok()) {
    std::string all;
    for (const auto& e : r.errors) all += "\n  " + e;
    throw infra_error("snapshot " + name + " could not be removed everywhere (re-run to retry):" + all);
  }
}

}  // namespace

void add_snapshot_command(CLI::App& app, Context& ctx) {
  auto name = std::make_shared<std::string>();
  auto* cmd = app.add_subcommand("snapshot", "save, restore, list and remove whole-lab snapshots (with memory)");
  cmd->require_subcommand(1);
  cmd->footer(
      "A lab snapshot captures every host at the same moment, memory included: all hosts\n"
      "are paused, snapshotted and resumed together. `restore` reverts them all, resumes\n"
      "them together, then sets every guest's clock from this host's (they would otherwise\n"
      "be behind by the snapshot's age) and checks each host answers SSH.\n"
      "Examples:\n"
      "  klab snapshot save deployed\n"
      "  klab snapshot restore deployed       # prints the time taken and the clock skew\n"
      "  klab snapshot list --output json\n"
      "  klab snapshot rm deployed");
  auto add_named = [&](const char* verb, const char* help) {
    auto* sub = cmd->add_subcommand(verb, help);
    sub->add_option("name", *name, "snapshot name")->required();
    return sub;
  };
  add_named("save", "snapshot every host of the lab, memory included")->callback([&ctx, name] {
    check_snapshot_name(*name);
    const lab::Plan plan = ctx.load_plan();
    const auto lock = lab::LabLock::acquire(plan.lab, "klab snapshot save");
    const auto start = Clock::now();
    ctx.provider().snapshot_save(plan, *name);
    if (ctx.json())
      ctx.out << nlohmann::json{{"snapshot", *name}, {"lab", plan.lab}, {"save_s", seconds_since(start)}}.dump(2) << "\n";
    else
      ctx.out << fmt::format("saved snapshot {} of lab {} ({} hosts) in {:.1f}s\n", *name, plan.lab,
                             plan.hosts.size(), seconds_since(start));
  });
  add_named("restore", "return every host to the snapshot, resync clocks, check SSH")->callback([&ctx, name] {
    check_snapshot_name(*name);
    restore(ctx, *name);
  });
  cmd->add_subcommand("list", "the lab's snapshots")->callback([&ctx] { list(ctx); });
  add_named("rm", "delete the snapshot from every host")->callback([&ctx, name] {
    check_snapshot_name(*name);
    remove(ctx, *name);
  });
}

}  // namespace klab::cli
