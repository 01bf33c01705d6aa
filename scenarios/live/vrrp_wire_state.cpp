#include "scenarios/live/vrrp_wire_state.hpp"

#include <algorithm>

namespace klab::scenarios {

VrrpWireState::VrrpWireState(VrrpWireConfig config) : config_(std::move(config)) {}

std::string VrrpWireState::name_of(const MacAddress& mac) const {
  const std::string text = mac_string(mac);
  auto it = config_.host_of_mac.find(text);
  return it != config_.host_of_mac.end() ? it->second : text;
}

void VrrpWireState::on_frame(std::span<const std::uint8_t> frame, TimePoint at) {
  if (const auto advert = parse_vrrp_advert(frame)) {
    const std::string host = name_of(advert->source_mac);
    if (std::find(config_.vip_hosts.begin(), config_.vip_hosts.end(), host) == config_.vip_hosts.end()) return;
    Advertiser& a = advertisers_[host];
    a.last = at;
    a.resigned = advert->priority == 0;
  } else if (const auto arp = parse_arp_sender(frame)) {
    if (arp->ip == config_.vip) vip_claims_[name_of(arp->mac)] = at;
  }
}

std::map<std::string, VrrpState> VrrpWireState::states(TimePoint now) const {
  std::map<std::string, VrrpState> out;
  for (const std::string& host : config_.vip_hosts) {
    auto it = advertisers_.find(host);
    const bool advertising = it != advertisers_.end() && !it->second.resigned &&
                             it->second.last != TimePoint{} && now - it->second.last <= config_.master_window;
    out[host] = advertising ? VrrpState::master : VrrpState::silent;
  }
  return out;
}

std::vector<std::string> VrrpWireState::vip_holders(TimePoint now) const {
  std::vector<std::string> out;
  for (const auto& [who, last] : vip_claims_)
    if (now - last <= config_.holder_window) out.push_back(who);
  return out;  // std::map keeps them sorted
}

}  // namespace klab::scenarios
