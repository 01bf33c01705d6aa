#include "lab/provider.hpp"

#include <algorithm>

#include "lab/libvirt/provider.hpp"

namespace klab::lab {

std::string to_string(HostState state) {
  switch (state) {
    case HostState::absent:
      return "absent";
    case HostState::shut_off:
      return "shut off";
    case HostState::running:
      return "running";
    case HostState::paused:
      return "paused";
    case HostState::shutting_down:
      return "shutting down";
    case HostState::crashed:
      return "crashed";
    case HostState::other:
      return "in another state";
  }
  return "unknown";
}

std::string to_string(Ensured e) {
  switch (e) {
    case Ensured::created:
      return "created";
    case Ensured::updated:
      return "updated";
    case Ensured::unchanged:
      return "unchanged";
    case Ensured::out_of_date:
      return "out of date (in use)";
  }
  return "unknown";
}

bool OwnedDomain::active() const {
  return state != HostState::absent && state != HostState::shut_off && state != HostState::crashed;
}

std::vector<std::string> Inventory::labs() const {
  std::vector<std::string> out;
  for (const auto& d : domains) out.push_back(d.lab);
  for (const auto& n : networks) out.push_back(n.lab);
  for (const auto& p : pools) out.push_back(p.lab);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

bool is_valid_provider(const std::string& name) { return name == default_provider; }

std::unique_ptr<Provider> make_provider(const ProviderOptions& options) {
  if (!is_valid_provider(options.name)) {
    throw usage_error("unknown provider '" + options.name + "': the only provider is " + default_provider);
  }
  libvirt::LibvirtOptions libvirt;
  libvirt.uri = options.uri;
  return std::make_unique<libvirt::LibvirtProvider>(std::move(libvirt));
}

std::vector<std::string> plan_uris(const Plan& plan) {
  std::vector<std::string> uris{plan.uri};
  for (const HostPlan& h : plan.hosts) {
    if (!h.uri.empty() && std::find(uris.begin(), uris.end(), h.uri) == uris.end()) {
      uris.push_back(h.uri);
    }
  }
  return uris;
}

}  // namespace klab::lab
