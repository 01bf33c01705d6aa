#include <filesystem>
#include <nlohmann/json.hpp>
#include <ostream>

#include "lab/cli/commands.hpp"
#include "lab/paths.hpp"
#include "lab/provider.hpp"

namespace klab::cli {

namespace {

struct DownOptions {
  bool keep_image = false;  // keep the base image volumes (and the pool holding them)
  bool keep_state = false;  // keep the lab directory (keys, PKI, reports)
};

// Removes the lab's generated files but never anything klab did not write there.
void remove_lab_files(const std::string& lab, bool keep_state) {
  const auto dir = lab::lab_dir(lab);
  for (const char* sub : {"seeds", "console", "state.json"}) std::filesystem::remove_all(dir / sub);
  if (!keep_state) std::filesystem::remove_all(dir);
}

}  // namespace

void add_down_command(CLI::App& app, Context& ctx) {
  auto opts = std::make_shared<DownOptions>();
  auto* cmd = app.add_subcommand("down", "remove the lab's VMs, disks, seeds and network — and nothing else");
  cmd->add_flag("--keep-image", opts->keep_image,
                "keep the base image in the lab's pool so the next `up` skips its upload");
  cmd->add_flag("--keep-state", opts->keep_state,
                "keep the lab directory (SSH keys, PKI, reports) for the next `up`");
  cmd->footer(
      "Only objects carrying klab's ownership metadata for this lab are removed; look-alikes\n"
      "are listed as skipped and left alone. Safe to re-run.\n"
      "Examples:\n"
      "  klab down\n"
      "  klab down --keep-image    # the next `up` skips the base image upload\n"
      "  klab down --keep-state    # keep keys and PKI for the next `up`");
  cmd->callback([&ctx, opts] {
    const lab::Plan plan = ctx.load_plan();
    auto provider = lab::make_provider("libvirt");
    lab::RemoveReport total;
    for (const auto& uri : lab::plan_uris(plan)) {
      lab::RemoveReport r = provider->remove_lab(uri, plan.lab, {opts->keep_image});
      total.removed.insert(total.removed.end(), r.removed.begin(), r.removed.end());
      total.skipped.insert(total.skipped.end(), r.skipped.begin(), r.skipped.end());
      total.errors.insert(total.errors.end(), r.errors.begin(), r.errors.end());
    }
    if (total.ok()) remove_lab_files(plan.lab, opts->keep_state);
    if (ctx.json()) {
      ctx.out << nlohmann::json{{"removed", total.removed}, {"skipped", total.skipped},
                                {"errors", total.errors}}.dump(2) << "\n";
    } else {
      for (const auto& r : total.removed) ctx.out << "removed " << r << "\n";
      for (const auto& s : total.skipped) ctx.out << "skipped " << s << " (not klab's)\n";
      ctx.out << (total.removed.empty() ? "nothing to remove: lab " + plan.lab + " does not exist\n"
                                        : "lab " + plan.lab + " removed\n");
    }
    if (!total.ok()) {
      std::string all;
      for (const auto& e : total.errors) all += "\n  " + e;
      throw infra_error("some parts of lab " + plan.lab + " could not be removed (re-run `klab down`):" + all);
    }
  });
}

}  // namespace klab::cli
