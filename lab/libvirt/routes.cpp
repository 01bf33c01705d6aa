#include "lab/libvirt/routes.hpp"

#include <arpa/inet.h>

#include <fstream>
#include <sstream>

namespace klab::lab::libvirt {

namespace {

// The kernel prints each __be32 as a native integer in hex; ntohl undoes that on
// either endianness.
bool parse_hex_be32(const std::string& text, std::uint32_t& out) {
  if (text.size() != 8) return false;
  try {
    std::size_t used = 0;
    unsigned long v = std::stoul(text, &used, 16);
    if (used != text.size()) return false;
    out = ntohl(static_cast<std::uint32_t>(v));
    return true;
  } catch (const std::exception&) {
    return false;
  }
}

int prefix_of(std::uint32_t mask) {
  int n = 0;
  for (std::uint32_t bit = 0x80000000u; bit && (mask & bit); bit >>= 1) ++n;
  return n;
}

}  // namespace

std::vector<Route> parse_proc_net_route(const std::string& text) {
  std::vector<Route> routes;
  std::istringstream lines(text);
  std::string line;
  std::getline(lines, line);  // header
  while (std::getline(lines, line)) {
    std::istringstream fields(line);
    std::string iface, dest, gateway, flags, refcnt, use, metric, mask;
    if (!(fields >> iface >> dest >> gateway >> flags >> refcnt >> use >> metric >> mask)) continue;
    std::uint32_t d = 0, m = 0;
    if (!parse_hex_be32(dest, d) || !parse_hex_be32(mask, m)) continue;
    routes.push_back(Route{iface, Cidr{Ipv4{d & m}, prefix_of(m)}});
  }
  return routes;
}

std::vector<Route> current_routes() {
  std::ifstream in("/proc/net/route");
  if (!in) return {};
  std::ostringstream text;
  text << in.rdbuf();
  return parse_proc_net_route(text.str());
}

}  // namespace klab::lab::libvirt
