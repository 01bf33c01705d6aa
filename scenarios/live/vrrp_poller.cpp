#include "scenarios/live/vrrp_poller.hpp"

#include <optional>

namespace klab::scenarios {

using Clock = std::chrono::steady_clock;

VrrpPoller::VrrpPoller(VrrpPollerConfig config, std::vector<provisioner::Transport*> hosts)
    : config_(std::move(config)) {
  for (provisioner::Transport* t : hosts) slots_[t->host()] = Slot{};
  for (provisioner::Transport* t : hosts) threads_.emplace_back([this, t] { run(t); });
}

VrrpPoller::~VrrpPoller() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  for (std::thread& t : threads_) t.join();
}

void VrrpPoller::run(provisioner::Transport* transport) {
  const std::string command = vrrp_probe_command(config_.state_log);
  const std::string& host = transport->host();
  while (true) {
    const auto started = Clock::now();
    std::optional<VrrpProbe> probe;
    bool failed = false;
    try {
      const provisioner::CommandResult r = transport->run(command, config_.deadline);
      probe = parse_vrrp_probe(r.stdout_text, config_.vip);
    } catch (const std::exception&) {
      // Unreachable (frozen, destroyed, rebooting): the answer goes stale on its own.
      failed = true;
    }
    std::unique_lock lock(mutex_);
    Slot& slot = slots_[host];
    slot.tried = true;
    if (probe) {
      slot.probe = *probe;
      slot.answered = Clock::now();
    }
    changed_.notify_all();
    // A timer, not synchronisation: the next round trip at most every interval; after a
    // failure only after `retry_after`, so a guest that is slow to accept SSH is not
    // flooded with half-open handshakes (sshd's MaxStartups refuses everyone then).
    const auto next = failed ? Clock::now() + config_.retry_after : started + config_.interval;
    if (changed_.wait_until(lock, next, [this] { return stopping_; })) return;
  }
}

void VrrpPoller::wait_first_round(std::chrono::milliseconds within) {
  std::unique_lock lock(mutex_);
  changed_.wait_for(lock, within, [this] {
    for (const auto& [host, slot] : slots_)
      if (!slot.tried) return false;
    return true;
  });
}

std::map<std::string, VrrpProbe> VrrpPoller::latest() const {
  std::lock_guard lock(mutex_);
  const auto now = Clock::now();
  std::map<std::string, VrrpProbe> out;
  for (const auto& [host, slot] : slots_) {
    const bool fresh = slot.answered != Clock::time_point{} && now - slot.answered <= config_.stale_after;
    out[host] = fresh ? slot.probe : VrrpProbe{};
  }
  return out;
}

}  // namespace klab::scenarios
