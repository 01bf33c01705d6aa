#pragma once
// Raw frames for the VRRP wire watch tests, built byte by byte after RFC 3768 (VRRPv2,
// keepalived's default), RFC 5798 (v3) and RFC 826 (ARP): kube-master (the LB) and
// kube-master1 of the default lab, and its VIP.
#include <cstdint>
#include <vector>

#include "lab/ipv4.hpp"
#include "scenarios/live/vrrp_frames.hpp"

namespace klab::scenarios::testing {

using Bytes = std::vector<std::uint8_t>;

inline const MacAddress lb_mac{0x52, 0x54, 0x00, 0x01, 0x02, 0x03};
inline const MacAddress m1_mac{0x52, 0x54, 0x00, 0x0a, 0x0b, 0x0c};
inline const lab::Ipv4 lb_ip = *lab::parse_ipv4("192.168.49.150");
inline const lab::Ipv4 m1_ip = *lab::parse_ipv4("192.168.49.151");
inline const lab::Ipv4 vip = *lab::parse_ipv4("192.168.49.160");

inline void put_ip(Bytes& b, lab::Ipv4 ip) {
  for (int s = 24; s >= 0; s -= 8) b.push_back(static_cast<std::uint8_t>(ip.value >> s));
}

/// Ethernet + IPv4 (20-byte header unless `options`) + VRRP advertisement, unicast to a
/// peer as keepalived sends with unicast_peer.
inline Bytes vrrp_frame(const MacAddress& src, lab::Ipv4 src_ip, int priority, int version = 2, int options = 0,
                 std::uint8_t protocol = 112) {
  Bytes b(m1_mac.begin(), m1_mac.end());
  b.insert(b.end(), src.begin(), src.end());
  b.insert(b.end(), {0x08, 0x00});
  b.push_back(static_cast<std::uint8_t>(0x45 + options / 4));
  b.insert(b.end(), {0x00, 0x00, 0x28, 0x00, 0x00, 0x00, 0x00, 0xff, protocol, 0x00, 0x00});
  put_ip(b, src_ip);
  put_ip(b, m1_ip);
  for (int i = 0; i < options; ++i) b.push_back(0x01);  // NOP options
  b.push_back(static_cast<std::uint8_t>(version << 4 | 1));
  b.insert(b.end(), {51, static_cast<std::uint8_t>(priority), 1, 1, 1, 0x00, 0x00});
  put_ip(b, vip);
  return b;
}

/// An ARP reply "`ip` is at `mac`" to the bridge.
inline Bytes arp_reply(const MacAddress& mac, lab::Ipv4 ip) {
  Bytes b{0x52, 0x54, 0x00, 0xff, 0xff, 0xfe};
  b.insert(b.end(), mac.begin(), mac.end());
  b.insert(b.end(), {0x08, 0x06, 0x00, 0x01, 0x08, 0x00, 6, 4, 0x00, 0x02});
  b.insert(b.end(), mac.begin(), mac.end());
  put_ip(b, ip);
  b.insert(b.end(), {0x52, 0x54, 0x00, 0xff, 0xff, 0xfe});
  put_ip(b, *lab::parse_ipv4("192.168.49.1"));
  return b;
}

}  // namespace klab::scenarios::testing
