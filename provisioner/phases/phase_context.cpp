#include "provisioner/phases/phase_context.hpp"

namespace klab::provisioner {

void PhaseContext::changed_file(const std::string& host, const std::string& path) {
  std::lock_guard lock(mutex_);
  changes_.files[host].push_back(path);
}

void PhaseContext::action(const std::string& host, const std::string& what,
                          std::optional<std::chrono::milliseconds> took) {
  std::lock_guard lock(mutex_);
  changes_.actions[host].push_back(what);
  changes_.action_ms[host].push_back(took ? took->count() : -1);
}

void PhaseContext::note(const std::string& line) {
  {
    std::lock_guard lock(mutex_);
    changes_.notes.push_back(line);
  }
  progress.note(line);
}

PhaseChanges PhaseContext::take_changes() {
  std::lock_guard lock(mutex_);
  PhaseChanges out = std::move(changes_);
  changes_ = {};
  return out;
}

}  // namespace klab::provisioner
