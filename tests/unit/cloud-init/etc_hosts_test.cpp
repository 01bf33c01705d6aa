// /etc/hosts for the guests: every host and the VIP, by FQDN and short name.
#include "cloud-init/etc_hosts.hpp"

#include <gtest/gtest.h>

#include <sstream>

#include "lab/reserved_names.hpp"

#include "unit/cloud-init/cloudinit_support.hpp"

namespace klab::cloudinit {
namespace {

TEST(EtcHosts, DefaultLabListsEveryHostAndTheVip) {
  EXPECT_EQ(render_etc_hosts(testing::default_lab_plan()),
            "# Written by klab through cloud-init for lab \"ha\".\n"
            "127.0.0.1\tlocalhost\n"
            "::1\tlocalhost ip6-localhost ip6-loopback\n"
            "ff02::1\tip6-allnodes\n"
            "ff02::2\tip6-allrouters\n"
            "\n"
            "192.168.49.150\tkube-master.example.com kube-master\n"
            "192.168.49.151\tkube-master1.example.com kube-master1\n"
            "192.168.49.152\tkube-master2.example.com kube-master2\n"
            "192.168.49.153\tkube-master3.example.com kube-master3\n"
            "192.168.49.160\tvip.example.com vip\n");
}

TEST(EtcHosts, NoVipNoVipLine) {
  const std::string text = render_etc_hosts(testing::single_lab_plan());
  EXPECT_NE(text.find("192.168.49.151\tkube-master1.example.com kube-master1\n"), std::string::npos);
  EXPECT_EQ(text.find("vip"), std::string::npos) << text;
  EXPECT_EQ(text.find("127.0.1.1"), std::string::npos) << "hosts must map to their lab address";
}

// A host named like one of klab's own entries would resolve to two addresses; topology
// validation refuses the names in lab/reserved_names.cpp, which must cover them all.
TEST(EtcHosts, EveryNameKlabAddsBesidesTheHostsIsReserved) {
  const lab::Plan plan = testing::default_lab_plan();
  std::istringstream text(render_etc_hosts(plan));
  std::string line;
  while (std::getline(text, line)) {
    if (line.empty() || line.front() == '#') continue;
    std::istringstream fields(line);
    std::string address, name;
    fields >> address;
    while (fields >> name) {
      if (plan.find_host(name) != nullptr || name == plan.network.vip_fqdn) continue;
      EXPECT_TRUE(lab::reserved_name_use(name).has_value()) << name << " in: " << line;
    }
  }
}

}  // namespace
}  // namespace klab::cloudinit
