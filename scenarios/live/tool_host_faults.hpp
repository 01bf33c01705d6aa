#pragma once
// ToolHostFaults: the libvirt lab's HostFaults, running host tools: netem is `tc qdisc
// ... netem` on the host-side tap device (LinkControl::interface_device); partitions are
// nftables rules in a klab-owned bridge table (lab/libvirt/nft_partition.hpp). klab runs
// inside the lab's network namespace (scripts/lab-env run), so tc and nft act on the lab
// bridge and taps there.
//
// Here and not beside the provider in lab/libvirt/ only because running a tool needs
// the process runner (images/process.hpp, via ToolRunner), which lab/ is below; it moves
// there, as Provider::host_faults(), once a base library below lab/ runs processes.
#include <optional>
#include <string>
#include <vector>

#include "lab/host_faults.hpp"
#include "lab/link_control.hpp"
#include "lab/plan.hpp"
#include "lab/provider.hpp"
#include "scenarios/live/tool_runner.hpp"

namespace klab::scenarios {

class ToolHostFaults : public lab::HostFaults {
 public:
  /// `plan`, `provider` and `links` must outlive this object.
  ToolHostFaults(const lab::Plan& plan, lab::Provider& provider, lab::LinkControl& links,
                 ToolRunner tools = process_tool_runner());

  void add_netem(const lab::HostPlan& host, const lab::NetemSpec& spec) override;
  void remove_netem(const lab::HostPlan& host) override;
  bool has_netem(const lab::HostPlan& host) override;

  void add_partition(const lab::HostPlan& a, const lab::HostPlan& b) override;
  void remove_partition(const lab::HostPlan& a, const lab::HostPlan& b) override;
  bool has_partition(const lab::HostPlan& a, const lab::HostPlan& b) override;

  std::vector<std::string> leftovers() override;

 private:
  /// The listed partition table; nullopt when it does not exist.
  std::optional<std::string> list_partition_table();
  /// The tap device of a running host; nullopt when the host is not running.
  std::optional<std::string> device_if_running(const lab::HostPlan& host);
  /// Whether `tc qdisc show dev DEVICE` lists a netem qdisc.
  bool netem_on(const std::string& device, const lab::HostPlan& host);

  const lab::Plan& plan_;
  lab::Provider& provider_;
  lab::LinkControl& links_;
  ToolRunner tools_;
};

}  // namespace klab::scenarios
