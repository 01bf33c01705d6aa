#include "lab/gc_policy.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <map>

#include "lab/paths.hpp"

namespace klab::lab {

namespace {

// Folds one object's owner record into the lab's: a single foreign or missing record
// is enough to make the lab not (provably) the caller's.
void add_owner(GcLab& l, const LabOwner& owner, const LabOwner& me) {
  const bool first = l.only_pool;
  l.only_pool = false;
  if (l.ownership == GcOwnership::other) return;
  if (!owner.known()) {
    l.ownership = GcOwnership::unknown;
  } else if (owner != me) {
    l.ownership = GcOwnership::other;
    l.owner = owner;
  } else if (first) {  // later records of the caller keep an unknown verdict unknown
    l.ownership = GcOwnership::this_process;
    l.owner = owner;
  }
}

std::string owner_problem(const GcLab& l) {
  switch (l.ownership) {
    case GcOwnership::other:
      return "owned by " + l.owner.describe();
    case GcOwnership::unknown:
      return l.only_pool ? "only its storage pool is left, which records no owner (`klab down --keep-image` "
                           "keeps it on purpose)"
                         : "owner unknown (created by a klab that did not record its owner)";
    case GcOwnership::this_process:
      if (l.has_state) return "in use: its lab directory " + lab_dir(l.lab).string() + " exists (use `klab down`)";
      return "";
  }
  return "";
}

// Each obstacle either skips the lab (and names the flag) or, given that flag, is noted
// as what the flag included.
void decide(GcLab& l, const GcFlags& flags) {
  std::vector<std::string> skip, included;
  auto weigh = [&](const std::string& problem, bool flag, const char* name) {
    if (problem.empty()) return;
    if (flag) included.push_back(problem + " (" + name + ")");
    else skip.push_back(problem + ", pass " + name);
  };
  weigh(owner_problem(l), flags.all, "--all");
  if (!l.running.empty())
    weigh(fmt::format("{} domain(s) running ({})", l.running.size(), fmt::join(l.running, ", ")),
          flags.include_running, "--include-running");
  l.offered = skip.empty();
  l.skip_reason = fmt::format("{}", fmt::join(skip, "; "));
  l.included = fmt::format("{}", fmt::join(included, "; "));
}

}  // namespace

std::vector<GcLab> gc_candidates(const Inventory& inv, const GcFlags& flags) {
  std::map<std::string, GcLab> by_lab;
  std::map<std::string, LabOwner> me;
  auto entry = [&](const std::string& lab) -> GcLab& {
    auto [it, fresh] = by_lab.try_emplace(lab);
    if (fresh) {
      it->second.lab = lab;
      it->second.uri = inv.uri;
      it->second.only_pool = true;
      me[lab] = this_owner(lab);
    }
    return it->second;
  };
  for (const auto& d : inv.domains) {
    GcLab& l = entry(d.lab);
    l.objects.push_back(fmt::format("domain  {} ({})", d.name, to_string(d.state)));
    add_owner(l, d.owner, me[d.lab]);
    if (d.active()) l.running.push_back(d.name);
  }
  for (const auto& n : inv.networks) {
    GcLab& l = entry(n.lab);
    l.objects.push_back(fmt::format("network {} ({})", n.name, n.active ? "active" : "inactive"));
    add_owner(l, n.owner, me[n.lab]);
  }
  for (const auto& p : inv.pools) {
    GcLab& l = entry(p.lab);
    l.objects.push_back(
        fmt::format("pool    {} ({}, {} volumes)", p.name, p.active ? "active" : "inactive", p.volumes.size()));
    for (const auto& v : p.volumes) l.objects.push_back("volume    " + v);
  }
  std::vector<GcLab> out;
  for (auto& [name, l] : by_lab) {
    l.has_state = std::filesystem::exists(lab_dir(name));
    decide(l, flags);
    out.push_back(std::move(l));
  }
  return out;
}

}  // namespace klab::lab
