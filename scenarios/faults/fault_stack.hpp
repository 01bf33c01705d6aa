#pragma once
// FaultStack: the engine's record of every injected step and its revert guard. Reverts
// newest first, keeps going when one revert fails (every error is returned), and on
// destruction reverts whatever is still in place — also when a step threw or the run
// was interrupted. Afterwards left_behind() asks each guard whether anything remains.
#include <memory>
#include <string>
#include <vector>

#include "base/error.hpp"
#include "scenarios/faults/fault.hpp"

namespace klab::scenarios {

class FaultStack {
 public:
  explicit FaultStack(FaultContext& ctx) : ctx_(ctx) {}
  ~FaultStack();
  FaultStack(const FaultStack&) = delete;
  FaultStack& operator=(const FaultStack&) = delete;

  /// Records a completed step (and puts it on the timeline).
  void push(std::unique_ptr<ActiveFault> guard);

  struct RevertError {
    std::string message;  // "reverting '<what>': <error>"
    ErrorKind kind = ErrorKind::infrastructure;  // check_failed: the heal itself did not work
  };
  /// Reverts every guard not reverted yet, newest first, and returns every failure; a
  /// failed guard is not retried.
  std::vector<RevertError> revert_all();

  /// After revert_all: what any guard reports as still in place.
  std::vector<std::string> left_behind();

  /// Every step ever pushed, in injection order.
  std::vector<std::string> injected() const;
  bool all_reverted() const;

 private:
  struct Entry {
    std::unique_ptr<ActiveFault> guard;
    bool reverted = false;
  };
  FaultContext& ctx_;
  std::vector<Entry> entries_;
};

}  // namespace klab::scenarios
