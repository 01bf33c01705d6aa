#include "ops/lab_up.hpp"

#include "ops/clock_resync.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <deque>
#include <filesystem>
#include <fstream>

#include "cloud-init/lab_keys.hpp"
#include "cloud-init/seed.hpp"
#include "cloud-init/seed_iso.hpp"
#include "images/image_cache.hpp"
#include "images/image_verify.hpp"
#include "lab/lab_state.hpp"
#include "lab/link_control.hpp"
#include "lab/paths.hpp"
#include "provisioner/lab_targets.hpp"
#include "provisioner/transport/run_parallel.hpp"
#include "provisioner/transport/wait_for_ssh.hpp"

namespace fs = std::filesystem;

namespace klab::ops {

namespace {

lab::BaseImage base_image_of(const images::ImageInfo& info) {
  lab::BaseImage b;
  b.disk = info.disk;
  if (info.kernel) b.kernel = *info.kernel;
  if (info.initrd) b.initrd = *info.initrd;
  b.cmdline = info.cmdline;
  b.virtual_size = info.virtual_size;
  b.sha256 = info.sha256;
  return b;
}

// One step of the driver: a phase line on the progress display, its timing recorded.
template <typename F>
auto phase(lab::Progress& progress, const std::string& name, F&& body) {
  progress.phase_begin(name);
  try {
    if constexpr (std::is_void_v<decltype(body())>) {
      body();
      progress.phase_end(name, true);
    } else {
      auto result = body();
      progress.phase_end(name, true);
      return result;
    }
  } catch (...) {
    progress.phase_end(name, false);
    throw;
  }
}

fs::path seed_path(const lab::Plan& plan, const lab::HostPlan& host) {
  return lab::lab_dir(plan.lab) / "seeds" / (host.name + ".iso");
}

void write_seeds(const lab::Plan& plan, const cloudinit::LabKeys& keys) {
  fs::create_directories(lab::lab_dir(plan.lab) / "seeds");
  for (const auto& host : plan.hosts)
    cloudinit::write_seed_iso(cloudinit::render_seed(plan, host, keys), seed_path(plan, host));
}

HostUp create_and_start(const lab::Plan& plan, const lab::HostPlan& host, lab::Provider& provider,
                        const lab::BaseImage& image, const cloudinit::LabKeys& keys,
                        lab::Progress& progress) {
  HostUp up;
  up.host = host.name;
  const lab::HostInputs inputs{seed_path(plan, host), cloudinit::fingerprint_sha256(keys.client.public_key)};
  progress.host_state(host.name, "volumes");
  up.volumes = provider.ensure_host_volumes(plan, host, image, inputs);
  progress.host_state(host.name, "domain");
  up.domain = provider.ensure_domain(plan, host, image, inputs);
  power_up(host, provider, up);
  progress.host_state(host.name, up.started   ? "booting"
                                 : up.resumed ? "running (resumed: it was paused)"
                                              : "running (was already)");
  return up;
}

// How the user names this topology on the command line, for the advice in errors.
std::string topology_args(const lab::Plan& plan) {
  if (plan.source.rfind("preset:", 0) == 0) return "--preset " + plan.source.substr(7);
  return "-f " + plan.source;
}

void wait_for_all(const lab::Plan& plan, const cloudinit::LabKeys& keys, lab::Progress& progress,
                  const UpOptions& options, std::vector<HostUp>& hosts) {
  std::vector<std::string> names;
  for (const auto& h : hosts) names.push_back(h.host);
  auto outcomes = provisioner::run_parallel_collect(
      names,
      [&](const std::string& name) {
        const lab::HostPlan& host = *plan.find_host(name);
        const auto ready =
            provisioner::wait_for_ssh(provisioner::ssh_target_for(host, keys), options.ssh_deadline);
        for (auto& h : hosts)
          if (h.host == name) {
            h.ssh_ready = ready.elapsed;
            h.ssh_attempts = ready.attempts;
          }
        progress.host_state(name, fmt::format("ssh ready ({:.1f}s, {} attempts)",
                                              ready.elapsed.count() / 1000.0, ready.attempts));
      },
      options.parallel);
  std::string failures, details;
  for (const auto& o : outcomes) {
    if (o.ok) continue;
    progress.host_state(o.host, "FAILED: no SSH");
    failures += (failures.empty() ? "" : "; ") + o.error;
    const std::string tail = console_tail(plan, o.host);
    details += "--- last console lines of " + o.host + " (" +
               lab::console_log_path(plan.lab, o.host).string() + ") ---\n" +
               (tail.empty() ? "(no console output)\n" : tail);
  }
  if (!failures.empty())
    throw infra_error("hosts did not become reachable over SSH: " + failures +
                          ". Inspect with `klab console HOST`; re-run `klab up` to retry",
                      details);
}

}  // namespace

void power_up(const lab::HostPlan& host, lab::Provider& provider, HostUp& up) {
  const lab::HostState state = provider.state(host);
  if (state == lab::HostState::paused) {
    provider.resume(host);
    up.resumed = true;
  } else if (state != lab::HostState::running) {
    provider.start(host);
    up.started = true;
  }
  // A link fault is live-only, so a started host has its link up; one that kept running
  // (or was paused) through a killed scenario may still have it down.
  if (!up.started)
    if (lab::LinkControl* links = provider.links()) links->set_link(host, true);
}

void check_lab_key(const lab::Plan& plan, lab::Provider& provider, const std::string& lab_key,
                   const std::string& key_file) {
  std::vector<std::string> hosts, keys;
  for (const std::string& uri : lab::plan_uris(plan))
    for (const lab::OwnedDomain& d : provider.list_owned(uri, plan.lab).domains) {
      if (!d.active() || d.lab_key.empty() || d.lab_key == lab_key) continue;
      hosts.push_back(d.host);
      if (std::find(keys.begin(), keys.end(), d.lab_key) == keys.end()) keys.push_back(d.lab_key);
    }
  if (hosts.empty()) return;
  auto plan_order = [&](const std::string& name) {  // planned hosts in plan order, then any others
    const lab::HostPlan* h = plan.find_host(name);
    return h ? h - plan.hosts.data() : static_cast<std::ptrdiff_t>(plan.hosts.size());
  };
  std::stable_sort(hosts.begin(), hosts.end(),
                   [&](const std::string& a, const std::string& b) { return plan_order(a) < plan_order(b); });
  const std::string args = topology_args(plan);
  throw infra_error(fmt::format(
      "host(s) {} of lab {} are running with a lab SSH key this lab directory does not have (they were "
      "created with {}; {} is {}): the lab directory was lost or its keys regenerated, so klab cannot log in "
      "to them. Recreate the lab: `klab {} down`, then `klab {} up`",
      fmt::join(hosts, ", "), plan.lab, fmt::join(keys, ", "), key_file, lab_key, args, args));
}

std::string console_tail(const lab::Plan& plan, const std::string& host, std::size_t lines) {
  std::ifstream in(lab::console_log_path(plan.lab, host));
  std::deque<std::string> tail;
  for (std::string line; std::getline(in, line);) {
    tail.push_back(line);
    if (tail.size() > lines) tail.pop_front();
  }
  std::string out;
  for (const auto& l : tail) out += l + "\n";
  return out;
}

UpReport lab_up(const lab::Plan& plan, lab::Provider& provider, lab::Progress& progress,
                const UpOptions& options) {
  UpReport report;
  const lab::AccelChoice accel = provider.accel(plan);
  report.accel_note = accel.note;
  if (!accel.note.empty()) progress.note(accel.note);

  const fs::path dir = lab::make_lab_dir(plan.lab);
  const auto keys = phase(progress, "keys + seeds", [&] {
    auto k = cloudinit::ensure_lab_keys(plan, dir);
    // Before anything is changed for hosts that could never be reached with these keys.
    check_lab_key(plan, provider, cloudinit::fingerprint_sha256(k.client.public_key), k.client_private_key.string());
    write_seeds(plan, k);
    return k;
  });
  const images::ImageInfo info = images::must_find_image(plan.image);
  if (!info.problem.empty())
    throw infra_error("image " + plan.image + " is damaged: " + info.problem);
  // Before anything exists in libvirt: a damaged file would be uploaded and sealed as
  // a complete base, and the hosts would never answer on SSH.
  phase(progress, "verify image", [&] {
    const images::VerifyReport verified = images::verify_before_upload(info);
    if (!verified.warning.empty()) progress.note("warning: " + verified.warning);
  });
  const lab::BaseImage image = base_image_of(info);

  // Recorded before anything exists at the plan's URIs: `klab down` removes this
  // directory only once the lab is gone from every URI it records.
  lab::save_lab_state(plan);
  phase(progress, "network", [&] { provider.ensure_network(plan); });
  phase(progress, "storage", [&] {
    provider.ensure_pool(plan);
    provider.ensure_base(plan, image);
  });
  phase(progress, "create + start", [&] {
    for (const auto& host : plan.hosts)
      report.hosts.push_back(create_and_start(plan, host, provider, image, keys, progress));
  });
  phase(progress, "wait for ssh", [&] { wait_for_all(plan, keys, progress, options, report.hosts); });
  // A booted guest takes its clock from the emulated RTC, which counts whole seconds, so
  // freshly booted hosts disagree by up to a second or two under TCG (seen: 1.6 s), more
  // than etcd and `klab deploy`'s skew check (0.5 s) accept, and an isolated lab has no
  // NTP server to converge on. A resumed guest is behind by however long it was paused,
  // and one left running by a killed restore by the snapshot's age. So every `up` sets
  // every clock from this machine's, as after a restore, whether it started hosts or not.
  phase(progress, "clock sync", [&] {
    const ClockReport clocks = resync_clocks(plan, keys);
    for (const HostClock& h : clocks.hosts)
      if (!h.ok) progress.note("warning: the clock of " + h.host + " could not be set: " + h.error);
    if (clocks.ok()) progress.note(fmt::format("clocks set from this machine's, skew at most {:.1f} ms", clocks.max_abs_skew_ms()));
    report.clocks_max_skew_ms = clocks.ok() ? std::optional<double>(clocks.max_abs_skew_ms()) : std::nullopt;
  });
  return report;
}

}  // namespace klab::ops
