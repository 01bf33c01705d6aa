#include "scenarios/live/vrrp_wire_watch.hpp"

#include <arpa/inet.h>
#include <linux/filter.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>

#include "base/error.hpp"
#include "scenarios/live/bridge_packet_socket.hpp"

namespace klab::scenarios {

namespace {

using Clock = std::chrono::steady_clock;

[[noreturn]] void socket_error(const std::string& what) {
  throw infra_error("watching VRRP on the lab network: " + what + ": " + std::strerror(errno) +
                    " (klab scenario needs root, inside the lab's network namespace: scripts/lab-env run)");
}

/// Classic BPF: accept ARP, and IPv4 with protocol 112 (VRRP); drop everything else in
/// the kernel, so a busy host does not copy all its traffic to this process.
void attach_filter(int fd) {
  static sock_filter code[] = {
      BPF_STMT(BPF_LD | BPF_H | BPF_ABS, 12),                    // ethertype
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, ETH_P_ARP, 3, 0),      // ARP -> accept
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, ETH_P_IP, 0, 3),       // not IPv4 -> drop
      BPF_STMT(BPF_LD | BPF_B | BPF_ABS, 23),                    // IPv4 protocol
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 112, 0, 1),            // VRRP -> accept
      BPF_STMT(BPF_RET | BPF_K, 0xffff),
      BPF_STMT(BPF_RET | BPF_K, 0),
  };
  // Jump offsets above: from "ARP" 3 forward is the accept; from "IPv4" a mismatch
  // skips 3 to the drop.
  sock_fprog program{static_cast<unsigned short>(sizeof code / sizeof code[0]), code};
  if (setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &program, sizeof program) != 0) socket_error("SO_ATTACH_FILTER");
}

MacAddress interface_mac(const std::string& name) {
  std::ifstream in("/sys/class/net/" + name + "/address");
  std::string text;
  in >> text;
  const auto mac = parse_mac(text);
  if (!mac) throw infra_error("watching VRRP: cannot read the MAC address of bridge " + name);
  return *mac;
}

}  // namespace

VrrpWireWatch::VrrpWireWatch(VrrpWireWatchConfig config) : config_(std::move(config)), state_(config_.state) {
  bridge_index_ = bridge_index(config_.bridge);
  bridge_mac_ = interface_mac(config_.bridge);
  // Protocol 0: the socket receives nothing until it is bound to the bridge, so no frame
  // of another interface is queued in between.
  socket_ = ::socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (socket_ < 0) socket_error("AF_PACKET socket");
  try {
    attach_filter(socket_);
    listen_on_bridge(socket_, bridge_index_, config_.bridge);
  } catch (...) {
    ::close(socket_);
    throw;
  }
  thread_ = std::jthread([this](std::stop_token stop) { run_catching(stop); });
}

VrrpWireWatch::~VrrpWireWatch() {
  thread_.request_stop();
  if (thread_.joinable()) thread_.join();
  ::close(socket_);
}

void VrrpWireWatch::ask_for_vip() {
  const auto frame = arp_request(bridge_mac_, config_.gateway, config_.state.vip);
  sockaddr_ll to{};
  to.sll_family = AF_PACKET;
  to.sll_ifindex = bridge_index_;
  to.sll_halen = 6;
  std::memset(to.sll_addr, 0xff, 6);
  // A failed send (the bridge went away) only means no answers: the holders go stale.
  (void)::sendto(socket_, frame.data(), frame.size(), 0, reinterpret_cast<sockaddr*>(&to), sizeof to);
}

void VrrpWireWatch::receive_pending() {
  std::uint8_t buffer[2048];
  while (true) {
    sockaddr_ll from{};
    socklen_t from_len = sizeof from;
    const ssize_t n = ::recvfrom(socket_, buffer, sizeof buffer, 0, reinterpret_cast<sockaddr*>(&from), &from_len);
    if (n <= 0) return;  // EAGAIN: drained
    if (from.sll_pkttype == PACKET_OUTGOING) continue;  // our own who-has, or a copy leaving a tap
    std::lock_guard lock(mutex_);
    state_.on_frame(std::span<const std::uint8_t>(buffer, static_cast<std::size_t>(n)), Clock::now());
  }
}

void VrrpWireWatch::run(std::stop_token stop) {
  auto next_ask = Clock::now();
  while (!stop.stop_requested()) {
    if (Clock::now() >= next_ask) {
      ask_for_vip();
      next_ask += config_.arp_interval;
      if (next_ask < Clock::now()) next_ask = Clock::now() + config_.arp_interval;
    }
    const auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(next_ask - Clock::now());
    pollfd p{socket_, POLLIN, 0};
    // Bounded wait: the stop request is noticed within one ARP interval.
    if (::poll(&p, 1, static_cast<int>(std::max<std::int64_t>(wait.count(), 0))) > 0) receive_pending();
  }
}

// Nothing may leave the thread (std::terminate): a failure ends the watch and every
// later reading says why, instead of reporting ever staler states as the truth.
void VrrpWireWatch::run_catching(std::stop_token stop) noexcept {
  try {
    run(stop);
  } catch (...) {
    std::lock_guard lock(mutex_);
    failure_ = std::current_exception();
  }
}

void VrrpWireWatch::throw_if_failed() const {
  if (failure_) throw infra_error("the VRRP wire watch on " + config_.bridge + " stopped: " + exception_text(failure_));
}

std::map<std::string, VrrpState> VrrpWireWatch::states() const {
  std::lock_guard lock(mutex_);
  throw_if_failed();
  return state_.states(Clock::now());
}

std::vector<std::string> VrrpWireWatch::vip_holders() const {
  std::lock_guard lock(mutex_);
  throw_if_failed();
  return state_.vip_holders(Clock::now());
}

}  // namespace klab::scenarios
