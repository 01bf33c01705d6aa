#pragma once
// The `klab up` driver: turns a Plan into running VMs that answer SSH with the lab key
// and their pinned host keys. Reconcile-style: it creates what is missing, starts what
// is stopped and leaves what is right, so a re-run after Ctrl-C or kill -9 converges.
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "lab/plan.hpp"
#include "lab/progress.hpp"
#include "lab/provider.hpp"

namespace klab::ops {

struct UpOptions {
  std::chrono::seconds ssh_deadline{900};  // per host, from its start; TCG boots are slow
  int parallel = 8;                         // hosts waited on at once
};

struct HostUp {
  std::string host;
  lab::Ensured volumes = lab::Ensured::unchanged;
  lab::Ensured domain = lab::Ensured::unchanged;
  bool started = false;                     // false: it was already running (or paused)
  bool resumed = false;                     // it was paused (a killed scenario, snapshot, restore)
  std::chrono::milliseconds ssh_ready{0};   // from the start of the SSH wait
  int ssh_attempts = 0;
};

struct UpReport {
  std::string accel_note;
  std::vector<HostUp> hosts;
  std::optional<double> clocks_max_skew_ms;  // after the clock sync; nullopt when a host failed
};

UpReport lab_up(const lab::Plan& plan, lab::Provider& provider, lab::Progress& progress,
                const UpOptions& options);

/// Brings a defined host to running, the way a kill may have left it: starts it when
/// off, resumes it when paused, and sets its lab NIC's link up when a link fault left it
/// down (the provider's LinkControl, when it has one). Fills started and resumed.
void power_up(const lab::HostPlan& host, lab::Provider& provider, HostUp& up);

/// Throws an infrastructure Error (exit 2) naming the hosts when a running or paused
/// host of the lab was created with another lab SSH key than `lab_key` (the lab
/// directory was lost or its keys regenerated): nobody can log in to it any more, so
/// say at once how to recreate the lab instead of waiting out the SSH deadline. Hosts
/// created by a klab that recorded no key are not judged.
void check_lab_key(const lab::Plan& plan, lab::Provider& provider, const std::string& lab_key,
                   const std::string& key_file);

/// The last `lines` lines of a host's serial console log ("" when there is none), for
/// errors about a host that never reached SSH.
std::string console_tail(const lab::Plan& plan, const std::string& host, std::size_t lines = 25);

}  // namespace klab::ops
