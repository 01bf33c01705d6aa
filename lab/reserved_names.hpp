#pragma once
// Names klab itself puts into the lab's DNS (libvirt's dnsmasq) and the guests'
// /etc/hosts next to the hosts' own names. A host called like one of them would make
// that name resolve to two addresses, and which one a guest gets depends on the resolver.
#include <optional>
#include <string>
#include <string_view>

namespace klab::lab {

/// The short DNS name of the keepalived virtual IP: "vip", so vip.<domain>.
inline constexpr std::string_view kVipName = "vip";

/// What `name` already stands for in the lab (for the message), or nullopt when a host
/// may use it. The /etc/hosts names mirror the header of cloud-init/etc_hosts.cpp (a test
/// there keeps the two in step).
std::optional<std::string> reserved_name_use(std::string_view name);

}  // namespace klab::lab
