#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <ostream>

#include "cli/commands.hpp"
#include "lab/lab_lock.hpp"
#include "lab/lab_state.hpp"
#include "lab/paths.hpp"
#include "lab/provider.hpp"

namespace klab::cli {

namespace {

struct DownOptions {
  bool keep_image = false;  // keep the base image volumes (and the pool holding them)
  bool keep_state = false;  // keep the lab directory (keys, PKI, reports)
  bool purge = false;       // remove the PKI (CA) with the rest of the lab directory
};

bool holds_only_pki(const std::string& lab) {
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(lab::lab_dir(lab), ec))
    if (entry.path().filename() != "pki") return false;
  return true;
}

// Whether the lab directory may go: only when the lab is gone from every URI it records
// (down looked there: what it found is removed, or there was nothing), or, without a
// record, when down removed the lab's objects. Otherwise the keys in it may be the only
// way into VMs that still run somewhere down did not look (a wrong -f, another URI).
// Returns why the directory is kept ("" when it may go).
std::string why_keep_state(const std::string& lab, const std::vector<std::string>& inspected, bool removed_any) {
  if (holds_only_pki(lab)) return "";  // no keys left to lose: only --purge's business
  const std::optional<std::vector<std::string>> recorded = lab::recorded_uris(lab);
  if (!recorded) {
    if (removed_any) return "";
    return "it records no libvirt URI for lab " + lab + " (state.json); if the lab is gone, remove the directory yourself";
  }
  std::vector<std::string> missed;
  for (const auto& uri : *recorded)
    if (std::find(inspected.begin(), inspected.end(), uri) == inspected.end()) missed.push_back(uri);
  if (missed.empty()) return "";
  return fmt::format("lab {} was created at {}: run `klab down` with the topology that created it", lab,
                     fmt::join(missed, ", "));
}

// What down did: the objects per URI, and whether the lab directory went.
struct DownOutcome {
  std::string lab;
  std::vector<std::string> uris;
  lab::RemoveReport total;
  std::string dir;
  std::string kept_because;  // "" when the lab directory was removed (or absent)
  lab::LabDirRemoval state;
};

DownOutcome take_down(Context& ctx, const DownOptions& opts) {
  const lab::Plan plan = ctx.load_plan();
  lab::checked_lab_dir(plan.lab);  // refuse before anything is removed
  const auto lock = lab::LabLock::acquire(plan.lab, "klab down");
  lab::Provider& provider = ctx.provider();
  DownOutcome out;
  out.lab = plan.lab;
  out.uris = lab::plan_uris(plan);
  for (const auto& uri : out.uris) {
    lab::RemoveReport r = provider.remove_lab(uri, plan.lab, {opts.keep_image});
    out.total.removed.insert(out.total.removed.end(), r.removed.begin(), r.removed.end());
    out.total.skipped.insert(out.total.skipped.end(), r.skipped.begin(), r.skipped.end());
    out.total.errors.insert(out.total.errors.end(), r.errors.begin(), r.errors.end());
  }
  out.dir = lab::lab_dir(plan.lab).string();
  out.kept_because = out.total.ok() ? why_keep_state(plan.lab, out.uris, !out.total.removed.empty())
                                    : "some objects could not be removed";
  if (out.kept_because.empty() && opts.keep_state) out.kept_because = "--keep-state";
  if (out.kept_because.empty()) out.state = lab::remove_lab_dir(plan.lab, opts.purge);
  return out;
}

nlohmann::json to_json(const DownOutcome& d) {
  const nlohmann::json kept = d.kept_because.empty() ? nlohmann::json(nullptr) : nlohmann::json(d.kept_because);
  return {{"removed", d.total.removed},
          {"skipped", d.total.skipped},
          {"errors", d.total.errors},
          {"uris", d.uris},
          {"lab_dir",
           {{"path", d.dir}, {"removed", d.kept_because.empty() && d.state.existed}, {"kept_pki", d.state.kept_pki},
            {"kept_because", kept}}}};
}

void print_text(std::ostream& out, const DownOutcome& d) {
  const std::string& lab = d.lab;
  for (const auto& r : d.total.removed) out << "removed " << r << "\n";
  for (const auto& s : d.total.skipped) out << "skipped " << s << " (not klab's)\n";
  const std::string at = fmt::format("{}", fmt::join(d.uris, ", "));
  std::string line = d.total.removed.empty() ? fmt::format("nothing to remove at URI {} for lab {}", at, lab)
                                             : fmt::format("lab {} removed from {}", lab, at);
  if (!d.kept_because.empty() && std::filesystem::exists(d.dir))
    line += fmt::format("; the lab directory {} is kept: {}", d.dir, d.kept_because);
  else if (d.state.kept_pki)
    line += fmt::format("; removed the lab directory {} except its PKI (pki/, removed by --purge)", d.dir);
  else if (d.state.existed)
    line += "; removed the lab directory " + d.dir;
  out << line << "\n";
}

}  // namespace

void add_down_command(CLI::App& app, Context& ctx) {
  auto opts = std::make_shared<DownOptions>();
  auto* cmd = app.add_subcommand("down", "remove the lab's VMs, disks, seeds and network — and nothing else");
  cmd->add_flag("--keep-image", opts->keep_image,
                "keep the base image in the lab's pool so the next `up` skips its upload");
  cmd->add_flag("--keep-state", opts->keep_state,
                "keep the lab directory (SSH keys, PKI, reports) for the next `up`");
  cmd->add_flag("--purge", opts->purge, "also remove the lab's PKI (CA and certificates), kept otherwise");
  cmd->footer(
      "Only objects carrying klab's ownership metadata for this lab are removed; look-alikes\n"
      "are listed as skipped and left alone. Safe to re-run.\n"
      "The lab directory (SSH keys, seeds, console logs, records) is removed only once the\n"
      "lab is gone from every libvirt URI it was created at (recorded in its state.json);\n"
      "when down finds nothing (a wrong -f, another URI) it says so and keeps the directory,\n"
      "since its keys may be the only way into VMs still running elsewhere. The PKI (pki/)\n"
      "is kept for the next lab of that name unless --purge.\n"
      "Examples:\n"
      "  klab down\n"
      "  klab down --keep-image    # the next `up` skips the base image upload\n"
      "  klab down --keep-state    # keep keys and PKI for the next `up`\n"
      "  klab down --purge         # the CA too: the next `deploy` issues a new one");
  cmd->callback([&ctx, opts] {
    if (opts->purge && opts->keep_state) throw usage_error("--purge and --keep-state contradict each other");
    const DownOutcome d = take_down(ctx, *opts);
    if (ctx.json()) ctx.out << to_json(d).dump(2) << "\n";
    else print_text(ctx.out, d);
    if (!d.total.ok()) {
      std::string all;
      for (const auto& e : d.total.errors) all += "\n  " + e;
      throw infra_error("some parts of lab " + d.lab + " could not be removed (re-run `klab down`):" + all);
    }
  });
}

}  // namespace klab::cli
