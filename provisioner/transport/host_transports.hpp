#pragma once
// One Transport per host for a whole deploy (one SSH session per host, reused by every
// phase), created on first use by a factory so tests inject fakes.
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "lab/plan.hpp"
#include "provisioner/transport/transport.hpp"

namespace klab::provisioner {

using TransportFactory = std::function<std::unique_ptr<Transport>(const lab::HostPlan&)>;

class HostTransports {
 public:
  HostTransports(const lab::Plan& plan, TransportFactory factory);

  /// The transport of `host`, created on first use. Thread-safe. Throws klab::Error
  /// (usage) for a host the plan does not have.
  Transport& of(const std::string& host);
  /// Per-host counters of every transport created so far.
  std::map<std::string, TransportStats> stats() const;

 private:
  const lab::Plan& plan_;
  TransportFactory factory_;
  mutable std::mutex mutex_;
  std::map<std::string, std::unique_ptr<Transport>> transports_;
};

/// The statistics per host, `after` minus `before` (hosts absent before count from zero);
/// hosts without any round trip in between are left out.
std::map<std::string, TransportStats> stats_delta(const std::map<std::string, TransportStats>& after,
                                                  const std::map<std::string, TransportStats>& before);

}  // namespace klab::provisioner
