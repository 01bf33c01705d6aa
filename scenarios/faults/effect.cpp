// When a fault took effect: the reference point of every measured failover time.
#include "scenarios/faults/fault.hpp"

namespace klab::scenarios {

void mark_effect(FaultContext& ctx) {
  if (!ctx.effective_at) ctx.effective_at = ctx.timeline.elapsed();
}

void mark_effect(FaultContext& ctx, const std::optional<std::chrono::system_clock::time_point>& guest_time) {
  if (ctx.effective_at) return;
  const auto now = ctx.timeline.elapsed();
  if (!guest_time) {
    ctx.effective_at = now;
    return;
  }
  // The guest's wall clock, mapped onto the case's monotonic timeline through the host's
  // wall clock now; never later than now (a guest clock running ahead).
  const auto ago = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now() - *guest_time);
  ctx.effective_at = ago.count() > 0 ? now - ago : now;
}

}  // namespace klab::scenarios
