#include "base/strings.hpp"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <vector>

namespace klab::base {
namespace {

TEST(Join, PutsTheSeparatorBetweenItemsOnly) {
  EXPECT_EQ(join(std::vector<std::string>{"a", "b", "c"}, ", "), "a, b, c");
  EXPECT_EQ(join(std::vector<std::string>{"only"}, ", "), "only");
  EXPECT_EQ(join(std::vector<std::string>{}, ", "), "");
  EXPECT_EQ(join(std::set<std::string>{"b", "a"}, "\n"), "a\nb");
  EXPECT_EQ(join(std::vector<const char*>{"x", "y"}, ""), "xy");
}

TEST(Join, TurnsEachItemIntoTextFirst) {
  const std::map<std::string, int> states = {{"m1", 1}, {"m2", 2}};
  EXPECT_EQ(join(states, "; ", [](const auto& e) { return e.first + "=" + std::to_string(e.second); }), "m1=1; m2=2");
  EXPECT_EQ(join(std::vector<int>{1, 2, 3}, ",", [](int i) { return std::to_string(i * i); }), "1,4,9");
}

TEST(Strings, ToLowerAndTrim) {
  EXPECT_EQ(to_lower("52:54:00:AB:cD"), "52:54:00:ab:cd");
  EXPECT_EQ(trim("  \t value with spaces \r\n"), "value with spaces");
  EXPECT_EQ(trim(" \n "), "");
  EXPECT_EQ(trim("x"), "x");
}

}  // namespace
}  // namespace klab::base
