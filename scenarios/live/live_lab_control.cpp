#include "scenarios/live/live_lab_control.hpp"

#include "base/error.hpp"
#include "lab/paths.hpp"
#include "scenarios/live/tool_host_faults.hpp"

namespace klab::scenarios {

namespace {

bool live(lab::HostState s) { return s == lab::HostState::running || s == lab::HostState::paused; }

}  // namespace

LiveLabControl::LiveLabControl(const lab::Plan& plan, lab::Provider& provider, lab::LinkControl& links,
                               std::unique_ptr<lab::HostFaults> faults)
    : plan_(plan), provider_(provider), links_(links), faults_(std::move(faults)) {}

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

bool LiveLabControl::running_link_up(const lab::HostPlan& h) {
  const std::optional<bool> up = links_.link_up(h);
  if (!up)
    throw infra_error("host " + h.name + " has no interface with MAC " + h.mac + ": its domain does not match the plan");
  return *up;
}

bool LiveLabControl::link_up(const std::string& host) {
  const lab::HostPlan& h = host_plan(host);
  // A link state is live only: a host that is not running has no downed link (its next
  // start uses the persistent definition, link up).
  return !live(provider_.state(h)) || running_link_up(h);
}

void LiveLabControl::add_netem(const std::string& host, const NetemSpec& spec) {
  faults_->add_netem(host_plan(host), spec);
}
void LiveLabControl::remove_netem(const std::string& host) { faults_->remove_netem(host_plan(host)); }
bool LiveLabControl::has_netem(const std::string& host) { return faults_->has_netem(host_plan(host)); }

void LiveLabControl::add_partition(const std::string& a, const std::string& b) {
  if (a == b) throw usage_error("cannot partition " + a + " from itself");
  faults_->add_partition(host_plan(a), host_plan(b));
}
void LiveLabControl::remove_partition(const std::string& a, const std::string& b) {
  faults_->remove_partition(host_plan(a), host_plan(b));
}
bool LiveLabControl::has_partition(const std::string& a, const std::string& b) {
  return faults_->has_partition(host_plan(a), host_plan(b));
}

std::vector<std::string> LiveLabControl::leftovers() {
  std::vector<std::string> out;
  for (const lab::HostPlan& h : plan_.hosts) {
    const lab::HostState s = provider_.state(h);
    if (s != lab::HostState::running) out.push_back(h.name + " is " + lab::to_string(s));
    if (live(s) && links_.link_up(h) == false) out.push_back("link of " + h.name + " is down");
  }
  const std::vector<std::string> faults = faults_->leftovers();
  out.insert(out.end(), faults.begin(), faults.end());
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

std::unique_ptr<LiveLabControl> make_live_lab_control(const lab::Plan& plan, lab::Provider& provider,
                                                      ToolRunner tools) {
  lab::LinkControl* links = provider.links();
  if (!links)
    throw infra_error("provider " + provider.name() + " cannot inject host-side faults: only libvirt can");
  return std::make_unique<LiveLabControl>(plan, provider, *links,
                                          std::make_unique<ToolHostFaults>(plan, provider, *links, std::move(tools)));
}

}  // namespace klab::scenarios
