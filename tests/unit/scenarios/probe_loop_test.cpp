// A handler that throws on the probe loop's thread ends the loop; the failure reaches
// the thread that talks to the loop next, instead of std::terminate (exit 134).
#include <gtest/gtest.h>

#include <boost/asio/post.hpp>
#include <stdexcept>
#include <thread>

#include "base/error.hpp"
#include "scenarios/probes/probe_loop.hpp"

namespace klab::scenarios {
namespace {

void post_throwing_handler(ProbeLoop& loop) {
  boost::asio::post(loop.io(), [] { throw std::runtime_error("socket table full"); });
}

TEST(ProbeLoop, AThrowingHandlerIsKeptAsTheLoopsFailure) {
  ProbeLoop loop;
  loop.start();
  post_throwing_handler(loop);
  for (int i = 0; i < 200 && !loop.failure(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  ASSERT_TRUE(loop.failure());
  EXPECT_EQ(exception_text(loop.failure()), "socket table full");
  loop.stop();
}

TEST(ProbeLoop, RunSyncOnADeadLoopRethrowsInsteadOfWaitingForever) {
  ProbeLoop loop;
  loop.start();
  post_throwing_handler(loop);  // queued before `f`: the loop dies before `f` can run
  bool ran = false;
  EXPECT_THROW(loop.run_sync([&] { ran = true; }), std::runtime_error);
  EXPECT_FALSE(ran);
  loop.stop();
}

TEST(ProbeLoop, RunSyncRethrowsWhatTheFunctionThrew) {
  ProbeLoop loop;
  loop.start();
  EXPECT_THROW(loop.run_sync([] { throw infra_error("x"); }), Error);
  EXPECT_FALSE(loop.failure()) << "f's own exception does not kill the loop";
  loop.stop();
}

}  // namespace
}  // namespace klab::scenarios
