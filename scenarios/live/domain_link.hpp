#pragma once
// The link state of a host's lab NIC as libvirt reports it in the live domain XML
// (<interface><mac address=.../><link state='down'/></interface>): what a link-down
// fault set, read back for its verification and for leftovers().
#include <optional>
#include <string>

namespace klab::scenarios {

/// true: up (no <link> element means up), false: down; nullopt when the domain XML has
/// no interface with `mac`. Throws an infrastructure Error for XML that does not parse.
std::optional<bool> interface_link_up(const std::string& domain_xml, const std::string& mac);

}  // namespace klab::scenarios
