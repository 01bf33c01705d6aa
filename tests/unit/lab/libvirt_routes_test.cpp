#include <gtest/gtest.h>

#include "lab/libvirt/routes.hpp"

namespace klab::lab::libvirt {
namespace {

// Captured shape of /proc/net/route (x86: addresses printed as little-endian hex).
const char* sample =
    "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n"
    "eth0\t00000000\t0100000A\t0003\t0\t0\t0\t00000000\t0\t0\t0\n"
    "eth0\t0000000A\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0\n"
    "virbr0\t007AA8C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0\n"
    "garbage line\n"
    "docker0\t000011AC\t00000000\t0001\t0\t0\t0\t0000FFFF\t0\t0\t0\n";

TEST(Routes, ParsesDestinationsAndMasks) {
  std::vector<Route> r = parse_proc_net_route(sample);
  ASSERT_EQ(r.size(), 4u);
  EXPECT_EQ(r[0].iface, "eth0");
  EXPECT_EQ(r[0].destination.str(), "0.0.0.0/0");
  EXPECT_EQ(r[1].destination.str(), "10.0.0.0/24");
  EXPECT_EQ(r[2].iface, "virbr0");
  EXPECT_EQ(r[2].destination.str(), "192.168.122.0/24");
  EXPECT_EQ(r[3].destination.str(), "172.17.0.0/16");
}

TEST(Routes, EmptyOrHeaderOnlyGivesNothing) {
  EXPECT_TRUE(parse_proc_net_route("").empty());
  EXPECT_TRUE(parse_proc_net_route("Iface\tDestination\n").empty());
}

TEST(Routes, ThisNamespaceIsReadable) {
  // Every Linux network namespace has /proc/net/route; parsing it must not throw.
  EXPECT_NO_THROW(current_routes());
}

}  // namespace
}  // namespace klab::lab::libvirt
