#pragma once
// /etc/hosts for the lab's guests: every lab host and the VIP by FQDN and short name.
// Written through cloud-init write_files (manage_etc_hosts stays off, its template
// only knows the host itself), so every host resolves every other one even when the
// lab's dnsmasq is unreachable, which failure scenarios cause on purpose.
#include <string>

#include "lab/plan.hpp"

namespace klab::cloudinit {

/// The file's full text. Each host maps to its lab address (not 127.0.1.1) so that
/// `hostname -i` and services resolving their own name get the address peers use.
std::string render_etc_hosts(const lab::Plan& plan);

}  // namespace klab::cloudinit
