#include <memory>

#include "scenarios/faults/fault.hpp"

namespace klab::scenarios {

namespace {

class LambdaGuard : public ActiveFault {
 public:
  LambdaGuard(std::string description, std::function<void(FaultContext&)> revert,
              std::function<std::optional<std::string>(FaultContext&)> left_behind)
      : description_(std::move(description)),
        revert_(std::move(revert)),
        left_behind_(std::move(left_behind)) {}
  std::string describe() const override { return description_; }
  void revert(FaultContext& ctx) override {
    if (revert_) revert_(ctx);
  }
  std::optional<std::string> left_behind(FaultContext& ctx) override {
    return left_behind_ ? left_behind_(ctx) : std::nullopt;
  }

 private:
  std::string description_;
  std::function<void(FaultContext&)> revert_;
  std::function<std::optional<std::string>(FaultContext&)> left_behind_;
};

}  // namespace

std::unique_ptr<ActiveFault> make_guard(
    std::string description, std::function<void(FaultContext&)> revert,
    std::function<std::optional<std::string>(FaultContext&)> left_behind) {
  return std::make_unique<LambdaGuard>(std::move(description), std::move(revert),
                                       std::move(left_behind));
}

}  // namespace klab::scenarios
