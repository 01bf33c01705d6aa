#include "provisioner/transport/host_transports.hpp"

#include "base/error.hpp"

namespace klab::provisioner {

HostTransports::HostTransports(const lab::Plan& plan, TransportFactory factory)
    : plan_(plan), factory_(std::move(factory)) {}

Transport& HostTransports::of(const std::string& host) {
  std::lock_guard lock(mutex_);
  auto it = transports_.find(host);
  if (it != transports_.end()) return *it->second;
  const lab::HostPlan* plan_host = plan_.find_host(host);
  if (!plan_host) throw usage_error("lab '" + plan_.lab + "' has no host '" + host + "'");
  std::unique_ptr<Transport> transport = factory_(*plan_host);
  if (!transport) throw infra_error(host + ": no transport could be created (klab bug)");
  return *transports_.emplace(host, std::move(transport)).first->second;
}

std::map<std::string, TransportStats> HostTransports::stats() const {
  std::lock_guard lock(mutex_);
  std::map<std::string, TransportStats> out;
  for (const auto& [host, transport] : transports_) out[host] = transport->stats();
  return out;
}

std::map<std::string, TransportStats> stats_delta(const std::map<std::string, TransportStats>& after,
                                                  const std::map<std::string, TransportStats>& before) {
  std::map<std::string, TransportStats> out;
  for (const auto& [host, stats] : after) {
    const auto it = before.find(host);
    const TransportStats d = it == before.end() ? stats : stats - it->second;
    if (d.round_trips > 0 || d.connects > 0) out[host] = d;
  }
  return out;
}

}  // namespace klab::provisioner
