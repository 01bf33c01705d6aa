#include "lab/reserved_names.hpp"

#include <array>
#include <utility>

namespace klab::lab {

std::optional<std::string> reserved_name_use(std::string_view name) {
  static const std::array<std::pair<std::string_view, std::string_view>, 6> reserved = {{
      {kVipName, "the DNS name of the keepalived virtual IP (dnsmasq and /etc/hosts)"},
      {"localhost", "the loopback address in the guests' /etc/hosts"},
      {"ip6-localhost", "the IPv6 loopback address in the guests' /etc/hosts"},
      {"ip6-loopback", "the IPv6 loopback address in the guests' /etc/hosts"},
      {"ip6-allnodes", "the IPv6 all-nodes multicast address in the guests' /etc/hosts"},
      {"ip6-allrouters", "the IPv6 all-routers multicast address in the guests' /etc/hosts"},
  }};
  for (const auto& [reserved_name, use] : reserved)
    if (name == reserved_name) return std::string(use);
  return std::nullopt;
}

}  // namespace klab::lab
