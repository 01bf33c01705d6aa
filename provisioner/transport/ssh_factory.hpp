#pragma once
// The real TransportFactory: an SshTransport per host (libssh, the lab's key, the host's
// pinned key), from provisioner/lab_targets.hpp.
#include "cloud-init/lab_keys.hpp"
#include "provisioner/transport/host_transports.hpp"

namespace klab::provisioner {

/// `keys` must outlive the factory's use.
TransportFactory ssh_transport_factory(const cloudinit::LabKeys& keys);

}  // namespace klab::provisioner
