#include "scenarios/probes/probe_loop.hpp"

#include <future>

#include <boost/asio/post.hpp>

#include "lab/error.hpp"

namespace klab::scenarios {

ProbeLoop::~ProbeLoop() { stop(); }

void ProbeLoop::start() {
  if (thread_.joinable()) return;
  if (io_.stopped()) throw infra_error("internal: a probe loop cannot be started twice");
  work_.emplace(io_.get_executor());
  thread_ = std::thread([this] { io_.run(); });
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
  result.get();
}

}  // namespace klab::scenarios
