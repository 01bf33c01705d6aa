#include "provisioner/transport/ssh_factory.hpp"

#include "provisioner/lab_targets.hpp"
#include "provisioner/transport/ssh_transport.hpp"

namespace klab::provisioner {

TransportFactory ssh_transport_factory(const cloudinit::LabKeys& keys) {
  return [&keys](const lab::HostPlan& host) -> std::unique_ptr<Transport> {
    return std::make_unique<SshTransport>(ssh_target_for(host, keys));
  };
}

}  // namespace klab::provisioner
