#include "provisioner/pki/catalog.hpp"

#include "base/error.hpp"

namespace klab::provisioner::pki {

namespace {

using lab::HostPlan;
using lab::Role;

constexpr Usage server_client{.server = true, .client = true};
constexpr Usage client_only{.server = false, .client = true};

std::vector<const HostPlan*> hosts_of(const lab::Plan& plan, Role role) {
  std::vector<const HostPlan*> out;
  for (const HostPlan& h : plan.hosts)
    if (h.role == role) out.push_back(&h);
  return out;
}

void add_host_names(std::set<San>& sans, const HostPlan& host) {
  sans.insert(dns_san(host.name));
  sans.insert(dns_san(host.fqdn));
  sans.insert(ip_san(host.ip.str()));
}

void add_loopback(std::set<San>& sans) {
  sans.insert(dns_san("localhost"));
  sans.insert(ip_san("127.0.0.1"));
}

void add_vip(std::set<San>& sans, const lab::NetworkPlan& net) {
  if (!net.vip) return;
  sans.insert(ip_san(net.vip->str()));
  if (!net.vip_fqdn.empty()) sans.insert(dns_san(net.vip_fqdn));
}

CertSpec leaf(std::string id, std::string purpose, std::string cn, CaId ca, Usage usage,
              std::vector<std::string> orgs = {}) {
  CertSpec s;
  s.id = std::move(id);
  s.purpose = std::move(purpose);
  s.common_name = std::move(cn);
  s.organizations = std::move(orgs);
  s.ca = ca;
  s.usage = usage;
  s.validity_days = leaf_validity_days;
  return s;
}

CertSpec apiserver_serving(const lab::Plan& plan) {
  CertSpec s = leaf("apiserver", "kube-apiserver serving certificate", "kube-apiserver",
                    CaId::kubernetes, {.server = true, .client = false});
  const std::string svc = "kubernetes.default.svc";
  for (const std::string& n : {std::string("kubernetes"), std::string("kubernetes.default"), svc,
                               svc + "." + cluster_domain})
    s.sans.insert(dns_san(n));
  s.sans.insert(ip_san(kubernetes_service_ip));
  add_vip(s.sans, plan.network);
  for (const HostPlan* h : hosts_of(plan, Role::lb)) add_host_names(s.sans, *h);
  for (const HostPlan* h : hosts_of(plan, Role::master)) add_host_names(s.sans, *h);
  add_loopback(s.sans);
  return s;
}

void add_etcd(std::vector<CertSpec>& out, const lab::Plan& plan) {
  for (const HostPlan* h : hosts_of(plan, Role::master)) {
    CertSpec server = leaf("etcd/" + h->name + "-server", "etcd client-facing TLS on " + h->name,
                           h->name, CaId::etcd, server_client);
    add_host_names(server.sans, *h);
    add_loopback(server.sans);
    CertSpec peer = server;
    peer.id = "etcd/" + h->name + "-peer";
    peer.purpose = "etcd peer TLS (2380) on " + h->name;
    // Clients reaching a member through haproxy on the VIP (VIP:2379, TCP passthrough)
    // verify the member's server certificate against the VIP.
    add_vip(server.sans, plan.network);
    out.push_back(std::move(server));
    out.push_back(std::move(peer));
  }
  out.push_back(leaf("etcd/healthcheck-client", "etcdctl health checks and klab etcdctl",
                     "kube-etcd-healthcheck-client", CaId::etcd, client_only));
  out.push_back(leaf("apiserver-etcd-client", "kube-apiserver to etcd", "kube-apiserver-etcd-client",
                     CaId::etcd, client_only));
  std::vector<const HostPlan*> lbs = hosts_of(plan, Role::lb);
  for (const HostPlan* h : lbs) {
    CertSpec proxy = leaf("etcd/" + h->name + "-proxy-server", "etcd gRPC proxy serving on " + h->name,
                          h->name, CaId::etcd, server_client);
    add_host_names(proxy.sans, *h);
    add_vip(proxy.sans, plan.network);
    add_loopback(proxy.sans);
    out.push_back(std::move(proxy));
  }
  if (!lbs.empty())
    // No CN: etcd's grpc-proxy refuses to start with a client certificate that has one
    // ("cert has non empty Common Name"), as with auth on the CN would become the user
    // of every proxied request. The subject is O=etcd-grpc-proxy instead.
    out.push_back(leaf("etcd/proxy-client", "etcd gRPC proxy to the etcd members", "", CaId::etcd,
                       client_only, {"etcd-grpc-proxy"}));
}

void add_kubernetes(std::vector<CertSpec>& out, const lab::Plan& plan) {
  out.push_back(apiserver_serving(plan));
  out.push_back(leaf("apiserver-kubelet-client", "kube-apiserver to the kubelets",
                     "kube-apiserver-kubelet-client", CaId::kubernetes, client_only,
                     {"system:masters"}));
  out.push_back(leaf("front-proxy-client", "kube-apiserver to aggregated API servers",
                     "front-proxy-client", CaId::front_proxy, client_only));
  out.push_back(leaf("clients/admin", "cluster administrator (kubectl)", "kubernetes-admin",
                     CaId::kubernetes, client_only, {"system:masters"}));
  out.push_back(leaf("clients/controller-manager", "kube-controller-manager",
                     "system:kube-controller-manager", CaId::kubernetes, client_only));
  out.push_back(leaf("clients/scheduler", "kube-scheduler", "system:kube-scheduler",
                     CaId::kubernetes, client_only));
  out.push_back(leaf("clients/kube-proxy", "kube-proxy", "system:kube-proxy", CaId::kubernetes,
                     client_only));
  for (const HostPlan& h : plan.hosts) {
    if (h.role == Role::lb) continue;
    out.push_back(leaf("clients/kubelet-" + h.name, "kubelet on " + h.name + " to the apiserver",
                       "system:node:" + h.name, CaId::kubernetes, client_only, {"system:nodes"}));
  }
}

}  // namespace

CertSpec ca_spec(CaId ca) {
  CertSpec s;
  s.is_ca = true;
  s.ca = ca;
  s.common_name = to_string(ca);
  s.validity_days = ca_validity_days;
  switch (ca) {
    case CaId::kubernetes:
      s.id = "ca";
      s.purpose = "cluster CA: apiserver, kubelets, components, admin";
      break;
    case CaId::etcd:
      s.id = "etcd/ca";
      s.purpose = "etcd CA: members, peers, etcd clients, the LB's etcd proxy";
      break;
    case CaId::front_proxy:
      s.id = "front-proxy-ca";
      s.purpose = "front-proxy CA: API aggregation";
      break;
  }
  return s;
}

std::vector<CertSpec> required_certs(const lab::Plan& plan) {
  std::vector<CertSpec> out{ca_spec(CaId::kubernetes), ca_spec(CaId::etcd),
                            ca_spec(CaId::front_proxy)};
  add_etcd(out, plan);
  add_kubernetes(out, plan);
  return out;
}

std::vector<KubeconfigSpec> required_kubeconfigs(const lab::Plan& plan) {
  std::vector<KubeconfigSpec> out{
      {"admin", "kubernetes-admin", "clients/admin"},
      {"controller-manager", "system:kube-controller-manager", "clients/controller-manager"},
      {"scheduler", "system:kube-scheduler", "clients/scheduler"},
      {"kube-proxy", "system:kube-proxy", "clients/kube-proxy"},
  };
  for (const HostPlan& h : plan.hosts)
    if (h.role != Role::lb)
      out.push_back({"kubelet-" + h.name, "system:node:" + h.name, "clients/kubelet-" + h.name});
  return out;
}

std::string apiserver_url(const lab::Plan& plan) {
  if (plan.network.vip) return "https://" + plan.network.vip->str() + ":" + std::to_string(apiserver_port);
  for (const HostPlan& h : plan.hosts)
    if (h.role == Role::master) return "https://" + h.ip.str() + ":" + std::to_string(apiserver_port);
  throw usage_error("lab '" + plan.lab +
                    "' has neither a VIP nor a master: kubeconfigs need an apiserver address; "
                    "add a host with role master");
}

}  // namespace klab::provisioner::pki
