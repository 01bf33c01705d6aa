#include <gtest/gtest.h>

#include "lab/ipv4.hpp"
#include "lab/spelling.hpp"

using namespace klab::lab;

TEST(Ipv4, ParsesAndFormatsDottedQuads) {
  EXPECT_EQ(parse_ipv4("192.168.49.150")->str(), "192.168.49.150");
  EXPECT_EQ(parse_ipv4("0.0.0.0")->value, 0u);
  for (const char* bad : {"", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1..2.3", "a.b.c.d", "1.2.3.4 "})
    EXPECT_FALSE(parse_ipv4(bad)) << bad;
}

TEST(Ipv4, CidrArithmetic) {
  const Cidr c = *parse_cidr("192.168.49.0/24");
  EXPECT_EQ(c.netmask().str(), "255.255.255.0");
  EXPECT_EQ(c.broadcast().str(), "192.168.49.255");
  EXPECT_EQ(c.first_usable().str(), "192.168.49.1");
  EXPECT_TRUE(c.contains(*parse_ipv4("192.168.49.7")));
  EXPECT_FALSE(c.contains(*parse_ipv4("192.168.50.7")));
  EXPECT_TRUE(c.overlaps(*parse_cidr("192.168.0.0/16")));
  EXPECT_FALSE(c.overlaps(*parse_cidr("192.168.50.0/24")));
  EXPECT_FALSE(parse_cidr("192.168.49.7/24"));  // host bits set
  EXPECT_FALSE(parse_cidr("192.168.49.0/33"));
  EXPECT_FALSE(parse_cidr("192.168.49.0"));
}

TEST(Spelling, SuggestsCloseWordsOnly) {
  EXPECT_EQ(closest_match("hostz", {"name", "hosts", "network"}).value_or(""), "hosts");
  EXPECT_EQ(closest_match("plna", {"plan", "up", "down"}).value_or(""), "plan");
  EXPECT_FALSE(closest_match("zzzzzz", {"plan", "up", "down"}));
}
