#include "provisioner/render/etcd_flags.hpp"

#include <algorithm>

#include "base/error.hpp"
#include "provisioner/render/lab_view.hpp"
#include "base/strings.hpp"

namespace klab::provisioner {

std::vector<EtcdMember> etcd_members(const lab::Plan& plan) {
  std::vector<EtcdMember> out;
  for (const lab::HostPlan* h : etcd_hosts(plan)) out.push_back({h->name, h->ip});
  return out;
}

std::string make_cluster_token(const std::string& lab, const std::string& nonce) {
  return "klab-" + lab + "-" + nonce;
}

std::string peer_url(const EtcdSettings& settings, lab::Ipv4 ip) {
  return "https://" + ip.str() + ":" + std::to_string(settings.peer_port);
}

std::string client_url(const EtcdSettings& settings, lab::Ipv4 ip) {
  return "https://" + ip.str() + ":" + std::to_string(settings.client_port);
}

std::string initial_cluster(const EtcdSettings& settings, const std::vector<EtcdMember>& members) {
  return base::join(members, ",", [&](const EtcdMember& m) { return m.name + "=" + peer_url(settings, m.ip); });
}

FlagList etcd_flags(const Settings& settings, const lab::HostPlan& host,
                    const EtcdClusterSpec& spec) {
  const EtcdSettings& e = settings.etcd;
  if (host.role != lab::Role::master) {
    throw usage_error("cannot render etcd for " + host.name + ": etcd runs on masters only");
  }
  const bool listed = std::any_of(spec.initial_cluster.begin(), spec.initial_cluster.end(),
                                  [&](const EtcdMember& m) { return m.name == host.name; });
  if (!listed) {
    throw usage_error("cannot render etcd for " + host.name +
                      ": it is not in the initial "
                      "cluster (" +
                      initial_cluster(e, spec.initial_cluster) + ")");
  }
  if (spec.token.empty()) {
    throw usage_error("cannot render etcd for " + host.name + ": no initial-cluster-token");
  }
  const std::string pki = e.pki_dir + "/";
  const std::string local = "https://127.0.0.1:" + std::to_string(e.client_port);
  return {
      {"name", host.name},
      {"data-dir", e.data_dir},
      // The host address and loopback only, never 0.0.0.0: haproxy binds the VIP's port
      // 2379 on the same machine.
      {"listen-client-urls", client_url(e, host.ip) + "," + local},
      {"advertise-client-urls", client_url(e, host.ip)},
      {"listen-peer-urls", peer_url(e, host.ip)},
      {"initial-advertise-peer-urls", peer_url(e, host.ip)},
      {"listen-metrics-urls", "http://127.0.0.1:" + std::to_string(e.metrics_port)},
      {"initial-cluster", initial_cluster(e, spec.initial_cluster)},
      {"initial-cluster-state", to_string(spec.state)},
      {"initial-cluster-token", spec.token},
      {"cert-file", pki + "server.crt"},
      {"key-file", pki + "server.key"},
      {"trusted-ca-file", pki + "ca.crt"},
      {"client-cert-auth", "true"},
      {"peer-cert-file", pki + "peer.crt"},
      {"peer-key-file", pki + "peer.key"},
      {"peer-trusted-ca-file", pki + "ca.crt"},
      {"peer-client-cert-auth", "true"},
      {"heartbeat-interval", std::to_string(e.heartbeat_interval_ms)},
      {"election-timeout", std::to_string(e.election_timeout_ms)},
      {"pre-vote", e.pre_vote ? "true" : "false"},
      {"snapshot-count", std::to_string(e.snapshot_count)},
      {"quota-backend-bytes", std::to_string(e.quota_backend_bytes)},
      {"auto-compaction-mode", to_string(e.auto_compaction_mode)},
      {"auto-compaction-retention", e.auto_compaction_retention},
      {"logger", "zap"},
      {"log-outputs", "stderr"},
  };
}

}  // namespace klab::provisioner
