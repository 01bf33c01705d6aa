#include "provisioner/phases/prep_phase.hpp"

#include <fmt/format.h>

#include <mutex>

#include "base/error.hpp"
#include "provisioner/deploy/clock_skew.hpp"
#include "provisioner/deploy/file_sync.hpp"
#include "provisioner/deploy/host_sync.hpp"
#include "provisioner/render/node_prep.hpp"
#include "provisioner/transport/shell_quote.hpp"
#include "base/strings.hpp"

namespace klab::provisioner {
namespace {

constexpr const char* kPhase = "prep";

std::string regex_escape_dots(const std::string& ip) {
  std::string out;
  for (char c : ip) out += c == '.' ? std::string("\\.") : std::string(1, c);
  return out;
}

std::string modules_list() {
  return base::join(kernel_modules(), " ");
}

HostScript probe_facts(const lab::Plan& plan, const std::string& sysctl_path) {
  HostScript s;
  s.fact("swap_active", "tail -n +2 /proc/swaps | wc -l");
  s.fact("fstab_swap", "grep -Ev '^[[:space:]]*#' /etc/fstab | awk '$3 == \"swap\"' | wc -l");
  s.fact("modules_missing", "for m in " + modules_list() + "; do [ -d /sys/module/$m ] || printf '%s ' $m; done");
  s.fact("sysctl_differs", "[ -f " + shell_quote(sysctl_path) + " ] && grep -E '^[a-z]' " + shell_quote(sysctl_path) +
                               " | while IFS='= ' read -r k v; do [ \"$(sysctl -n $k 2>/dev/null)\" = \"$v\" ] || "
                               "printf '%s ' $k; done");
  s.fact("chrony_active", "systemctl is-active chrony");
  s.fact("chrony_enabled", "systemctl is-enabled chrony");
  std::string hosts_check = "true";
  for (const lab::HostPlan& h : plan.hosts)
    hosts_check += "; grep -Eq '^" + regex_escape_dots(h.ip.str()) + "[[:space:]].*[[:space:]]" + h.name +
                   "([[:space:]]|$)' /etc/hosts || printf '%s ' " + shell_quote(h.ip.str() + "=" + h.name);
  s.fact("hosts_missing", hosts_check);
  return s;
}

HostScript apply_script(const ProbeOutcome& p, const std::string& sysctl_path, const std::string& modules_path,
                        const std::string& chrony_path, const std::string& journald_path) {
  HostScript s;
  const ScriptResult& f = p.probe;
  if (!f.fact("modules_missing").empty() || p.changed.contains(modules_path))
    s.step("load kernel modules", "modprobe -a " + modules_list());
  if (!f.fact("sysctl_differs").empty() || p.changed.contains(sysctl_path))
    s.step("apply sysctl", "sysctl -q -p " + shell_quote(sysctl_path));
  if (f.fact("swap_active") != "0") s.step("swap off", "swapoff -a");
  if (f.fact("fstab_swap") != "0")
    s.step("disable swap in fstab",
           "sed -i.klab-bak -E '/^[[:space:]]*#/!{/[[:space:]]swap[[:space:]]/s/^/# disabled by klab: /}' /etc/fstab");
  if (p.changed.contains(chrony_path)) s.step("restart chrony", "systemctl enable -q chrony && systemctl restart chrony");
  else if (f.fact("chrony_active") != "active") s.step("start chrony", "systemctl enable -q --now chrony");
  else if (f.fact("chrony_enabled") != "enabled") s.step("enable chrony", "systemctl enable -q chrony");
  if (p.changed.contains(journald_path)) s.step("restart journald", "systemctl restart systemd-journald");
  return s;
}

ClockSample sample_clock(PhaseContext& ctx, const lab::HostPlan& host) {
  Transport& t = ctx.hosts.of(host.name);
  ClockSample s;
  s.host = host.name;
  s.local_before = unix_now();
  CommandResult r;
  try {
    r = t.run("date +%s.%N", ctx.options.probe_timeout);
  } catch (const Error& e) {
    rethrow_with_context(e, std::string("phase ") + kPhase);
  }
  s.local_after = unix_now();
  const std::optional<double> remote = r.ok() ? parse_unix_time(r.stdout_text) : std::nullopt;
  if (!remote)
    throw infra_error(host.name + ": phase prep: `date +%s.%N` did not print the time",
                      output_tail(r.stdout_text, r.stderr_text));
  s.remote = *remote;
  return s;
}

}  // namespace

std::vector<RenderedFile> PrepPhase::rendered_files(const PhaseContext& ctx, const lab::HostPlan& host) const {
  const RenderContext r = ctx.render();
  return {render_sysctl(r), render_modules_load(r), render_chrony(r, host), render_journald(r)};
}

void PrepPhase::run(PhaseContext& ctx) {
  std::mutex mutex;
  std::vector<ClockSample> samples;
  std::vector<std::string> hosts_problems;
  for_each_host(ctx, kPhase, all_hosts(ctx.plan), [&](const lab::HostPlan& host) {
    const std::vector<RenderedFile> rendered = rendered_files(ctx, host);
    std::vector<FileUpload> files;
    for (const RenderedFile& f : rendered) files.push_back(to_upload(f));
    const std::string sysctl = rendered[0].path, modules = rendered[1].path, chrony = rendered[2].path,
                      journald = rendered[3].path;
    const ProbeOutcome p = probe_and_upload(ctx, kPhase, host, files, probe_facts(ctx.plan, sysctl));
    if (const std::string missing = p.probe.fact("hosts_missing"); !missing.empty()) {
      std::lock_guard lock(mutex);
      hosts_problems.push_back(host.name + " lacks " + missing);
    }
    apply_steps(ctx, kPhase, host, apply_script(p, sysctl, modules, chrony, journald), ctx.options.apply_timeout);
    // Sampled last: after a chrony (re)start, and in a round trip of its own, so the
    // measurement error is one short command's round trip.
    const ClockSample sample = sample_clock(ctx, host);
    std::lock_guard lock(mutex);
    samples.push_back(sample);
  });

  if (!hosts_problems.empty()) {
    std::string list;
    for (const std::string& p : hosts_problems) list += "\n  " + p;
    throw infra_error("phase prep: /etc/hosts is incomplete (cloud-init writes it from the plan; "
                      "a host whose seed predates a topology change needs `klab up` to re-seed it):" + list);
  }
  const SkewReport skew = assess_skew(samples);
  ctx.note(fmt::format("prep: clock offsets to this machine: {} (spread {:.3f}s)", skew.describe(), skew.spread_s));
  if (!skew.within(ctx.options.max_clock_skew_s))
    throw infra_error(fmt::format("phase prep: clock skew across hosts is {:.3f}s (at least {:.3f}s after "
                                  "measurement error), above the {:.3f}s bound: {} is ahead of {}. Offsets: {}. "
                                  "chrony steps the clock (makestep) once it has synchronised: check "
                                  "`chronyc sources` on the hosts and re-run `klab deploy --phase prep`",
                                  skew.spread_s, skew.certain_spread_s, ctx.options.max_clock_skew_s, skew.fastest,
                                  skew.slowest, skew.describe()));
}

}  // namespace klab::provisioner
