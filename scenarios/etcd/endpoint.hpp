#pragma once
// Where an HTTPS service listens: host (IP address or DNS name) and port, as in
// "https://192.168.49.160:2379". The host is also the name the server certificate must
// carry (an IP SAN for an address, a DNS SAN for a name).
#include <cstdint>
#include <string>

namespace klab::scenarios {

struct Endpoint {
  std::string host;
  std::uint16_t port = 0;

  bool operator==(const Endpoint&) const = default;
};

/// Parses "https://host:port" (also "host:port"; an IPv6 host in brackets). Throws
/// klab::Error (usage) naming the text when it is not one.
Endpoint parse_endpoint(const std::string& url);

/// "https://host:port".
std::string to_url(const Endpoint& endpoint);
/// "host:port", for messages.
std::string to_string(const Endpoint& endpoint);

}  // namespace klab::scenarios
