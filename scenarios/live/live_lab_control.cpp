#include "scenarios/live/live_lab_control.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "base/error.hpp"
#include "lab/libvirt/domain.hpp"
#include "lab/libvirt/provider.hpp"
#include "lab/paths.hpp"
#include "scenarios/live/domain_link.hpp"
#include "scenarios/live/netem_commands.hpp"
#include "scenarios/live/nft_partition.hpp"

namespace klab::scenarios {

LiveLabControl::LiveLabControl(const lab::Plan& plan, lab::Provider& provider, lab::LinkControl& links,
                               DomainXmlReader domain_xml, ToolRunner tools)
    : plan_(plan), provider_(provider), links_(links), domain_xml_(std::move(domain_xml)), tools_(std::move(tools)) {}

const lab::HostPlan& LiveLabControl::host_plan(const std::string& host) const {
  const lab::HostPlan* h = plan_.find_host(host);
  if (!h) throw usage_error("'" + host + "' is not a host of lab " + plan_.lab);
  return *h;
}

lab::HostState LiveLabControl::state(const std::string& host) { return provider_.state(host_plan(host)); }
void LiveLabControl::start(const std::string& host) { provider_.start(host_plan(host)); }
void LiveLabControl::destroy(const std::string& host) { provider_.destroy(host_plan(host)); }
void LiveLabControl::reset(const std::string& host) { provider_.reset(host_plan(host)); }
void LiveLabControl::reboot(const std::string& host) { provider_.reboot(host_plan(host)); }
void LiveLabControl::suspend(const std::string& host) { provider_.suspend(host_plan(host)); }
void LiveLabControl::resume(const std::string& host) { provider_.resume(host_plan(host)); }

void LiveLabControl::set_link(const std::string& host, bool up) { links_.set_link(host_plan(host), up); }

bool LiveLabControl::link_up(const std::string& host) {
  const lab::HostPlan& h = host_plan(host);
  // A link state is live only: a host that is not running has no downed link (its next
  // start uses the persistent definition, link up).
  const lab::HostState s = provider_.state(h);
  if (s != lab::HostState::running && s != lab::HostState::paused) return true;
  const std::optional<bool> up = interface_link_up(domain_xml_(h), h.mac);
  if (!up)
    throw infra_error("host " + host + " has no interface with MAC " + h.mac + ": its domain does not match the plan");
  return *up;
}

std::optional<std::string> LiveLabControl::device_if_running(const lab::HostPlan& host) {
  const lab::HostState s = provider_.state(host);
  if (s != lab::HostState::running && s != lab::HostState::paused) return std::nullopt;
  return links_.interface_device(host);
}

void LiveLabControl::add_netem(const std::string& host, const NetemSpec& spec) {
  const std::string device = links_.interface_device(host_plan(host));
  run_tool_checked(tools_, netem_add_argv(device, spec), "adding netem to " + host + " (" + device + ")");
}

void LiveLabControl::remove_netem(const std::string& host) {
  const std::optional<std::string> device = device_if_running(host_plan(host));
  if (!device) return;  // the tap went with the VM, and its qdisc with it
  if (!has_netem_qdisc(run_tool_checked(tools_, qdisc_show_argv(*device), "reading the qdiscs of " + host)))
    return;
  run_tool_checked(tools_, netem_del_argv(*device), "removing netem from " + host + " (" + *device + ")");
}

bool LiveLabControl::has_netem(const std::string& host) {
  const std::optional<std::string> device = device_if_running(host_plan(host));
  if (!device) return false;
  return has_netem_qdisc(run_tool_checked(tools_, qdisc_show_argv(*device), "reading the qdiscs of " + host));
}

std::optional<std::string> LiveLabControl::list_partition_table() {
  const auto argv = partition_list_argv(plan_.lab);
  const base::ProcessResult r = tools_(argv);
  if (r.ok()) return r.output;
  if (nft_table_missing(r.errors)) return std::nullopt;
  run_tool_checked(tools_, argv, "listing the partition rules of lab " + plan_.lab);  // throws with the detail
  return std::nullopt;
}

void LiveLabControl::add_partition(const std::string& a, const std::string& b) {
  if (a == b) throw usage_error("cannot partition " + a + " from itself");
  if (has_partition(a, b)) return;
  const lab::HostPlan& ha = host_plan(a);
  const lab::HostPlan& hb = host_plan(b);
  run_tool_checked(tools_, partition_add_argv(plan_.lab, {ha.name, ha.mac}, {hb.name, hb.mac}),
                   "partitioning " + a + " from " + b);
}

void LiveLabControl::remove_partition(const std::string& a, const std::string& b) {
  const std::optional<std::string> listing = list_partition_table();
  if (!listing) return;
  const std::vector<PartitionRule> rules = parse_partition_rules(*listing);
  const std::string comment = partition_comment(a, b);
  std::vector<long> handles;
  for (const PartitionRule& r : rules)
    if (r.comment == comment) handles.push_back(r.handle);
  if (!handles.empty())
    run_tool_checked(tools_, partition_delete_rules_argv(plan_.lab, handles),
                     "removing the partition " + a + " <-> " + b);
  // The table is klab's own: once its last rule is gone it goes too, leaving nothing behind.
  if (handles.size() == rules.size())
    run_tool_checked(tools_, partition_delete_table_argv(plan_.lab), "removing nft table bridge " +
                                                                         partition_table(plan_.lab));
}

bool LiveLabControl::has_partition(const std::string& a, const std::string& b) {
  const std::optional<std::string> listing = list_partition_table();
  if (!listing) return false;
  const std::string comment = partition_comment(a, b);
  for (const PartitionRule& r : parse_partition_rules(*listing))
    if (r.comment == comment) return true;
  return false;
}

std::vector<std::string> LiveLabControl::leftovers() {
  std::vector<std::string> out;
  std::map<std::string, std::string> device_host;
  for (const lab::HostPlan& h : plan_.hosts) {
    const lab::HostState s = provider_.state(h);
    if (s != lab::HostState::running) out.push_back(h.name + " is " + lab::to_string(s));
    if (s != lab::HostState::running && s != lab::HostState::paused) continue;
    device_host[links_.interface_device(h)] = h.name;
    if (interface_link_up(domain_xml_(h), h.mac) == false) out.push_back("link of " + h.name + " is down");
  }
  const std::string qdiscs = run_tool_checked(tools_, qdisc_show_argv(), "listing the qdiscs of the lab's taps");
  for (const auto& [device, line] : netem_devices(qdiscs)) {
    auto it = device_host.find(device);
    if (it != device_host.end()) out.push_back("netem qdisc on " + device + " (" + it->second + ")");
  }
  if (const std::optional<std::string> listing = list_partition_table()) {
    const std::vector<PartitionRule> rules = parse_partition_rules(*listing);
    std::set<std::string> pairs;
    for (const PartitionRule& r : rules) {
      const auto [a, b] = partition_pair(r.comment);
      if (a.empty()) pairs.insert("nft rule handle " + std::to_string(r.handle) + " in table bridge " +
                                  partition_table(plan_.lab) + " (not klab's)");
      else pairs.insert("nft rule dropping " + a + " <-> " + b);
    }
    out.insert(out.end(), pairs.begin(), pairs.end());
    if (rules.empty()) out.push_back("nft table bridge " + partition_table(plan_.lab) + " (empty)");
  }
  return out;
}

std::vector<std::filesystem::path> LiveLabControl::console_logs() {
  std::vector<std::filesystem::path> out;
  for (const lab::HostPlan& h : plan_.hosts) {
    const std::filesystem::path p = lab::console_log_path(plan_.lab, h.name);
    if (std::filesystem::exists(p)) out.push_back(p);
  }
  return out;
}

std::unique_ptr<LiveLabControl> make_live_lab_control(const lab::Plan& plan, lab::Provider& provider) {
  auto* libvirt = dynamic_cast<lab::libvirt::LibvirtProvider*>(&provider);
  if (!libvirt)
    throw infra_error("provider " + provider.name() + " cannot inject host-side faults: only libvirt can");
  DomainXmlReader xml = [libvirt](const lab::HostPlan& host) {
    const lab::libvirt::Connection& conn = libvirt->connection(host.uri);
    lab::libvirt::Domain dom = lab::libvirt::must_owned_domain(conn, host);
    return lab::libvirt::domain_xml(dom.get());
  };
  return std::make_unique<LiveLabControl>(plan, provider, *libvirt, std::move(xml));
}

}  // namespace klab::scenarios
