#pragma once
// Fault: one kind of failure (link down, etcd member wiped, ...). inject() performs it
// step by step and pushes a revert guard (ActiveFault) onto the FaultStack right after
// each step succeeds, so a step that throws leaves exactly the completed steps to undo.
// Guards revert idempotently and can say whether anything of them is left behind.
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "lab/plan.hpp"
#include "provisioner/settings.hpp"
#include "provisioner/transport/transport.hpp"
#include "scenarios/clock.hpp"
#include "scenarios/cluster_view.hpp"
#include "scenarios/lab_control.hpp"
#include "scenarios/timeline.hpp"

namespace klab::scenarios {

class FaultStack;

/// The Transport to a host by plan name; throws klab::Error when there is none.
using TransportFor = std::function<provisioner::Transport&(const std::string& host)>;

/// Something a fault established while it ran, for the expectations: an operator
/// mistake detected as exactly that mistake ("wiped-member-started-new"), with its
/// evidence, which of the mistake's real outcomes happened ("raft-log-lost"), and the
/// known-bad journal lines that outcome produces (allowed by log-scan in this case only).
struct Finding {
  std::string name;
  std::string host;
  std::string evidence;
  std::string outcome = {};
  std::vector<std::string> allowed_logs = {};
};

struct FaultContext {
  const lab::Plan& plan;
  const provisioner::Settings& settings;
  LabControl& lab;
  ClusterView& cluster;
  TransportFor transport;
  Clock& clock;
  Timeline& timeline;
  std::function<bool()> interrupted;  // may be empty
  std::vector<Finding> findings;
  /// Set when a fault rewinds etcd's data (snapshot restore): only writes acknowledged
  /// at or below this revision must survive.
  std::optional<std::int64_t> restored_revision;
  /// When the injected fault took effect (ms since the case began): the reference for
  /// measured failover times. Set by the first mark_effect of an inject.
  std::optional<std::chrono::milliseconds> effective_at;
};

/// Marks the fault as in effect now: host-side faults, right before the libvirt, tc or
/// nft call (which acts at once; destroy returns only after libvirt's cleanup).
void mark_effect(FaultContext& ctx);
/// Marks the fault as in effect at `guest_time` (an in-guest command's own clock); at
/// now when the guest gave no time.
void mark_effect(FaultContext& ctx, const std::optional<std::chrono::system_clock::time_point>& guest_time);

/// A revert guard: one completed step of an injected fault.
class ActiveFault {
 public:
  virtual ~ActiveFault() = default;
  /// "link of kube-master2 down", for the report.
  virtual std::string describe() const = 0;
  /// Undoes the step; safe to call when it is undone already. Throws klab::Error.
  virtual void revert(FaultContext& ctx) = 0;
  /// nullopt when nothing of the step is left; otherwise what is.
  virtual std::optional<std::string> left_behind(FaultContext& ctx) = 0;
};

class Fault {
 public:
  virtual ~Fault() = default;
  virtual std::string type() const = 0;
  /// Injects the fault into `hosts` (resolved target), pushing a guard per step.
  virtual void inject(FaultContext& ctx, const std::vector<std::string>& hosts,
                      FaultStack& stack) = 0;
};

/// A guard from three callables: keeps each fault file to its logic.
std::unique_ptr<ActiveFault> make_guard(
    std::string description, std::function<void(FaultContext&)> revert,
    std::function<std::optional<std::string>(FaultContext&)> left_behind);

}  // namespace klab::scenarios
