#pragma once
// The IPv4 special-purpose ranges (RFC 6890) a lab network cannot live in: the kernel,
// libvirt's dnsmasq or the guests treat their addresses specially (loopback never leaves
// a host, multicast and 240/4 are not unicast, link-local is not routed, 0/8 means "this
// host"), so a lab there fails late and confusingly instead of at `klab plan`.
#include <optional>
#include <string>

#include "lab/ipv4.hpp"

namespace klab::lab {

struct SpecialRange {
  Cidr range;
  std::string purpose;  // "loopback", "multicast", ...
};

/// The first special-purpose range that `subnet` overlaps (a subnet that merely
/// contains part of one is unusable too), or nullopt for an ordinary unicast subnet.
std::optional<SpecialRange> special_range_overlapping(const Cidr& subnet);

/// What to use instead, for messages: the RFC 1918 private ranges with an example.
std::string private_range_advice();

}  // namespace klab::lab
