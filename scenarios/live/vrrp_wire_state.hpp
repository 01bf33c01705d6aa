#pragma once
// What the frames seen on the lab network say about keepalived, at a given instant:
// a VIP host is MASTER while it keeps sending VRRP advertisements (the last one within
// `master_window`, which mirrors VRRP's own master-down interval of 3 x advert_int) and
// has not resigned with a priority-0 advertisement since; a host holds the VIP while
// ARP packets with the VIP as their sender address keep coming from its MAC (answers
// to the watch's own who-has, gratuitous ARP). BACKUP, FAULT and a stopped keepalived
// all look the same from outside (they do not advertise): VrrpState::silent.
// Pure bookkeeping with the time passed in; vrrp_wire_watch.hpp feeds it from a socket.
#include <chrono>
#include <map>
#include <span>
#include <string>
#include <vector>

#include "lab/ipv4.hpp"
#include "scenarios/cluster_view.hpp"
#include "scenarios/live/vrrp_frames.hpp"

namespace klab::scenarios {

struct VrrpWireConfig {
  std::map<std::string, std::string> host_of_mac;  // "52:54:00:..." (lower case) -> host
  std::vector<std::string> vip_hosts;              // keepalived runs here
  lab::Ipv4 vip;
  std::chrono::milliseconds master_window{3000};
  std::chrono::milliseconds holder_window{1000};
};

class VrrpWireState {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;
  explicit VrrpWireState(VrrpWireConfig config);

  /// Takes note of one received frame (anything else than VRRP or ARP is ignored).
  void on_frame(std::span<const std::uint8_t> frame, TimePoint at);

  /// MASTER or silent for every VIP host.
  std::map<std::string, VrrpState> states(TimePoint now) const;
  /// Hosts (or, for a MAC outside the lab, the MAC itself) claiming the VIP; sorted.
  std::vector<std::string> vip_holders(TimePoint now) const;

 private:
  std::string name_of(const MacAddress& mac) const;

  struct Advertiser {
    TimePoint last{};
    bool resigned = false;
  };
  VrrpWireConfig config_;
  std::map<std::string, Advertiser> advertisers_;   // by host
  std::map<std::string, TimePoint> vip_claims_;      // by host (or MAC)
};

}  // namespace klab::scenarios
