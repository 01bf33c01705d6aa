// parallel_map: one outcome per key in the order of the keys, each key's exception kept
// with it (the others still run), and the bound on concurrency respected.
#include "base/parallel.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>

#include "base/error.hpp"

namespace klab::base {
namespace {

using namespace std::chrono_literals;

TEST(ParallelMap, OutcomesAreInTheOrderOfTheKeys) {
  const std::vector<int> keys = {5, 1, 4, 2, 3};
  // The first keys finish last: the outcome order must not be the completion order.
  std::vector<Outcome<std::string>> out = parallel_map(keys, [](int k) {
    std::this_thread::sleep_for(std::chrono::milliseconds(k * 5));
    return std::to_string(k * 10);
  });
  ASSERT_EQ(out.size(), keys.size());
  for (std::size_t i = 0; i < keys.size(); ++i) {
    ASSERT_TRUE(out[i].ok());
    EXPECT_EQ(out[i].get(), std::to_string(keys[i] * 10));
  }
}

TEST(ParallelMap, EachKeysExceptionIsCapturedAndTheOthersStillRun) {
  const std::vector<std::string> keys = {"m1", "m2", "m3"};
  std::atomic<int> ran{0};
  std::vector<Outcome<void>> out = parallel_map(keys, [&](const std::string& k) {
    ++ran;
    if (k == "m2") throw infra_error("m2 is down");
  });
  EXPECT_EQ(ran.load(), 3);
  EXPECT_TRUE(out[0].ok());
  EXPECT_FALSE(out[1].ok());
  EXPECT_TRUE(out[2].ok());
  try {
    out[1].get();
    FAIL() << "the failure was not kept";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "m2 is down");
    EXPECT_EQ(e.kind(), ErrorKind::infrastructure);
  }
}

TEST(ParallelMap, AValueOutcomeRethrowsItsException) {
  std::vector<Outcome<int>> out = parallel_map(std::vector<int>{1, 2}, [](int k) -> int {
    if (k == 2) throw std::runtime_error("no value");
    return k;
  });
  EXPECT_EQ(out[0].get(), 1);
  EXPECT_FALSE(out[1].value.has_value());
  EXPECT_THROW(out[1].get(), std::runtime_error);
}

TEST(ParallelMap, AllKeysRunAtOnceByDefault) {
  // Every call waits until all have started: only one thread per key lets them finish.
  const std::vector<int> keys = {1, 2, 3, 4};
  std::mutex m;
  std::condition_variable cv;
  std::size_t started = 0;
  std::vector<Outcome<bool>> out = parallel_map(keys, [&](int) {
    std::unique_lock lock(m);
    ++started;
    cv.notify_all();
    return cv.wait_for(lock, 10s, [&] { return started == keys.size(); });
  });
  for (auto& o : out) EXPECT_TRUE(o.get()) << "the calls did not all run at the same time";
}

TEST(ParallelMap, NoMoreThanMaxParallelAtOnce) {
  std::atomic<int> running{0}, peak{0};
  std::vector<int> keys(12);
  parallel_map(keys, [&](int) {
    int now = ++running;
    for (int p = peak.load(); now > p && !peak.compare_exchange_weak(p, now);) {
    }
    std::this_thread::sleep_for(2ms);
    --running;
  }, 3);
  EXPECT_LE(peak.load(), 3);
  EXPECT_GE(peak.load(), 1);
}

TEST(ParallelMap, NoKeysNoWork) {
  EXPECT_TRUE(parallel_map(std::vector<int>{}, [](int k) { return k; }).empty());
}

}  // namespace
}  // namespace klab::base
