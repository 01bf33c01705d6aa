#pragma once
// The two kinds of Ethernet frame that show, from the host, who is keepalived MASTER and
// who holds the VIP: VRRP advertisements (IP protocol 112; only a MASTER sends them, a
// priority-0 one when it resigns) and ARP packets whose sender address is the VIP (a
// holder's replies to our who-has, and the gratuitous ARP of a new MASTER). Pure parsing
// and building of raw frames; vrrp_wire_watch.hpp does the socket.
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "lab/ipv4.hpp"

namespace klab::scenarios {

using MacAddress = std::array<std::uint8_t, 6>;

std::string mac_string(const MacAddress& mac);  // "52:54:00:0a:0b:0c"
/// "52:54:00:0A:0B:0C" (any case); nullopt when malformed.
std::optional<MacAddress> parse_mac(const std::string& text);

/// A VRRP (v2 or v3) advertisement.
struct VrrpAdvert {
  MacAddress source_mac{};
  lab::Ipv4 source_ip;
  int virtual_router_id = 0;
  int priority = 0;  // 0: the sender resigns (keepalived stopping, or going to FAULT)
};

/// An ARP packet (request or reply) as its sender states it.
struct ArpSender {
  MacAddress mac{};
  lab::Ipv4 ip;
};

std::optional<VrrpAdvert> parse_vrrp_advert(std::span<const std::uint8_t> frame);
std::optional<ArpSender> parse_arp_sender(std::span<const std::uint8_t> frame);

/// A broadcast ARP request "who has `target`? tell `sender_ip`" from `sender_mac`.
std::vector<std::uint8_t> arp_request(const MacAddress& sender_mac, lab::Ipv4 sender_ip, lab::Ipv4 target);

}  // namespace klab::scenarios
