#include "lab/ipv4.hpp"

#include <charconv>

namespace klab::lab {

namespace {
std::uint32_t mask_for(int prefix) {
  return prefix == 0 ? 0u : ~std::uint32_t{0} << (32 - prefix);
}

bool parse_uint(std::string_view text, unsigned max, unsigned& out) {
  if (text.empty() || text.size() > 3) return false;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc{} && ptr == text.data() + text.size() && out <= max;
}
}  // namespace

std::string Ipv4::str() const {
  return std::to_string(value >> 24) + "." + std::to_string((value >> 16) & 255) + "." +
         std::to_string((value >> 8) & 255) + "." + std::to_string(value & 255);
}

Ipv4 Cidr::netmask() const { return Ipv4{mask_for(prefix)}; }
Ipv4 Cidr::broadcast() const { return Ipv4{network.value | ~mask_for(prefix)}; }
bool Cidr::contains(Ipv4 ip) const { return (ip.value & mask_for(prefix)) == network.value; }
bool Cidr::overlaps(const Cidr& other) const {
  const int shorter = prefix < other.prefix ? prefix : other.prefix;
  return (network.value & mask_for(shorter)) == (other.network.value & mask_for(shorter));
}
std::string Cidr::str() const { return network.str() + "/" + std::to_string(prefix); }

std::optional<Ipv4> parse_ipv4(std::string_view text) {
  std::uint32_t value = 0;
  for (int i = 0; i < 4; ++i) {
    const auto dot = text.find('.');
    const bool last = i == 3;
    if (last != (dot == std::string_view::npos)) return std::nullopt;
    unsigned octet = 0;
    if (!parse_uint(text.substr(0, dot), 255, octet)) return std::nullopt;
    value = value << 8 | octet;
    if (!last) text.remove_prefix(dot + 1);
  }
  return Ipv4{value};
}

std::optional<Cidr> parse_cidr(std::string_view text) {
  const auto slash = text.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  auto ip = parse_ipv4(text.substr(0, slash));
  unsigned prefix = 0;
  if (!ip || !parse_uint(text.substr(slash + 1), 32, prefix)) return std::nullopt;
  const Cidr cidr{Ipv4{ip->value & mask_for(static_cast<int>(prefix))}, static_cast<int>(prefix)};
  if (cidr.network != *ip) return std::nullopt;
  return cidr;
}

}  // namespace klab::lab
