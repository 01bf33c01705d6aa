#include "lab/presets.hpp"

#include "base/strings.hpp"

namespace klab::lab {

namespace {

const char* const ha_yaml = R"(# klab topology: an HA Kubernetes lab — a load balancer in front of three masters.
# Every field is documented in `klab --help` and the README. Validate with `klab plan`.
name: ha                       # lab name; libvirt objects are named klab-<name>-*
libvirt:
  uri: qemu:///system          # libvirt connection; a host may override it with uri:
  accel: auto                  # auto | kvm | tcg (auto falls back to TCG when KVM is unusable)
image: debian-12               # an image from the local cache (`klab image build`)
network:
  subnet: 192.168.49.0/24
  gateway: 192.168.49.1        # the host side of the lab bridge; runs the lab's DNS (dnsmasq)
  domain: example.com          # host FQDNs are <name>.<domain>
  vip: 192.168.49.160          # keepalived virtual IP in front of the apiservers and etcd
  mode: nat                    # nat | isolated
defaults: {vcpus: 2, memory: 2048, disk: 20}   # per host unless overridden; MiB, GiB
hosts:
  - {name: kube-master,  role: lb,     ip: 192.168.49.150, vcpus: 1, memory: 1024}
  - {name: kube-master1, role: master, ip: 192.168.49.151}
  - {name: kube-master2, role: master, ip: 192.168.49.152}
  - {name: kube-master3, role: master, ip: 192.168.49.153}
)";

const char* const single_yaml = R"(# klab topology: a single master, no load balancer, no VIP.
name: single                   # lab name; libvirt objects are named klab-<name>-*
libvirt:
  uri: qemu:///system
  accel: auto                  # auto | kvm | tcg
image: debian-12               # an image from the local cache (`klab image build`)
network:
  subnet: 192.168.50.0/24
  gateway: 192.168.50.1
  domain: example.com
  mode: nat                    # nat | isolated
defaults: {vcpus: 2, memory: 2048, disk: 20}   # MiB, GiB
hosts:
  - {name: kube-single, role: master, ip: 192.168.50.151}
)";

}  // namespace

const std::vector<Preset>& presets() {
  static const std::vector<Preset> all = {
      {"ha", "load balancer + 3 masters, keepalived VIP (192.168.49.150-153, VIP .160)", ha_yaml},
      {"single", "one master, no load balancer, no VIP (192.168.50.151)", single_yaml},
  };
  return all;
}

std::optional<Preset> find_preset(const std::string& name) {
  for (const auto& p : presets())
    if (p.name == name) return p;
  return std::nullopt;
}

std::string preset_names() {
  return base::join(presets(), ", ", [](const auto& p) { return p.name; });
}

}  // namespace klab::lab
