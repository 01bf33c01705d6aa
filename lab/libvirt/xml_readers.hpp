#pragma once
// Reading back what libvirt reports: pure functions over XML text, so each is
// unit-tested on fixtures without a daemon.
#include <optional>
#include <string>
#include <vector>

#include "lab/ipv4.hpp"
#include "lab/libvirt/snapshot_xml.hpp"

namespace klab::lab::libvirt {

/// Every IPv4 subnet a network XML declares (<ip address= netmask=|prefix=>).
std::vector<Cidr> network_subnets(const std::string& network_xml);

/// The UUID element of a domain/network/pool XML ("" when absent).
std::string xml_uuid(const std::string& object_xml);

/// Returns `rendered_xml` with <uuid> set right after <name>: redefining an existing
/// object must keep its UUID or libvirt refuses the definition.
std::string with_uuid(const std::string& rendered_xml, const std::string& uuid);

/// The host-side device (<target dev>) of the interface with `mac` in a live domain
/// XML; nullopt when the domain is not running or has no such interface.
std::optional<std::string> interface_device(const std::string& domain_xml, const std::string& mac);

/// Whether the link of the interface with `mac` is up (no <link state='down'/>);
/// nullopt when there is no such interface.
std::optional<bool> interface_link_up(const std::string& domain_xml, const std::string& mac);

/// The <interface> element with `mac`, with <link state> set to up/down: the device
/// XML virDomainUpdateDeviceFlags expects. nullopt when there is no such interface.
std::optional<std::string> interface_with_link(const std::string& domain_xml,
                                               const std::string& mac, bool up);

/// The disks of a domain XML for a snapshot: writable file disks included,
/// read-only ones (the seed) excluded.
std::vector<SnapshotDisk> snapshot_disks(const std::string& domain_xml);

}  // namespace klab::lab::libvirt
