#pragma once
// LabControl: the host-side faults, done from outside the guests so the guests cannot
// see or undo them. LiveLabControl implements it over the lab's Provider (power,
// suspend) and its capabilities: LinkControl (link) and HostFaults (tc netem on the VM's
// vnet device, nftables rules on the lab bridge); the unit tests use a fake. Hosts are
// the plan's host names ("kube-master1").
#include <filesystem>
#include <string>
#include <vector>

#include "lab/host_faults.hpp"
#include "lab/provider.hpp"

namespace klab::scenarios {

/// tc netem parameters applied to the host side of a VM's lab interface.
using NetemSpec = lab::NetemSpec;

class LabControl {
 public:
  virtual ~LabControl() = default;

  virtual lab::HostState state(const std::string& host) = 0;
  virtual void start(const std::string& host) = 0;    // running already: nothing to do
  virtual void destroy(const std::string& host) = 0;  // power off now (crash-like)
  virtual void reset(const std::string& host) = 0;    // hard reset
  virtual void reboot(const std::string& host) = 0;   // guest-cooperative reboot
  virtual void suspend(const std::string& host) = 0;  // freeze vCPUs
  virtual void resume(const std::string& host) = 0;

  /// The link state of the host's lab NIC as the guest sees it.
  virtual void set_link(const std::string& host, bool up) = 0;
  virtual bool link_up(const std::string& host) = 0;

  /// One netem qdisc on the host side of `host`'s interface; add replaces an existing one.
  virtual void add_netem(const std::string& host, const NetemSpec& spec) = 0;
  virtual void remove_netem(const std::string& host) = 0;  // absent: nothing to do
  virtual bool has_netem(const std::string& host) = 0;

  /// Drops traffic between `a` and `b` in both directions (nftables on the bridge).
  virtual void add_partition(const std::string& a, const std::string& b) = 0;
  virtual void remove_partition(const std::string& a, const std::string& b) = 0;
  virtual bool has_partition(const std::string& a, const std::string& b) = 0;

  /// Every host-side fault in place right now, whoever put it there, one line each
  /// ("netem qdisc on vnet3 (kube-master2)", "kube-master1 is paused", "link of
  /// kube-master3 is down", "nft rule dropping kube-master1 <-> kube-master2").
  /// Empty means nothing is left behind.
  virtual std::vector<std::string> leftovers() = 0;

  /// Console log files of the lab's VMs, for the artifacts of a failed case.
  virtual std::vector<std::filesystem::path> console_logs() = 0;
};

}  // namespace klab::scenarios
