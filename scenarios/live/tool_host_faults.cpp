#include "scenarios/live/tool_host_faults.hpp"

#include <map>
#include <set>

#include "base/error.hpp"
#include "lab/libvirt/netem_commands.hpp"
#include "lab/libvirt/nft_partition.hpp"

namespace klab::scenarios {

namespace lv = lab::libvirt;

ToolHostFaults::ToolHostFaults(const lab::Plan& plan, lab::Provider& provider, lab::LinkControl& links,
                               ToolRunner tools)
    : plan_(plan), provider_(provider), links_(links), tools_(std::move(tools)) {}

std::optional<std::string> ToolHostFaults::device_if_running(const lab::HostPlan& host) {
  const lab::HostState s = provider_.state(host);
  if (s != lab::HostState::running && s != lab::HostState::paused) return std::nullopt;
  return links_.interface_device(host);
}

void ToolHostFaults::add_netem(const lab::HostPlan& host, const lab::NetemSpec& spec) {
  const std::string device = links_.interface_device(host);
  run_tool_checked(tools_, lv::netem_add_argv(device, spec), "adding netem to " + host.name + " (" + device + ")");
}

void ToolHostFaults::remove_netem(const lab::HostPlan& host) {
  const std::optional<std::string> device = device_if_running(host);
  if (!device) return;  // the tap went with the VM, and its qdisc with it
  if (!netem_on(*device, host)) return;
  run_tool_checked(tools_, lv::netem_del_argv(*device), "removing netem from " + host.name + " (" + *device + ")");
}

bool ToolHostFaults::has_netem(const lab::HostPlan& host) {
  const std::optional<std::string> device = device_if_running(host);
  return device && netem_on(*device, host);
}

bool ToolHostFaults::netem_on(const std::string& device, const lab::HostPlan& host) {
  return lv::has_netem_qdisc(
      run_tool_checked(tools_, lv::qdisc_show_argv(device), "reading the qdiscs of " + host.name));
}

std::optional<std::string> ToolHostFaults::list_partition_table() {
  const auto argv = lv::partition_list_argv(plan_.lab);
  const base::ProcessResult r = tools_(argv);
  if (r.ok()) return r.output;
  if (lv::nft_table_missing(r.errors)) return std::nullopt;
  run_tool_checked(tools_, argv, "listing the partition rules of lab " + plan_.lab);  // throws with the detail
  return std::nullopt;
}

void ToolHostFaults::add_partition(const lab::HostPlan& a, const lab::HostPlan& b) {
  if (a.name == b.name) throw usage_error("cannot partition " + a.name + " from itself");
  if (has_partition(a, b)) return;
  run_tool_checked(tools_, lv::partition_add_argv(plan_.lab, {a.name, a.mac}, {b.name, b.mac}),
                   "partitioning " + a.name + " from " + b.name);
}

void ToolHostFaults::remove_partition(const lab::HostPlan& a, const lab::HostPlan& b) {
  const std::optional<std::string> listing = list_partition_table();
  if (!listing) return;
  const std::vector<lv::PartitionRule> rules = lv::parse_partition_rules(*listing);
  const std::string comment = lv::partition_comment(a.name, b.name);
  std::vector<long> handles;
  for (const lv::PartitionRule& r : rules)
    if (r.comment == comment) handles.push_back(r.handle);
  if (!handles.empty())
    run_tool_checked(tools_, lv::partition_delete_rules_argv(plan_.lab, handles),
                     "removing the partition " + a.name + " <-> " + b.name);
  // The table is klab's own: once its last rule is gone it goes too, leaving nothing behind.
  if (handles.size() == rules.size())
    run_tool_checked(tools_, lv::partition_delete_table_argv(plan_.lab),
                     "removing nft table bridge " + lv::partition_table(plan_.lab));
}

bool ToolHostFaults::has_partition(const lab::HostPlan& a, const lab::HostPlan& b) {
  const std::optional<std::string> listing = list_partition_table();
  if (!listing) return false;
  const std::string comment = lv::partition_comment(a.name, b.name);
  for (const lv::PartitionRule& r : lv::parse_partition_rules(*listing))
    if (r.comment == comment) return true;
  return false;
}

std::vector<std::string> ToolHostFaults::leftovers() {
  std::vector<std::string> out;
  std::map<std::string, std::string> device_host;
  for (const lab::HostPlan& h : plan_.hosts)
    if (const std::optional<std::string> device = device_if_running(h)) device_host[*device] = h.name;
  const std::string qdiscs =
      run_tool_checked(tools_, lv::qdisc_show_argv(), "listing the qdiscs of the lab's taps");
  for (const auto& [device, line] : lv::netem_devices(qdiscs)) {
    auto it = device_host.find(device);
    if (it != device_host.end()) out.push_back("netem qdisc on " + device + " (" + it->second + ")");
  }
  if (const std::optional<std::string> listing = list_partition_table()) {
    const std::vector<lv::PartitionRule> rules = lv::parse_partition_rules(*listing);
    std::set<std::string> pairs;
    for (const lv::PartitionRule& r : rules) {
      const auto [a, b] = lv::partition_pair(r.comment);
      if (a.empty())
        pairs.insert("nft rule handle " + std::to_string(r.handle) + " in table bridge " +
                     lv::partition_table(plan_.lab) + " (not klab's)");
      else
        pairs.insert("nft rule dropping " + a + " <-> " + b);
    }
    out.insert(out.end(), pairs.begin(), pairs.end());
    if (rules.empty()) out.push_back("nft table bridge " + lv::partition_table(plan_.lab) + " (empty)");
  }
  return out;
}

}  // namespace klab::scenarios
