#include "scenarios/live/bridge_packet_socket.hpp"

#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <net/if.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>

#include "base/error.hpp"

namespace klab::scenarios {

int bridge_index(const std::string& bridge) {
  const unsigned index = if_nametoindex(bridge.c_str());
  if (index == 0)
    throw infra_error("watching VRRP: the lab bridge " + bridge + " does not exist here (" +
                      std::strerror(errno) + "): bring the lab up with `klab up`, and run klab inside the "
                      "lab's network namespace (scripts/lab-env run)");
  return static_cast<int>(index);
}

sockaddr_ll packet_bind_address(int ifindex) {
  sockaddr_ll address{};
  address.sll_family = AF_PACKET;
  address.sll_protocol = htons(ETH_P_ALL);  // reception starts here, on this interface only
  address.sll_ifindex = ifindex;
  return address;
}

packet_mreq promiscuous_membership(int ifindex) {
  packet_mreq membership{};
  membership.mr_ifindex = ifindex;
  membership.mr_type = PACKET_MR_PROMISC;
  return membership;
}

void listen_on_bridge(int fd, int ifindex, const std::string& bridge) {
  const sockaddr_ll address = packet_bind_address(ifindex);
  if (::bind(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0)
    throw infra_error("watching VRRP: cannot bind to the lab bridge " + bridge + ": " + std::strerror(errno));
  const packet_mreq membership = promiscuous_membership(ifindex);
  if (::setsockopt(fd, SOL_PACKET, PACKET_ADD_MEMBERSHIP, &membership, sizeof membership) != 0)
    throw infra_error("watching VRRP: cannot see the frames the lab bridge " + bridge +
                      " forwards (PACKET_MR_PROMISC): " + std::strerror(errno));
}

}  // namespace klab::scenarios
