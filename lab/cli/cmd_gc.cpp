#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <map>
#include <ostream>

#include "lab/cli/commands.hpp"
#include "lab/paths.hpp"
#include "lab/provider.hpp"

namespace klab::cli {

namespace {

struct GcOptions {
  bool yes = false;
  bool all = false;
  std::vector<std::string> uris;  // --uri; default: the URIs of the topology
};

// Everything klab owns for one lab at one URI, as lines for the listing.
struct LabLeftovers {
  std::string lab, uri;
  std::vector<std::string> objects;
  bool has_state = false;  // a lab directory exists here: someone may still use it
};

std::vector<LabLeftovers> group_by_lab(const lab::Inventory& inv) {
  std::map<std::string, LabLeftovers> by_lab;
  auto entry = [&](const std::string& lab) -> LabLeftovers& {
    LabLeftovers& l = by_lab[lab];
    l.lab = lab;
    l.uri = inv.uri;
    return l;
  };
  for (const auto& d : inv.domains)
    entry(d.lab).objects.push_back(fmt::format("domain  {} ({})", d.name, lab::to_string(d.state)));
  for (const auto& n : inv.networks)
    entry(n.lab).objects.push_back(fmt::format("network {} ({})", n.name, n.active ? "active" : "inactive"));
  for (const auto& p : inv.pools) {
    entry(p.lab).objects.push_back(fmt::format("pool    {} ({}, {} volumes)", p.name,
                                               p.active ? "active" : "inactive", p.volumes.size()));
    for (const auto& v : p.volumes) entry(p.lab).objects.push_back("volume    " + v);
  }
  std::vector<LabLeftovers> out;
  for (auto& [name, l] : by_lab) {
    l.has_state = std::filesystem::exists(lab::lab_dir(name));
    out.push_back(std::move(l));
  }
  return out;
}

}  // namespace

void add_gc_command(CLI::App& app, Context& ctx) {
  auto opts = std::make_shared<GcOptions>();
  auto* cmd = app.add_subcommand("gc", "list (and with --yes remove) klab-owned libvirt objects of every lab");
  cmd->add_flag("--yes", opts->yes, "remove the leftovers instead of only listing them");
  cmd->add_flag("--all", opts->all, "with --yes: also remove labs that still have a lab directory here");
  cmd->add_option("--uri", opts->uris, "libvirt URI to inspect (repeatable; default: the topology's)");
  cmd->footer(
      "Lists every domain, network, pool and volume carrying klab's ownership metadata at\n"
      "the URI, grouped by lab; nothing else is ever touched. A lab whose directory\n"
      "(SSH keys, state) is gone from this machine is a leftover of a crashed or\n"
      "abandoned run: --yes removes those. Labs that still have a directory are listed as\n"
      "in use; remove them with `klab down -f ...`, or with --yes --all.\n"
      "Examples:\n"
      "  klab gc                              # list only\n"
      "  klab gc --yes                        # remove leftovers of labs without state\n"
      "  klab gc --uri qemu:///system --yes --all");
  cmd->callback([&ctx, opts] {
    if (opts->all && !opts->yes) throw usage_error("--all only makes sense with --yes");
    const std::vector<std::string> uris = opts->uris.empty() ? lab::plan_uris(ctx.load_plan()) : opts->uris;
    auto provider = lab::make_provider("libvirt");
    nlohmann::json json_labs = nlohmann::json::array();
    std::vector<std::string> errors;
    std::size_t labs = 0, removed_labs = 0;
    for (const std::string& uri : uris) {
      for (const LabLeftovers& l : group_by_lab(provider->list_owned(uri, ""))) {
        ++labs;
        const bool remove = opts->yes && (opts->all || !l.has_state);
        nlohmann::json j = {{"lab", l.lab}, {"uri", l.uri}, {"objects", l.objects},
                            {"has_state", l.has_state}, {"removed", nlohmann::json::array()}};
        if (!ctx.json()) {
          ctx.out << fmt::format("lab {} at {}{}\n", l.lab, l.uri,
                                 l.has_state ? " (in use: lab directory " + lab::lab_dir(l.lab).string() + ")"
                                             : " (leftover: no lab directory)");
          for (const auto& o : l.objects) ctx.out << "  " << o << "\n";
        }
        if (remove) {
          const lab::RemoveReport r = provider->remove_lab(l.uri, l.lab);
          j["removed"] = r.removed;
          j["errors"] = r.errors;
          for (const auto& e : r.errors) errors.push_back(l.lab + ": " + e);
          if (r.ok()) ++removed_labs;
          if (!ctx.json()) {
            for (const auto& x : r.removed) ctx.out << "  removed " << x << "\n";
            for (const auto& x : r.skipped) ctx.out << "  skipped " << x << " (not klab's)\n";
          }
        }
        json_labs.push_back(j);
      }
    }
    if (ctx.json()) {
      ctx.out << nlohmann::json{{"labs", json_labs}}.dump(2) << "\n";
    } else if (labs == 0) {
      ctx.out << "no klab-owned objects found\n";
    } else if (!opts->yes) {
      ctx.out << fmt::format("{} lab(s) found; nothing removed (klab gc --yes removes leftovers)\n", labs);
    } else {
      ctx.out << fmt::format("{} of {} lab(s) removed\n", removed_labs, labs);
    }
    if (!errors.empty()) {
      std::string all;
      for (const auto& e : errors) all += "\n  " + e;
      throw infra_error("some objects could not be removed (re-run `klab gc --yes`):" + all);
    }
  });
}

}  // namespace klab::cli
