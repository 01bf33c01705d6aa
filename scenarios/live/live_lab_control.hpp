#pragma once
// LiveLabControl: the LabControl of a real lab, over the lab's Provider and its
// capabilities: power and suspend/resume through the Provider, link state through its
// LinkControl, netem and partitions through a HostFaults (scenarios/live/
// tool_host_faults.hpp for libvirt). leftovers() inspects the real state: domain
// states, live link states, and whatever host faults the HostFaults finds.
#include <memory>
#include <string>
#include <vector>

#include "lab/host_faults.hpp"
#include "lab/link_control.hpp"
#include "lab/plan.hpp"
#include "lab/provider.hpp"
#include "scenarios/lab_control.hpp"
#include "scenarios/live/tool_runner.hpp"

namespace klab::scenarios {

class LiveLabControl : public LabControl {
 public:
  /// `plan`, `provider` and `links` must outlive this object.
  LiveLabControl(const lab::Plan& plan, lab::Provider& provider, lab::LinkControl& links,
                 std::unique_ptr<lab::HostFaults> faults);

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
  /// The link state of a running (or paused) host; throws when its domain has no NIC
  /// with the host's MAC.
  bool running_link_up(const lab::HostPlan& host);

  const lab::Plan& plan_;
  lab::Provider& provider_;
  lab::LinkControl& links_;
  std::unique_ptr<lab::HostFaults> faults_;
};

/// A LiveLabControl over `provider` and its LinkControl, with the tc/nft host faults
/// run by `tools`. Throws an infrastructure Error when the provider has no link control
/// (only libvirt can inject host-side faults).
std::unique_ptr<LiveLabControl> make_live_lab_control(const lab::Plan& plan, lab::Provider& provider,
                                                      ToolRunner tools = process_tool_runner());

}  // namespace klab::scenarios
