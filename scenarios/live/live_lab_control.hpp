#pragma once
// LiveLabControl: the LabControl of a real lab. Power, suspend/resume and link state go
// through the lab's Provider/LinkControl (libvirt); netem is `tc qdisc ... netem` on the
// host-side tap device (LinkControl::interface_device); partitions are nftables rules in
// a klab-owned bridge table (nft_partition.hpp). klab runs inside the lab's network
// namespace (scripts/lab-env run), so tc and nft act on the lab bridge and taps there.
// leftovers() inspects the real state: domain states, live link states, netem qdiscs on
// the lab's taps and the partition table.
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "lab/plan.hpp"
#include "lab/provider.hpp"
#include "scenarios/lab_control.hpp"
#include "scenarios/live/tool_runner.hpp"

namespace klab::scenarios {

/// The live domain XML of a host (for its link state).
using DomainXmlReader = std::function<std::string(const lab::HostPlan& host)>;

class LiveLabControl : public LabControl {
 public:
  /// `plan`, `provider` and `links` must outlive this object.
  LiveLabControl(const lab::Plan& plan, lab::Provider& provider, lab::LinkControl& links,
                 DomainXmlReader domain_xml, ToolRunner tools = process_tool_runner());

  lab::HostState state(const std::string& host) override;
  void start(const std::string& host) override;
  void destroy(const std::string& host) override;
  void reset(const std::string& host) override;
  void reboot(const std::string& host) override;
  void suspend(const std::string& host) override;
  void resume(const std::string& host) override;

  void set_link(const std::string& host, bool up) override;
  bool link_up(const std::string& host) override;

  void add_netem(const std::string& host, const NetemSpec& spec) override;
  void remove_netem(const std::string& host) override;
  bool has_netem(const std::string& host) override;

  void add_partition(const std::string& a, const std::string& b) override;
  void remove_partition(const std::string& a, const std::string& b) override;
  bool has_partition(const std::string& a, const std::string& b) override;

  std::vector<std::string> leftovers() override;
  std::vector<std::filesystem::path> console_logs() override;

 private:
  const lab::HostPlan& host_plan(const std::string& host) const;
  /// The listed partition table; empty when it does not exist.
  std::optional<std::string> list_partition_table();
  /// The tap device of a running host; nullopt when the host is not running.
  std::optional<std::string> device_if_running(const lab::HostPlan& host);

  const lab::Plan& plan_;
  lab::Provider& provider_;
  lab::LinkControl& links_;
  DomainXmlReader domain_xml_;
  ToolRunner tools_;
};

/// A LiveLabControl over the libvirt provider (make_provider("libvirt")); throws an
/// infrastructure Error when the provider is not libvirt.
std::unique_ptr<LiveLabControl> make_live_lab_control(const lab::Plan& plan, lab::Provider& provider);

}  // namespace klab::scenarios
