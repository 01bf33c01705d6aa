#pragma once
// Ctrl-C during a scenario: the handler only sets a flag; the engine checks it between
// steps and inside every wait, then reverts the injected faults and reports the case as
// interrupted. Never exit from the handler with faults in place.
namespace klab::scenarios {

/// Installs a SIGINT (and SIGTERM) handler for its lifetime, restoring the previous
/// handlers afterwards. Only one may exist at a time.
class InterruptGuard {
 public:
  InterruptGuard();
  ~InterruptGuard();
  InterruptGuard(const InterruptGuard&) = delete;
  InterruptGuard& operator=(const InterruptGuard&) = delete;
};

/// True once SIGINT/SIGTERM arrived while an InterruptGuard was installed.
bool interrupt_requested();
/// Clears the flag (tests; a new run).
void clear_interrupt();
/// Sets the flag as the handler does (tests).
void request_interrupt();

}  // namespace klab::scenarios
