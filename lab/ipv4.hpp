#pragma once
// IPv4 addresses and prefixes as plain values: parsing, membership and formatting.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace klab::lab {

struct Ipv4 {
  std::uint32_t value = 0;  // host byte order
  auto operator<=>(const Ipv4&) const = default;
  std::string str() const;
};

struct Cidr {
  Ipv4 network;     // address with host bits cleared
  int prefix = 0;   // 0..32
  Ipv4 netmask() const;
  Ipv4 broadcast() const;
  Ipv4 first_usable() const { return Ipv4{network.value + 1}; }
  bool contains(Ipv4 ip) const;
  bool overlaps(const Cidr& other) const;
  std::string str() const;
};

/// Dotted quad, exactly four decimal octets; nullopt otherwise.
std::optional<Ipv4> parse_ipv4(std::string_view text);
/// "a.b.c.d/n". Host bits set (192.168.49.7/24) are rejected: that is usually a typo.
std::optional<Cidr> parse_cidr(std::string_view text);

}  // namespace klab::lab
