// `klab console --follow`: following a console log through appends, truncation (the
// domain restarts) and replacement (the lab is recreated), against real files.
#include <gtest/gtest.h>

#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <exception>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <string>
#include <thread>

#include "base/error.hpp"
#include "ops/console_follow.hpp"
#include "support/private_dir.hpp"

namespace fs = std::filesystem;

namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// A private scratch directory, removed after the test.
class ConsoleFollowDir : public testing::Test {
 protected:
  void TearDown() override { fs::remove_all(dir_); }
  const fs::path dir_ = klab::testing::make_private_dir("klab-follow-test");
};

// Collects what follow_file prints and lets the test wait for a given text.
class Collected {
 public:
  void add(std::string_view s) {
    std::lock_guard lock(m_);
    text_ += s;
    cv_.notify_all();
  }
  bool wait_for(const std::string& want, std::chrono::seconds within = std::chrono::seconds(5)) {
    std::unique_lock lock(m_);
    return cv_.wait_for(lock, within, [&] { return text_ == want; });
  }
  std::string text() {
    std::lock_guard lock(m_);
    return text_;
  }

 private:
  std::mutex m_;
  std::condition_variable cv_;
  std::string text_;
};

void append(const fs::path& p, const std::string& s) { std::ofstream(p, std::ios::binary | std::ios::app) << s; }

TEST_F(ConsoleFollowDir, FollowPrintsAppendsTruncationsAndReplacementsUntilStopped) {
  const fs::path log = dir_ / "console" / "h.log";
  fs::create_directories(log.parent_path());
  append(log, "boot 1\n");
  int stop[2];
  ASSERT_EQ(::pipe(stop), 0);
  Collected seen;
  std::exception_ptr failure;
  std::thread follower([&] {
    try {
      klab::ops::follow_file(log, [&](std::string_view s) { seen.add(s); }, stop[0]);
    } catch (...) {
      failure = std::current_exception();
    }
  });
  EXPECT_TRUE(seen.wait_for("boot 1\n")) << seen.text();
  append(log, "more");
  EXPECT_TRUE(seen.wait_for("boot 1\nmore")) << seen.text();
  append(log, " lines\n");
  EXPECT_TRUE(seen.wait_for("boot 1\nmore lines\n")) << seen.text();
  // The domain restarts: the log is truncated and written from the top.
  { std::ofstream(log, std::ios::binary | std::ios::trunc) << "boot 2\n"; }
  EXPECT_TRUE(seen.wait_for("boot 1\nmore lines\nboot 2\n")) << seen.text();
  // The lab is recreated: a new file replaces the old one.
  const fs::path tmp = dir_ / "console" / "h.log.new";
  std::ofstream(tmp, std::ios::binary) << "boot 3\n";
  fs::rename(tmp, log);
  EXPECT_TRUE(seen.wait_for("boot 1\nmore lines\nboot 2\nboot 3\n")) << seen.text();
  ASSERT_EQ(::write(stop[1], "x", 1), 1);
  follower.join();
  ::close(stop[0]);
  ::close(stop[1]);
  EXPECT_FALSE(failure);
}

TEST_F(ConsoleFollowDir, FollowWaitsForAFileThatDoesNotExistYet) {
  const fs::path log = dir_ / "late.log";
  int stop[2];
  ASSERT_EQ(::pipe(stop), 0);
  Collected seen;
  std::thread follower([&] { klab::ops::follow_file(log, [&](std::string_view s) { seen.add(s); }, stop[0]); });
  append(log, "finally\n");
  EXPECT_TRUE(seen.wait_for("finally\n")) << seen.text();
  ASSERT_EQ(::write(stop[1], "x", 1), 1);
  follower.join();
  ::close(stop[0]);
  ::close(stop[1]);
}

TEST(ConsoleFollow, FollowOfADirectoryThatDoesNotExistSaysToRunUp) {
  try {
    klab::ops::follow_file("/nonexistent-klab-dir/console/h.log", [](std::string_view) {}, 0);
    FAIL() << "no error";
  } catch (const klab::Error& e) {
    EXPECT_TRUE(contains(e.what(), "klab up")) << e.what();
  }
}

}  // namespace
