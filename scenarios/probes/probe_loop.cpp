#include "scenarios/probes/probe_loop.hpp"

#include <future>

#include <boost/asio/post.hpp>

#include "base/error.hpp"

namespace klab::scenarios {

ProbeLoop::~ProbeLoop() { stop(); }

void ProbeLoop::start() {
  if (thread_.joinable()) return;
  if (io_.stopped()) throw infra_error("internal: a probe loop cannot be started twice");
  work_.emplace(io_.get_executor());
  thread_ = std::thread([this] { run_catching(); });
}

// An exception out of a handler must not reach the thread's top (std::terminate, exit
// 134): it ends the loop and waits in failure_ for whoever talks to the loop next.
void ProbeLoop::run_catching() noexcept {
  try {
    io_.run();
  } catch (...) {
    std::lock_guard lock(mutex_);
    failure_ = std::current_exception();
  }
}

std::exception_ptr ProbeLoop::failure() const {
  std::lock_guard lock(mutex_);
  return failure_;
}

void ProbeLoop::stop() {
  work_.reset();
  io_.stop();
  if (thread_.joinable()) thread_.join();
}

void ProbeLoop::run_sync(const std::function<void()>& f) {
  if (!thread_.joinable() || io_.get_executor().running_in_this_thread()) {
    f();
    return;
  }
  std::promise<void> done;
  auto result = done.get_future();
  boost::asio::post(io_, [&] {
    try {
      f();
      done.set_value();
    } catch (...) {
      done.set_exception(std::current_exception());
    }
  });
  // A loop that died before it ran `f` would never answer: look at it while waiting.
  while (result.wait_for(std::chrono::milliseconds(50)) != std::future_status::ready)
    if (std::exception_ptr dead = failure()) std::rethrow_exception(dead);
  result.get();
}

}  // namespace klab::scenarios
