#include "lab/address_ranges.hpp"

#include <array>

namespace klab::lab {

namespace {

constexpr Ipv4 quad(std::uint32_t a, std::uint32_t b) { return Ipv4{a << 24 | b << 16}; }

// Only ranges where a lab cannot work at all. Public or documentation ranges are left
// alone: an isolated lab may use them, and NAT keeps them off the outside network.
const std::array<SpecialRange, 5>& special_ranges() {
  static const std::array<SpecialRange, 5> ranges = {{
      {Cidr{quad(0, 0), 8}, "unspecified (\"this network\")"},
      {Cidr{quad(127, 0), 8}, "loopback"},
      {Cidr{quad(169, 254), 16}, "link-local"},
      {Cidr{quad(224, 0), 4}, "multicast"},
      {Cidr{quad(240, 0), 4}, "reserved (with the broadcast address 255.255.255.255)"},
  }};
  return ranges;
}

}  // namespace

std::optional<SpecialRange> special_range_overlapping(const Cidr& subnet) {
  for (const SpecialRange& special : special_ranges())
    if (subnet.overlaps(special.range)) return special;
  return std::nullopt;
}

std::string private_range_advice() {
  return "use a private range (RFC 1918: 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16), "
         "e.g. 192.168.49.0/24";
}

}  // namespace klab::lab
