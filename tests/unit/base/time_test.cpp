#include "base/time.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <ctime>

namespace klab::base {
namespace {

TEST(Time, UtcNowIsIso8601InWholeSecondsOfThisYear) {
  const std::string now = utc_now_iso8601();
  EXPECT_THAT(now, ::testing::MatchesRegex("[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z"));
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  // UTC, not local time: year and hour are gmtime's (allowing for the hour turning
  // between the two readings).
  EXPECT_EQ(now.substr(0, 4), std::to_string(1900 + tm.tm_year));
  const int hour = std::stoi(now.substr(11, 2));
  EXPECT_TRUE(hour == tm.tm_hour || (hour + 1) % 24 == tm.tm_hour) << now;
}

}  // namespace
}  // namespace klab::base
