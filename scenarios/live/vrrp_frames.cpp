#include "scenarios/live/vrrp_frames.hpp"

#include <cstdio>

namespace klab::scenarios {

namespace {

constexpr std::size_t eth_header = 14;
constexpr std::uint16_t ethertype_ipv4 = 0x0800;
constexpr std::uint16_t ethertype_arp = 0x0806;
constexpr std::uint8_t ip_protocol_vrrp = 112;

std::uint16_t be16(std::span<const std::uint8_t> b, std::size_t at) {
  return static_cast<std::uint16_t>(b[at] << 8 | b[at + 1]);
}

lab::Ipv4 be32_ip(std::span<const std::uint8_t> b, std::size_t at) {
  return lab::Ipv4{static_cast<std::uint32_t>(b[at]) << 24 | static_cast<std::uint32_t>(b[at + 1]) << 16 |
                   static_cast<std::uint32_t>(b[at + 2]) << 8 | b[at + 3]};
}

MacAddress mac_at(std::span<const std::uint8_t> b, std::size_t at) {
  MacAddress m;
  for (std::size_t i = 0; i < m.size(); ++i) m[i] = b[at + i];
  return m;
}

void put16(std::vector<std::uint8_t>& out, std::uint16_t v) {
  out.push_back(static_cast<std::uint8_t>(v >> 8));
  out.push_back(static_cast<std::uint8_t>(v));
}

void put_ip(std::vector<std::uint8_t>& out, lab::Ipv4 ip) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<std::uint8_t>(ip.value >> shift));
}

void put_mac(std::vector<std::uint8_t>& out, const MacAddress& mac) { out.insert(out.end(), mac.begin(), mac.end()); }

}  // namespace

std::string mac_string(const MacAddress& mac) {
  char text[18];
  std::snprintf(text, sizeof text, "%02x:%02x:%02x:%02x:%02x:%02x", mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);
  return text;
}

std::optional<MacAddress> parse_mac(const std::string& text) {
  MacAddress mac;
  unsigned v[6];
  char tail;
  if (text.size() != 17 ||
      std::sscanf(text.c_str(), "%2x:%2x:%2x:%2x:%2x:%2x%c", &v[0], &v[1], &v[2], &v[3], &v[4], &v[5], &tail) != 6)
    return std::nullopt;
  for (int i = 0; i < 6; ++i) mac[i] = static_cast<std::uint8_t>(v[i]);
  return mac;
}

std::optional<VrrpAdvert> parse_vrrp_advert(std::span<const std::uint8_t> frame) {
  if (frame.size() < eth_header + 20 || be16(frame, 12) != ethertype_ipv4) return std::nullopt;
  const auto ip = frame.subspan(eth_header);
  const std::size_t ihl = static_cast<std::size_t>(ip[0] & 0x0f) * 4;
  if ((ip[0] >> 4) != 4 || ihl < 20 || ip[9] != ip_protocol_vrrp || ip.size() < ihl + 8) return std::nullopt;
  const auto vrrp = ip.subspan(ihl);
  const int version = vrrp[0] >> 4, type = vrrp[0] & 0x0f;
  if ((version != 2 && version != 3) || type != 1) return std::nullopt;  // 1: ADVERTISEMENT
  VrrpAdvert a;
  a.source_mac = mac_at(frame, 6);
  a.source_ip = be32_ip(ip, 12);
  a.virtual_router_id = vrrp[1];
  a.priority = vrrp[2];
  return a;
}

std::optional<ArpSender> parse_arp_sender(std::span<const std::uint8_t> frame) {
  if (frame.size() < eth_header + 28 || be16(frame, 12) != ethertype_arp) return std::nullopt;
  const auto arp = frame.subspan(eth_header);
  // Ethernet + IPv4 only: htype 1, ptype 0x0800, hlen 6, plen 4.
  if (be16(arp, 0) != 1 || be16(arp, 2) != ethertype_ipv4 || arp[4] != 6 || arp[5] != 4) return std::nullopt;
  return ArpSender{mac_at(arp, 8), be32_ip(arp, 14)};
}

std::vector<std::uint8_t> arp_request(const MacAddress& sender_mac, lab::Ipv4 sender_ip, lab::Ipv4 target) {
  std::vector<std::uint8_t> out;
  out.reserve(eth_header + 28);
  put_mac(out, MacAddress{0xff, 0xff, 0xff, 0xff, 0xff, 0xff});
  put_mac(out, sender_mac);
  put16(out, ethertype_arp);
  put16(out, 1);               // Ethernet
  put16(out, ethertype_ipv4);  // IPv4
  out.push_back(6);
  out.push_back(4);
  put16(out, 1);  // request
  put_mac(out, sender_mac);
  put_ip(out, sender_ip);
  put_mac(out, MacAddress{});
  put_ip(out, target);
  return out;
}

}  // namespace klab::scenarios
