// Special-purpose IPv4 ranges a lab subnet must stay out of; the topology fixtures
// invalid-subnet-*.yaml check the message klab plan gives for each.
#include <gtest/gtest.h>

#include "lab/address_ranges.hpp"

using namespace klab::lab;

namespace {

std::optional<std::string> purpose_of(const std::string& cidr) {
  const std::optional<Cidr> subnet = parse_cidr(cidr);
  if (!subnet) throw std::invalid_argument(cidr);
  const std::optional<SpecialRange> special = special_range_overlapping(*subnet);
  if (!special) return std::nullopt;
  return special->purpose.substr(0, special->purpose.find(' '));
}

}  // namespace

TEST(AddressRanges, EachSpecialRangeIsNamed) {
  EXPECT_EQ(purpose_of("0.0.0.0/24"), "unspecified");
  EXPECT_EQ(purpose_of("127.0.0.0/24"), "loopback");
  EXPECT_EQ(purpose_of("127.255.255.0/29"), "loopback");
  EXPECT_EQ(purpose_of("169.254.1.0/24"), "link-local");
  EXPECT_EQ(purpose_of("224.0.0.0/24"), "multicast");
  EXPECT_EQ(purpose_of("239.255.0.0/16"), "multicast");
  EXPECT_EQ(purpose_of("240.0.0.0/24"), "reserved");
  EXPECT_EQ(purpose_of("255.255.255.0/24"), "reserved");  // holds the limited broadcast
}

TEST(AddressRanges, ASubnetThatOnlyContainsASpecialRangeCountsToo) {
  EXPECT_EQ(purpose_of("169.0.0.0/8"), "link-local");
}

TEST(AddressRanges, PrivateAndPublicUnicastSubnetsAreOrdinary) {
  for (const char* cidr : {"10.0.0.0/8", "172.16.0.0/12", "192.168.49.0/24", "1.0.0.0/24",
                           "126.255.255.0/24", "128.0.0.0/24", "169.253.0.0/16", "169.255.0.0/16",
                           "223.255.255.0/24"})
    EXPECT_EQ(purpose_of(cidr), std::nullopt) << cidr;
}

TEST(AddressRanges, AdviceNamesThePrivateRanges) {
  EXPECT_NE(private_range_advice().find("RFC 1918"), std::string::npos);
}
