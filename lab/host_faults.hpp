#pragma once
// HostFaults: faults on the lab's network done on the hypervisor host, where the guests
// cannot see or undo them: a netem qdisc on the host side of a host's lab NIC, and
// partitions (frames between two hosts dropped on the lab bridge). Hosts are plan hosts.
//
// The libvirt flavour renders tc/nft commands (lab/libvirt/netem_commands.hpp,
// lab/libvirt/nft_partition.hpp); what runs them lives with the process runner
// (scenarios/live/tool_host_faults.hpp until the base library has one).
#include <chrono>
#include <string>
#include <vector>

#include "lab/plan.hpp"

namespace klab::lab {

/// tc netem parameters applied to the host side of a VM's lab interface.
struct NetemSpec {
  std::chrono::milliseconds delay{0};
  std::chrono::milliseconds jitter{0};
  double loss_percent = 0;  // 0..100
  bool operator==(const NetemSpec&) const = default;
};

class HostFaults {
 public:
  virtual ~HostFaults() = default;

  /// One netem qdisc on the host side of `host`'s lab NIC; add replaces an existing one.
  virtual void add_netem(const HostPlan& host, const NetemSpec& spec) = 0;
  virtual void remove_netem(const HostPlan& host) = 0;  // absent, or host not running: nothing to do
  virtual bool has_netem(const HostPlan& host) = 0;

  /// Drops the frames between `a` and `b` in both directions; in place already: nothing to do.
  virtual void add_partition(const HostPlan& a, const HostPlan& b) = 0;
  virtual void remove_partition(const HostPlan& a, const HostPlan& b) = 0;
  virtual bool has_partition(const HostPlan& a, const HostPlan& b) = 0;

  /// Every such fault on the lab's network now, whoever put it there, one line each
  /// ("netem qdisc on vnet5 (kube-master1)", "nft rule dropping kube-master1 <->
  /// kube-master2"). Empty means nothing is left behind.
  virtual std::vector<std::string> leftovers() = 0;
};

}  // namespace klab::lab
