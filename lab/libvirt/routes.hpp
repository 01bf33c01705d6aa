#pragma once
// The IPv4 routes of the current network namespace, from /proc/net/route, so that a
// lab subnet that would shadow (or be shadowed by) an existing route is refused.
#include <string>
#include <vector>

#include "lab/ipv4.hpp"

namespace klab::lab::libvirt {

struct Route {
  std::string iface;
  Cidr destination;
};

/// Parses the text of /proc/net/route (header line first). Malformed lines are skipped.
std::vector<Route> parse_proc_net_route(const std::string& text);

/// The routes of this process's network namespace; empty when the file is unreadable.
std::vector<Route> current_routes();

}  // namespace klab::lab::libvirt
