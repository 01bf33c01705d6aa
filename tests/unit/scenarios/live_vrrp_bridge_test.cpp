// The VRRP wire watch listens on the lab bridge only. The pure parts (bind address,
// membership, a missing bridge) run anywhere; the socket itself runs in a private user +
// network namespace of a child process (a bridge with two guest-like veth ports and one
// veth outside it), so no root and no host network are needed. Where user namespaces
// are disabled that test says SKIPPED and why.
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <linux/if_ether.h>
#include <net/if.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <thread>

#include "base/error.hpp"
#include "scenarios/live/bridge_packet_socket.hpp"
#include "scenarios/live/vrrp_wire_watch.hpp"
#include "vrrp_test_frames.hpp"

namespace klab::scenarios {
namespace {

using namespace std::chrono_literals;
using namespace testing;

TEST(VrrpBridgeSocket, BindsToTheBridgeForEveryProtocol) {
  const sockaddr_ll a = packet_bind_address(7);
  EXPECT_EQ(a.sll_family, AF_PACKET);
  EXPECT_EQ(a.sll_protocol, htons(ETH_P_ALL));
  EXPECT_EQ(a.sll_ifindex, 7);
}

TEST(VrrpBridgeSocket, PutsTheBridgeInPromiscuousModeToSeeForwardedUnicast) {
  const packet_mreq m = promiscuous_membership(7);
  EXPECT_EQ(m.mr_ifindex, 7);
  EXPECT_EQ(m.mr_type, PACKET_MR_PROMISC);
}

TEST(VrrpBridgeSocket, AnExistingInterfaceHasItsIndex) {
  EXPECT_EQ(bridge_index("lo"), static_cast<int>(if_nametoindex("lo")));
}

TEST(VrrpBridgeSocket, AMissingBridgeIsAnErrorThatSaysWhatToCheck) {
  VrrpWireWatchConfig config;
  config.bridge = "klab-nosuch0";
  try {
    VrrpWireWatch watch(config);
    FAIL() << "watched a bridge that does not exist";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::infrastructure);
    const std::string what = e.what();
    EXPECT_NE(what.find("the lab bridge klab-nosuch0 does not exist"), std::string::npos) << what;
    EXPECT_NE(what.find("klab up"), std::string::npos) << what;
  }
}

// ---- in a private network namespace -------------------------------------------------

// Exit codes of the child: 0 passed, 77 the namespace could not be made (skip).
enum ChildResult { passed = 0, lb_not_seen = 1, stranger_counted = 2, setup_failed = 3, skip = 77 };

bool write_file(const char* path, const std::string& text) {
  std::ofstream out(path);
  out << text;
  return static_cast<bool>(out.flush());
}

// Root in a new user namespace owns a new network namespace; sysfs is mounted again so
// /sys/class/net shows this namespace's interfaces (the watch reads the bridge's MAC).
bool enter_private_network(uid_t uid, gid_t gid) {
  if (::unshare(CLONE_NEWUSER | CLONE_NEWNET | CLONE_NEWNS) != 0) return false;
  if (!write_file("/proc/self/setgroups", "deny") ||
      !write_file("/proc/self/uid_map", "0 " + std::to_string(uid) + " 1") ||
      !write_file("/proc/self/gid_map", "0 " + std::to_string(gid) + " 1"))
    return false;
  return ::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) == 0 &&
         ::mount("sysfs", "/sys", "sysfs", 0, nullptr) == 0;
}

// br0 with ports lb0 and m0 (their peers lb1 and m1 play the guests, with the guests'
// MACs); o0/o1 is a veth pair outside the bridge: another lab, or the host's uplink.
bool make_lab_bridge() {
  return std::system(
             "exec >/dev/null 2>&1; ip link add br0 type bridge && "
             "ip link add lb0 type veth peer name lb1 && ip link add m0 type veth peer name m1 && "
             "ip link add o0 type veth peer name o1 && "
             "ip link set lb1 address 52:54:00:01:02:03 && ip link set m1 address 52:54:00:0a:0b:0c && "
             "ip link set lb0 master br0 && ip link set m0 master br0 && "
             "for i in br0 lb0 lb1 m0 m1 o0 o1; do ip link set $i up || exit 1; done") == 0;
}

// br_netfilter, loaded on many hosts (bridge-nf-call-iptables), drops IPv4 frames whose
// header does not check out before the bridge forwards them. keepalived's do; the
// parser tests' frames need not, so the length and checksum are filled in here.
Bytes with_valid_ipv4_header(Bytes frame) {
  constexpr std::size_t ip = 14;  // after the Ethernet header
  const std::size_t header_length = (frame[ip] & 0x0fu) * 4u;
  const std::size_t total = frame.size() - ip;
  frame[ip + 2] = static_cast<std::uint8_t>(total >> 8);
  frame[ip + 3] = static_cast<std::uint8_t>(total);
  frame[ip + 10] = frame[ip + 11] = 0;
  std::uint32_t sum = 0;
  for (std::size_t i = 0; i < header_length; i += 2) sum += frame[ip + i] << 8 | frame[ip + i + 1];
  while (sum >> 16) sum = (sum & 0xffffu) + (sum >> 16);
  frame[ip + 10] = static_cast<std::uint8_t>(~sum >> 8);
  frame[ip + 11] = static_cast<std::uint8_t>(~sum);
  return frame;
}

bool send_from(const char* interface, const Bytes& frame) {
  const int fd = ::socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, 0);
  if (fd < 0) return false;
  sockaddr_ll to{};
  to.sll_family = AF_PACKET;
  to.sll_ifindex = static_cast<int>(if_nametoindex(interface));
  const bool sent = ::sendto(fd, frame.data(), frame.size(), 0, reinterpret_cast<sockaddr*>(&to), sizeof to) ==
                    static_cast<ssize_t>(frame.size());
  ::close(fd);
  return sent;
}

ChildResult watch_in_private_network(uid_t uid, gid_t gid) {
  if (!enter_private_network(uid, gid)) return skip;
  if (!make_lab_bridge()) return setup_failed;
  VrrpWireWatchConfig config;
  config.bridge = "br0";
  config.gateway = *lab::parse_ipv4("192.168.49.1");
  config.state.host_of_mac = {{mac_string(lb_mac), "kube-master"}, {mac_string(m1_mac), "kube-master1"}};
  config.state.vip_hosts = {"kube-master", "kube-master1"};
  config.state.vip = vip;
  VrrpWireWatch watch(config);
  // m1 speaks first, so the bridge learns its port: the LB's advert to it is then a
  // unicast the bridge forwards from port to port, as keepalived's unicast_peer sends.
  // (Before it has learned, the bridge floods it to its ports; the watch sees neither
  // without the promiscuous membership.)
  if (!send_from("m1", arp_reply(m1_mac, m1_ip))) return setup_failed;
  const auto deadline = std::chrono::steady_clock::now() + 3s;
  bool lb_master = false;
  while (!lb_master && std::chrono::steady_clock::now() < deadline) {
    // The stranger outside the bridge claims to be kube-master1, as MASTER.
    if (!send_from("o1", with_valid_ipv4_header(vrrp_frame(m1_mac, m1_ip, 200))) ||
        !send_from("lb1", with_valid_ipv4_header(vrrp_frame(lb_mac, lb_ip, 150))))
      return setup_failed;
    std::this_thread::sleep_for(50ms);  // poll interval of the deadline loop
    lb_master = watch.states().at("kube-master") == VrrpState::master;
  }
  if (!lb_master) return lb_not_seen;
  if (watch.states().at("kube-master1") != VrrpState::silent) return stranger_counted;
  return passed;
}

TEST(VrrpBridgeSocket, SeesUnicastAdvertsAcrossTheBridgeAndNothingFromOtherInterfaces) {
  if (std::system("command -v ip >/dev/null 2>&1") != 0) GTEST_SKIP() << "SKIPPED: no `ip` command (iproute2)";
  const uid_t uid = ::geteuid();
  const gid_t gid = ::getegid();
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    int code = setup_failed;
    try {
      code = watch_in_private_network(uid, gid);
    } catch (...) {
      code = setup_failed;
    }
    ::_exit(code);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status)) << "the child died: " << status;
  switch (WEXITSTATUS(status)) {
    case passed: break;
    case skip: GTEST_SKIP() << "SKIPPED: no private user + network namespace here (unshare refused)";
    case lb_not_seen: FAIL() << "the LB's unicast advert across the bridge was not seen"; break;
    case stranger_counted: FAIL() << "an advert on an interface outside the bridge counted"; break;
    default: FAIL() << "could not set up the bridge in the private namespace (exit " << WEXITSTATUS(status) << ")";
  }
}

}  // namespace
}  // namespace klab::scenarios
