// tc netem rendering and the parsing of `tc qdisc show` output captured on the lab host.
#include <gtest/gtest.h>

#include "base/error.hpp"
#include "lab/libvirt/netem_commands.hpp"

namespace klab::lab::libvirt {
namespace {

using std::chrono::milliseconds;
using Argv = std::vector<std::string>;

TEST(LibvirtNetem, DelayJitterAndLoss) {
  NetemSpec spec{milliseconds(100), milliseconds(20), 5};
  EXPECT_EQ(netem_add_argv("vnet3", spec),
            (Argv{"tc", "qdisc", "replace", "dev", "vnet3", "root", "netem", "delay", "100ms", "20ms", "loss", "5%"}));
}

TEST(LibvirtNetem, LossOnlyAndFractions) {
  EXPECT_EQ(netem_add_argv("vnet0", NetemSpec{milliseconds(0), milliseconds(0), 0.5}),
            (Argv{"tc", "qdisc", "replace", "dev", "vnet0", "root", "netem", "loss", "0.5%"}));
  EXPECT_EQ(netem_add_argv("vnet0", NetemSpec{milliseconds(250), milliseconds(0), 0}),
            (Argv{"tc", "qdisc", "replace", "dev", "vnet0", "root", "netem", "delay", "250ms"}));
}

TEST(LibvirtNetem, RejectsBadInput) {
  EXPECT_THROW(netem_add_argv("", NetemSpec{milliseconds(1), {}, 0}), Error);
  EXPECT_THROW(netem_add_argv("vnet0", NetemSpec{{}, {}, 101}), Error);
}

TEST(LibvirtNetem, DeleteAndShow) {
  EXPECT_EQ(netem_del_argv("vnet2"), (Argv{"tc", "qdisc", "del", "dev", "vnet2", "root"}));
  EXPECT_EQ(qdisc_show_argv("vnet2"), (Argv{"tc", "qdisc", "show", "dev", "vnet2"}));
  EXPECT_EQ(qdisc_show_argv(), (Argv{"tc", "qdisc", "show"}));
}

// Captured with `tc qdisc show dev vnet5` before and after a netem was added.
TEST(LibvirtNetem, ParsesOneDevice) {
  EXPECT_FALSE(has_netem_qdisc("qdisc noqueue 0: root refcnt 2 \n"));
  EXPECT_FALSE(has_netem_qdisc("qdisc pfifo_fast 0: root refcnt 2 bands 3 priomap 1 2 2 2 1 2 0 0 1 1 1 1 1 1 1 1\n"));
  EXPECT_TRUE(has_netem_qdisc("qdisc netem 8001: root refcnt 2 limit 1000 delay 100ms  20ms loss 5%\n"));
}

// Captured with `tc qdisc show` inside the lab namespace, two labs' taps.
TEST(LibvirtNetem, ParsesEveryDevice) {
  const std::string out =
      "qdisc noqueue 0: dev lo root refcnt 2 \n"
      "qdisc noqueue 0: dev klab-ha root refcnt 2 \n"
      "qdisc netem 8002: dev vnet6 root refcnt 2 limit 1000 delay 50ms\n"
      "qdisc pfifo_fast 0: dev vnet7 root refcnt 2 bands 3 priomap 1 2 2 2 1 2 0 0 1 1 1 1 1 1 1 1\n"
      "qdisc netem 8003: dev vnet9 root refcnt 2 limit 1000 loss 10%\n";
  const auto devices = netem_devices(out);
  ASSERT_EQ(devices.size(), 2u);
  EXPECT_TRUE(devices.count("vnet6"));
  EXPECT_TRUE(devices.count("vnet9"));
  EXPECT_FALSE(devices.count("vnet7"));
}

}  // namespace
}  // namespace klab::lab::libvirt
