#include "scenarios/etcd/endpoint.hpp"

#include <charconv>

#include "base/error.hpp"

namespace klab::scenarios {

Endpoint parse_endpoint(const std::string& url) {
  auto bad = [&url](const std::string& why) {
    return usage_error("'" + url + "' is not an https endpoint (" + why +
                       "): write it as https://HOST:PORT, e.g. https://192.168.49.160:2379");
  };
  std::string rest = url;
  if (rest.starts_with("https://")) {
    rest.erase(0, 8);
  } else if (rest.find("://") != std::string::npos) {
    throw bad("only https is supported");
  }
  if (!rest.empty() && rest.back() == '/') rest.pop_back();
  std::string host;
  std::string port_text;
  if (rest.starts_with("[")) {
    auto close = rest.find(']');
    if (close == std::string::npos || close + 1 >= rest.size() || rest[close + 1] != ':') {
      throw bad("an IPv6 address needs [ADDR]:PORT");
    }
    host = rest.substr(1, close - 1);
    port_text = rest.substr(close + 2);
  } else {
    auto colon = rest.rfind(':');
    if (colon == std::string::npos) throw bad("no port");
    host = rest.substr(0, colon);
    port_text = rest.substr(colon + 1);
  }
  if (host.empty()) throw bad("no host");
  unsigned port = 0;
  auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (ec != std::errc() || end != port_text.data() + port_text.size() || port == 0 || port > 65535) {
    throw bad("port '" + port_text + "' is not 1-65535");
  }
  return Endpoint{host, static_cast<std::uint16_t>(port)};
}

std::string to_string(const Endpoint& endpoint) {
  bool v6 = endpoint.host.find(':') != std::string::npos;
  return (v6 ? "[" + endpoint.host + "]" : endpoint.host) + ":" + std::to_string(endpoint.port);
}

std::string to_url(const Endpoint& endpoint) { return "https://" + to_string(endpoint); }

}  // namespace klab::scenarios
