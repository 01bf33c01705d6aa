#pragma once
// The one event loop every probe and the writer run on: an io_context and one thread.
// Objects that live on the loop (probers, the writer) must be destroyed before it.
//
//   ProbeLoop loop;  loop.start();
//   loop.run_sync([&] { prober->start(first); });  // on the loop thread, waits for it
//   ... loop.stop();                                 // joins the thread
#include <functional>
#include <optional>
#include <thread>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

namespace klab::scenarios {

class ProbeLoop {
 public:
  ProbeLoop() = default;
  ~ProbeLoop();
  ProbeLoop(const ProbeLoop&) = delete;
  ProbeLoop& operator=(const ProbeLoop&) = delete;

  boost::asio::io_context& io() { return io_; }

  /// Starts the loop's thread. Once per loop.
  void start();
  /// Stops the loop and joins its thread; handlers still queued are dropped. Idempotent.
  void stop();
  bool running() const { return thread_.joinable(); }

  /// Runs `f` on the loop's thread and returns when it has run (directly when the loop
  /// is not running or when called from the loop itself). Rethrows what `f` threw.
  void run_sync(const std::function<void()>& f);

 private:
  boost::asio::io_context io_;
  std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> work_;
  std::thread thread_;
};

}  // namespace klab::scenarios
