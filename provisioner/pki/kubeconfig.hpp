#pragma once
// Kubeconfig files (clientcmd v1 Config) with the CA, client certificate and key
// embedded as *-data fields, so each file is self-contained and can be copied to a
// host as is. Emitted with yaml-cpp.
#include <string>

namespace klab::provisioner::pki {

struct KubeconfigContent {
  std::string cluster;   // cluster and context names use the lab name
  std::string server;    // https://<VIP>:6443
  std::string user;      // kubernetes-admin, system:node:kube-master1, ...
  std::string ca_pem;
  std::string cert_pem;
  std::string key_pem;
};

/// Deterministic: the same content gives byte-identical YAML, so an unchanged
/// kubeconfig is recognised (and reused) by comparing text.
std::string render_kubeconfig(const KubeconfigContent& content);

}  // namespace klab::provisioner::pki
