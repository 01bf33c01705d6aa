#pragma once
// Keeps the keepalived state and VIP ownership of every VIP host fresh in the
// background: one thread per host runs the vrrp_probe command over its own SSH session
// back to back (at most every `interval`). A round trip to a TCG guest takes about a
// second, and a frozen or destroyed host takes until the deadline to fail, so asking
// synchronously would make every engine poll as slow as the slowest host; here a poll
// reads the latest answers at once. An answer older than `stale_after` (the host stopped
// answering) counts as unknown, without the VIP.
#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "provisioner/transport/transport.hpp"
#include "scenarios/live/vrrp_probe.hpp"

namespace klab::scenarios {

struct VrrpPollerConfig {
  std::string vip;
  std::string state_log;
  std::chrono::milliseconds interval{300};
  std::chrono::milliseconds deadline{3000};     // per round trip
  std::chrono::milliseconds stale_after{2500};  // since the last answer
  std::chrono::milliseconds retry_after{3000};  // after a failed round trip
};

class VrrpPoller {
 public:
  /// One transport per VIP host, used only by this poller's thread for that host.
  VrrpPoller(VrrpPollerConfig config, std::vector<provisioner::Transport*> hosts);
  ~VrrpPoller();  // stops and joins the threads
  VrrpPoller(const VrrpPoller&) = delete;
  VrrpPoller& operator=(const VrrpPoller&) = delete;

  /// Waits (up to `within`) until every host answered or failed once since start.
  void wait_first_round(std::chrono::milliseconds within);
  std::map<std::string, VrrpProbe> latest() const;

 private:
  struct Slot {
    VrrpProbe probe;
    std::chrono::steady_clock::time_point answered{};  // epoch: never
    bool tried = false;
  };
  void run(provisioner::Transport* transport);

  VrrpPollerConfig config_;
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  bool stopping_ = false;
  std::map<std::string, Slot> slots_;
  std::vector<std::thread> threads_;
};

}  // namespace klab::scenarios
