#include "provisioner/pki/cert_spec.hpp"

namespace klab::provisioner::pki {

std::string to_string(CaId ca) {
  switch (ca) {
    case CaId::kubernetes: return "kubernetes-ca";
    case CaId::etcd: return "etcd-ca";
    case CaId::front_proxy: return "front-proxy-ca";
  }
  return "unknown-ca";
}

San dns_san(const std::string& name) { return "DNS:" + name; }
San ip_san(const std::string& address) { return "IP:" + address; }

}  // namespace klab::provisioner::pki
