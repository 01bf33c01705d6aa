#pragma once
// FakeProvider: a Provider for unit tests with no hypervisor behind it. Hosts are
// running unless a test (or a power operation) set another state; every power operation
// is recorded. It has no capabilities (links() and inspection() are nullptr): a test
// that needs one derives and adds it.
#include <map>
#include <string>
#include <vector>

#include "lab/provider.hpp"

namespace klab::lab::fakes {

class FakeProvider : public Provider {
 public:
  std::map<std::string, HostState> states;
  std::vector<std::string> calls;

  std::string name() const override { return "fake"; }
  AccelChoice accel(const Plan&) override { return {}; }
  Ensured ensure_network(const Plan&) override { return Ensured::unchanged; }
  Ensured ensure_pool(const Plan&) override { return Ensured::unchanged; }
  Ensured ensure_base(const Plan&, const BaseImage&) override { return Ensured::unchanged; }
  Ensured ensure_host_volumes(const Plan&, const HostPlan&, const BaseImage&, const HostInputs&) override {
    return Ensured::unchanged;
  }
  Ensured ensure_domain(const Plan&, const HostPlan&, const BaseImage&, const HostInputs&) override {
    return Ensured::unchanged;
  }
  HostState state(const HostPlan& h) override {
    auto it = states.find(h.name);
    return it == states.end() ? HostState::running : it->second;
  }
  void start(const HostPlan& h) override { op("start", h, HostState::running); }
  void shutdown(const HostPlan& h) override { op("shutdown", h, HostState::shut_off); }
  void destroy(const HostPlan& h) override { op("destroy", h, HostState::shut_off); }
  void suspend(const HostPlan& h) override { op("suspend", h, HostState::paused); }
  void resume(const HostPlan& h) override { op("resume", h, HostState::running); }
  void reset(const HostPlan& h) override { op("reset", h, HostState::running); }
  void reboot(const HostPlan& h) override { op("reboot", h, HostState::running); }
  Inventory list_owned(const std::string&, const std::string&) override { return {}; }
  RemoveReport remove_lab(const std::string&, const std::string&, const RemoveOptions&) override { return {}; }
  void snapshot_save(const Plan&, const std::string&) override {}
  void snapshot_restore(const Plan&, const std::string&) override {}
  std::vector<LabSnapshot> snapshot_list(const Plan&) override { return {}; }
  RemoveReport snapshot_remove(const Plan&, const std::string&) override { return {}; }

 private:
  void op(const std::string& what, const HostPlan& h, HostState after) {
    calls.push_back(what + " " + h.name);
    states[h.name] = after;
  }
};

}  // namespace klab::lab::fakes
