#include "scenarios/faults/fault_stack.hpp"

#include <exception>

#include "base/error.hpp"

namespace klab::scenarios {

FaultStack::~FaultStack() {
  try {
    revert_all();
  } catch (...) {
    // revert_all() reports per guard; nothing may escape a destructor.
  }
}

void FaultStack::push(std::unique_ptr<ActiveFault> guard) {
  ctx_.timeline.add(EventKind::fault, "", guard->describe());
  entries_.push_back({std::move(guard), false});
}

std::vector<FaultStack::RevertError> FaultStack::revert_all() {
  std::vector<RevertError> errors;
  for (auto it = entries_.rbegin(); it != entries_.rend(); ++it) {
    if (it->reverted) continue;
    it->reverted = true;  // attempted: a failed revert is reported, not retried
    const std::string what = it->guard->describe();
    try {
      it->guard->revert(ctx_);
      ctx_.timeline.add(EventKind::revert, "", "reverted: " + what);
    } catch (const Error& e) {
      errors.push_back({"reverting '" + what + "': " + e.what(), e.kind()});
      ctx_.timeline.add(EventKind::revert, "", "revert FAILED: " + what + ": " + e.what());
    } catch (const std::exception& e) {
      errors.push_back({"reverting '" + what + "': " + e.what(), ErrorKind::infrastructure});
      ctx_.timeline.add(EventKind::revert, "", "revert FAILED: " + what + ": " + e.what());
    }
  }
  return errors;
}

std::vector<std::string> FaultStack::left_behind() {
  std::vector<std::string> left;
  for (Entry& entry : entries_) {
    try {
      if (auto what = entry.guard->left_behind(ctx_)) left.push_back(*what);
    } catch (const std::exception& e) {
      left.push_back("cannot verify '" + entry.guard->describe() + "' was removed: " + e.what());
    }
  }
  return left;
}

std::vector<std::string> FaultStack::injected() const {
  std::vector<std::string> out;
  for (const Entry& entry : entries_) out.push_back(entry.guard->describe());
  return out;
}

bool FaultStack::all_reverted() const {
  for (const Entry& entry : entries_)
    if (!entry.reverted) return false;
  return true;
}

}  // namespace klab::scenarios
