#pragma once
// The `klab up` driver: turns a Plan into running VMs that answer SSH with the lab key
// and their pinned host keys. Reconcile-style: it creates what is missing, starts what
// is stopped and leaves what is right, so a re-run after Ctrl-C or kill -9 converges.
#include <chrono>
#include <string>
#include <vector>

#include "lab/plan.hpp"
#include "lab/progress.hpp"
#include "lab/provider.hpp"

namespace klab::cli {

struct UpOptions {
  std::chrono::seconds ssh_deadline{900};  // per host, from its start; TCG boots are slow
  int parallel = 8;                         // hosts waited on at once
};

struct HostUp {
  std::string host;
  lab::Ensured volumes = lab::Ensured::unchanged;
  lab::Ensured domain = lab::Ensured::unchanged;
  bool started = false;                     // false: it was already running
  std::chrono::milliseconds ssh_ready{0};   // from the start of the SSH wait
  int ssh_attempts = 0;
};

struct UpReport {
  std::string accel_note;
  std::vector<HostUp> hosts;
};

UpReport lab_up(const lab::Plan& plan, lab::Provider& provider, lab::Progress& progress,
                const UpOptions& options);

/// The last `lines` lines of a host's serial console log ("" when there is none), for
/// errors about a host that never reached SSH.
std::string console_tail(const lab::Plan& plan, const std::string& host, std::size_t lines = 25);

}  // namespace klab::cli
