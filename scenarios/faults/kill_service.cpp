// kill-service: signal every process of a unit (KILL by default: a crash, no goodbye
// advert); heal starts the unit when systemd has not restarted it already. keep_down
// (default): Debian's haproxy unit has Restart=on-failure, so systemd brought it back
// within a second and keepalived's check never failed twice — the VIP never moved. A
// runtime drop-in (Restart=no, in /run: gone at reboot) keeps the crash a crash until
// heal removes it.
#include "scenarios/faults/fault_stack.hpp"
#include "scenarios/faults/fault_types.hpp"
#include "scenarios/faults/guest_ops.hpp"
#include "scenarios/faults/service_guard.hpp"

namespace klab::scenarios {
namespace {

class KillService : public Fault {
 public:
  KillService(std::string unit, std::string signal, bool keep_down)
      : unit_(std::move(unit)), signal_(std::move(signal)), keep_down_(keep_down) {}
  std::string type() const override { return "kill-service"; }
  void inject(FaultContext& ctx, const std::vector<std::string>& hosts, FaultStack& stack) override {
    for (const std::string& host : hosts) {
      if (keep_down_) {
        set_no_restart(ctx.transport(host), unit_);
        stack.push(no_restart_guard(host, unit_));
      }
      mark_effect(ctx, kill_unit(ctx.transport(host), unit_, signal_));
      stack.push(service_running_guard(unit_ + " killed (SIG" + signal_ + ") on " + host, host, unit_));
    }
  }

 private:
  std::string unit_;
  std::string signal_;
  bool keep_down_;
};

}  // namespace

std::unique_ptr<Fault> make_kill_service(const FaultParams& params) {
  return std::make_unique<KillService>(params.text("service"), params.text("signal"), params.boolean("keep_down"));
}

}  // namespace klab::scenarios
