#pragma once
// LinkControl: a provider capability (Provider::links()): the link of a host's lab NIC
// as the guest sees it, and the host-side device behind that NIC, which tc and nft
// faults act on.
#include <optional>
#include <string>

#include "lab/plan.hpp"

namespace klab::lab {

class LinkControl {
 public:
  virtual ~LinkControl() = default;
  /// Sets the link state of the host's lab NIC as the guest sees it (live only: the
  /// next start of the VM has its link up). Throws when the host is not running.
  virtual void set_link(const HostPlan& host, bool up) = 0;
  /// Whether that link is up on the host's domain now; nullopt when the domain has no
  /// interface with the host's MAC (it does not match the plan).
  virtual std::optional<bool> link_up(const HostPlan& host) = 0;
  /// The host-side device of the host's lab NIC (vnetN); throws when it is not running.
  virtual std::string interface_device(const HostPlan& host) = 0;
};

}  // namespace klab::lab
