#pragma once
// Where the VRRP wire watch's AF_PACKET socket listens: the lab bridge and nothing else.
// An unbound packet socket gets the frames of every interface of the network namespace,
// so another lab's VRRP adverts (the same router id is possible: it is a hash of the lab
// name) or the host uplink's ARP would count as this lab's.
//
// Bound to the bridge, the socket sees only what the bridge passes up to its own stack:
// broadcasts and frames for the bridge's MAC, but not keepalived's unicast adverts, which
// the bridge forwards from one guest's port to another's. Promiscuous membership on the
// bridge (held by the socket, dropped when it closes) makes the bridge pass those up too.
#include <linux/if_packet.h>

#include <string>

namespace klab::scenarios {

/// The interface index of the lab bridge; an infrastructure Error naming it when this
/// network namespace has no such interface (the lab is down, or klab runs outside
/// scripts/lab-env).
int bridge_index(const std::string& bridge);

/// The address that binds a packet socket to interface `ifindex` for every protocol.
sockaddr_ll packet_bind_address(int ifindex);

/// The membership that puts interface `ifindex` in promiscuous mode for this socket.
packet_mreq promiscuous_membership(int ifindex);

/// Binds `fd` (an AF_PACKET socket opened with protocol 0, so that nothing is queued
/// before this) to the bridge and makes the bridge pass up the frames it forwards.
/// Throws an infrastructure Error on failure.
void listen_on_bridge(int fd, int ifindex, const std::string& bridge);

}  // namespace klab::scenarios
