#pragma once
// The catalogue: every certificate and kubeconfig a Plan needs, as data. Pure and
// deterministic — the same plan always gives the same list, in the same order (CAs
// first, then the leaves each CA signs), so ensure and check agree on what "complete"
// means and a topology change shows up as a changed CertSpec.
#include <string>
#include <vector>

#include "lab/plan.hpp"
#include "provisioner/pki/cert_spec.hpp"

namespace klab::provisioner::pki {

inline constexpr int ca_validity_days = 3650;    // 10 years
inline constexpr int leaf_validity_days = 365;   // 1 year, as kubeadm
/// First address of the default service CIDR 10.96.0.0/12: the `kubernetes` Service.
inline constexpr const char* kubernetes_service_ip = "10.96.0.1";
inline constexpr const char* cluster_domain = "cluster.local";
inline constexpr int apiserver_port = 6443;

/// The spec of one CA (subject, 10 years, file id).
CertSpec ca_spec(CaId ca);

/// Every certificate the plan needs: the three CAs, then the leaves.
std::vector<CertSpec> required_certs(const lab::Plan& plan);

struct KubeconfigSpec {
  std::string id;        // "admin", "kubelet-kube-master1"; file kubeconfigs/<id>.conf
  std::string user;      // the user entry's name: the certificate's CN
  std::string cert_id;   // the CertSpec id of the embedded client certificate
  std::string file() const { return "kubeconfigs/" + id + ".conf"; }
};

/// admin, controller-manager, scheduler, kube-proxy and one per kubelet (masters and
/// workers; the LB runs no kubelet).
std::vector<KubeconfigSpec> required_kubeconfigs(const lab::Plan& plan);

/// https://<VIP>:6443, or the first master's address when the lab has no VIP.
std::string apiserver_url(const lab::Plan& plan);

}  // namespace klab::provisioner::pki
