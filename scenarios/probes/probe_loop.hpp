#pragma once
// The one event loop every probe and the writer run on: an io_context and one thread.
// Objects that live on the loop (probers, the writer) must be destroyed before it.
//
//   ProbeLoop loop;  loop.start();
//   loop.run_sync([&] { prober->start(first); });  // on the loop thread, waits for it
//   ... loop.stop();                                 // joins the thread
#include <exception>
#include <functional>
#include <mutex>
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
  /// What a handler threw on the loop thread (the loop ends there); null while healthy.
  std::exception_ptr failure() const;

  /// Runs `f` on the loop's thread and returns when it has run (directly when the loop
  /// is not running or when called from the loop itself). Rethrows what `f` threw, or
  /// what ended the loop before `f` could run there.
  void run_sync(const std::function<void()>& f);

 private:
  boost::asio::io_context io_;
  std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> work_;
  std::thread thread_;
  mutable std::mutex mutex_;
  std::exception_ptr failure_;

  void run_catching() noexcept;
};

}  // namespace klab::scenarios
