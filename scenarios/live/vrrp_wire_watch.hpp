#pragma once
// VrrpWireWatch: keepalived's MASTER and the VIP holder as seen from the host, with no
// command run in any guest. One AF_PACKET socket bound to the lab bridge, with a kernel
// filter that passes only ARP and VRRP, sees every frame the guests send across the
// bridge and no other interface's (bridge_packet_socket.hpp: keepalived's unicast
// advertisements need the bridge in promiscuous mode to be seen there); every
// `arp_interval` the watch asks "who has the VIP?" on the bridge.
// One thread; readers get the state as of now (vrrp_wire_state.hpp).
//
// Why not ask each guest over SSH: a TCG guest needs seconds per command when four
// share two cores, so a poller either reports stale states or starves the very guests
// it watches; and a frozen or destroyed host cannot answer at all.
#include <chrono>
#include <exception>
#include <mutex>
#include <stop_token>
#include <string>
#include <thread>

#include "scenarios/live/vrrp_wire_state.hpp"

namespace klab::scenarios {

struct VrrpWireWatchConfig {
  VrrpWireConfig state;
  std::string bridge;    // the lab bridge: ARP requests go out here
  lab::Ipv4 gateway;     // the bridge's own address, the sender of the who-has
  std::chrono::milliseconds arp_interval{200};
};

class VrrpWireWatch {
 public:
  /// Opens the socket on the bridge (needs CAP_NET_RAW) and starts the thread; throws an
  /// infrastructure Error naming the bridge when it is not there, or the socket fails.
  explicit VrrpWireWatch(VrrpWireWatchConfig config);
  ~VrrpWireWatch();
  VrrpWireWatch(const VrrpWireWatch&) = delete;
  VrrpWireWatch& operator=(const VrrpWireWatch&) = delete;

  std::map<std::string, VrrpState> states() const;
  std::vector<std::string> vip_holders() const;

 private:
  void run(std::stop_token stop);
  void run_catching(std::stop_token stop) noexcept;
  void throw_if_failed() const;  // callers hold mutex_
  void ask_for_vip();
  void receive_pending();

  VrrpWireWatchConfig config_;
  int socket_ = -1;
  int bridge_index_ = 0;
  MacAddress bridge_mac_{};
  mutable std::mutex mutex_;
  VrrpWireState state_;
  std::exception_ptr failure_;  // what ended the thread; readers rethrow it
  std::jthread thread_;
};

}  // namespace klab::scenarios
