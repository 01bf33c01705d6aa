// wipe-data-dir: stop a unit and delete its data; heal starts the unit on the empty
// directory. For etcd use the etcd-* faults: starting a wiped member is the rejoin trap.
#include "scenarios/faults/fault_stack.hpp"
#include "scenarios/faults/fault_types.hpp"
#include "scenarios/faults/guest_ops.hpp"
#include "scenarios/faults/service_guard.hpp"

namespace klab::scenarios {
namespace {

class WipeDataDir : public Fault {
 public:
  WipeDataDir(std::string unit, std::string path) : unit_(std::move(unit)), path_(std::move(path)) {}
  std::string type() const override { return "wipe-data-dir"; }
  void inject(FaultContext& ctx, const std::vector<std::string>& hosts, FaultStack& stack) override {
    for (const std::string& host : hosts) {
      provisioner::Transport& t = ctx.transport(host);
      mark_effect(ctx, stop_unit(t, unit_));
      stack.push(service_running_guard(unit_ + " stopped on " + host, host, unit_));
      wipe_directory(t, path_);
      // The data is gone for good: the record is for the report; nothing to revert.
      stack.push(make_guard(path_ + " wiped on " + host, nullptr, nullptr));
    }
  }

 private:
  std::string unit_;
  std::string path_;
};

}  // namespace

std::unique_ptr<Fault> make_wipe_data_dir(const FaultParams& params) {
  return std::make_unique<WipeDataDir>(params.text("service"), params.text("path"));
}

}  // namespace klab::scenarios
