#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <optional>
#include <ostream>

#include "cli/commands.hpp"
#include "lab/lab_lock.hpp"
#include "lab/gc_policy.hpp"
#include "lab/paths.hpp"
#include "lab/provider.hpp"

namespace klab::cli {

namespace {

struct GcOptions {
  bool yes = false;
  lab::GcFlags flags;
  std::vector<std::string> uris;  // --uri; default: the URIs of the topology
};

std::string to_string(lab::GcOwnership o) {
  switch (o) {
    case lab::GcOwnership::this_process:
      return "this";
    case lab::GcOwnership::other:
      return "other";
    case lab::GcOwnership::unknown:
      return "unknown";
  }
  return "unknown";
}

nlohmann::json to_json(const lab::GcLab& l) {
  nlohmann::json owner = nullptr;
  if (l.owner.known()) owner = {{"uid", l.owner.uid}, {"host", l.owner.machine}, {"state_dir", l.owner.state_dir}};
  return {{"lab", l.lab},           {"uri", l.uri},         {"objects", l.objects},
          {"ownership", to_string(l.ownership)},            {"owner", owner},
          {"has_state", l.has_state}, {"running", l.running}, {"offered", l.offered},
          {"skipped", l.offered ? nlohmann::json(nullptr) : nlohmann::json(l.skip_reason)},
          {"removed", nlohmann::json::array()}};
}

std::string headline(const lab::GcLab& l) {
  if (!l.offered) return fmt::format("skipped lab {} at {}: {}", l.lab, l.uri, l.skip_reason);
  if (!l.included.empty()) return fmt::format("lab {} at {}: included: {}", l.lab, l.uri, l.included);
  return fmt::format("lab {} at {}: leftover (created by {}; that lab directory is gone)", l.lab, l.uri,
                     l.owner.describe());
}

// A lab another command of this state directory is working on (an `up` that has not
// yet written its state) is not a leftover: skipped, with the holder named.
std::optional<lab::LabLock> lock_or_skip(const std::string& lab, Context& ctx, nlohmann::json& j) {
  try {
    return lab::LabLock::acquire(lab, "klab gc");
  } catch (const Error& e) {
    if (e.kind() != ErrorKind::infrastructure) throw;
    j["skipped"] = e.what();
    if (!ctx.json()) ctx.out << "  skipped: " << e.what() << "\n";
    return std::nullopt;
  }
}

// What gc saw and did over every URI.
struct GcTally {
  nlohmann::json labs = nlohmann::json::array();
  std::vector<std::string> errors;
  std::size_t found = 0, offered = 0, removed = 0;
};

// Lists one lab and, with --yes when it is offered and its lock is free, removes it.
void collect_lab(Context& ctx, const GcOptions& opts, lab::Provider& provider, const lab::GcLab& l, GcTally& tally) {
  ++tally.found;
  if (l.offered) ++tally.offered;
  nlohmann::json j = to_json(l);
  if (!ctx.json()) {
    ctx.out << headline(l) << "\n";
    for (const auto& o : l.objects) ctx.out << "  " << o << "\n";
  }
  const std::optional<lab::LabLock> lock = opts.yes && l.offered ? lock_or_skip(l.lab, ctx, j) : std::nullopt;
  if (lock) {
    const lab::RemoveReport r = provider.remove_lab(l.uri, l.lab);
    j["removed"] = r.removed;
    j["errors"] = r.errors;
    for (const auto& e : r.errors) tally.errors.push_back(l.lab + ": " + e);
    if (r.ok()) ++tally.removed;
    if (!ctx.json()) {
      for (const auto& x : r.removed) ctx.out << "  removed " << x << "\n";
      for (const auto& x : r.skipped) ctx.out << "  skipped " << x << " (not klab's)\n";
    }
  }
  tally.labs.push_back(j);
}

void print_summary(Context& ctx, const GcOptions& opts, const GcTally& t) {
  if (ctx.json()) {
    ctx.out << nlohmann::json{{"labs", t.labs}}.dump(2) << "\n";
  } else if (t.found == 0) {
    ctx.out << "no klab-owned objects found\n";
  } else if (!opts.yes) {
    ctx.out << fmt::format("{} lab(s) found, {} of them leftovers; nothing removed (klab gc --yes removes "
                           "the leftovers)\n", t.found, t.offered);
  } else {
    ctx.out << fmt::format("{} of {} lab(s) removed, {} skipped\n", t.removed, t.found, t.found - t.offered);
  }
}

}  // namespace

void add_gc_command(CLI::App& app, Context& ctx) {
  auto opts = std::make_shared<GcOptions>();
  auto* cmd = app.add_subcommand("gc", "list (and with --yes remove) klab-owned libvirt objects of every lab");
  cmd->add_flag("--yes", opts->yes, "remove the leftovers instead of only listing them");
  cmd->add_flag("--all", opts->flags.all,
                "with --yes: also remove labs of other or unknown owners and labs whose lab directory exists here");
  cmd->add_flag("--include-running", opts->flags.include_running,
                "with --yes: also remove labs with running or paused domains");
  cmd->add_option("--uri", opts->uris, "libvirt URI to inspect (repeatable; default: the topology's)");
  cmd->footer(
      "Lists every domain, network, pool and volume carrying klab's ownership metadata at\n"
      "the URI, grouped by lab; nothing else is ever touched. klab records who created a\n"
      "lab (uid, host name, lab directory). A lab this user created here whose lab directory\n"
      "is gone, and with no domain running, is a leftover of a crashed or abandoned run:\n"
      "--yes removes those. Every other lab is listed as skipped, with the reason and the\n"
      "flag that would include it: another owner's or an unknown owner's lab (older klab,\n"
      "or only a kept pool), or a lab still in use here, needs --all; a lab with running or\n"
      "paused domains needs --include-running.\n"
      "Examples:\n"
      "  klab gc                              # list only\n"
      "  klab gc --yes                        # remove this user's leftovers here\n"
      "  klab gc --uri qemu:///system --yes --all --include-running   # everything klab owns");
  cmd->callback([&ctx, opts] {
    if ((opts->flags.all || opts->flags.include_running) && !opts->yes)
      throw usage_error("--all and --include-running only make sense with --yes");
    const std::vector<std::string> uris = opts->uris.empty() ? lab::plan_uris(ctx.load_plan()) : opts->uris;
    lab::Provider& provider = ctx.provider();
    GcTally tally;
    for (const std::string& uri : uris)
      for (const lab::GcLab& l : lab::gc_candidates(provider.list_owned(uri, ""), opts->flags))
        collect_lab(ctx, *opts, provider, l, tally);
    print_summary(ctx, *opts, tally);
    if (!tally.errors.empty()) {
      std::string all;
      for (const auto& e : tally.errors) all += "\n  " + e;
      throw infra_error("some objects could not be removed (re-run `klab gc --yes`):" + all);
    }
  });
}

}  // namespace klab::cli
