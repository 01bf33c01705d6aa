#include "provisioner/deploy/etcd_facts.hpp"

#include "provisioner/etcd/etcdctl.hpp"
#include "provisioner/render/etcd_flags.hpp"
#include "provisioner/transport/shell_quote.hpp"

namespace klab::provisioner {

HostScript etcd_probe_script(const lab::Plan& plan, const Settings& settings) {
  const std::string data = shell_quote(settings.etcd.data_dir + "/member/wal");
  const std::string key = shell_quote(etcd::guest_pki(settings.etcd).client_key);
  const std::vector<std::string> endpoints = etcd::member_client_urls(plan, settings.etcd);
  const etcd::EtcdctlTimeouts quick{1, 3};
  HostScript s;
  s.fact("has_data", "[ -n \"$(ls -A " + data + " 2>/dev/null)\" ] && echo yes || echo no");
  s.fact("active", "systemctl is-active etcd");
  s.fact("enabled", "systemctl is-enabled etcd");
  s.fact("env_klab", "grep -q '^# Rendered by klab' /etc/default/etcd && echo yes || echo no");
  s.fact("token", "sed -n 's/^ETCD_INITIAL_CLUSTER_TOKEN=\"\\(.*\\)\"$/\\1/p' /etc/default/etcd");
  s.fact("members", "[ -r " + key + " ] && " + etcd::etcdctl_command(settings, endpoints, {"member", "list", "-w", "json"}, quick));
  s.fact("health", "[ -r " + key + " ] && " + etcd::etcdctl_command(settings, endpoints, {"endpoint", "health", "-w", "json"}, quick));
  // Its own member's cluster ID: a member of a second cluster shows up even when the
  // member list came from another one. Only asked of a running member (a stopped one
  // would cost the whole command timeout).
  s.fact("status", "[ -r " + key + " ] && systemctl is-active -q etcd && " +
                       etcd::etcdctl_command(settings, {etcd::local_client_url(settings.etcd)},
                                       {"endpoint", "status", "-w", "json"}, quick));
  return s;
}

MasterProbe parse_master_probe(const std::string& host, const ScriptResult& r) {
  MasterProbe p;
  p.host = host;
  p.has_data = r.fact("has_data") == "yes";
  p.active = r.fact("active");
  p.enabled = r.fact("enabled");
  p.env_is_klabs = r.fact("env_klab") == "yes";
  p.token = r.fact("token");
  p.members = etcd::parse_member_list(r.fact("members")).list;
  p.status = etcd::parse_endpoint_status(r.fact("status"));
  p.health = etcd::parse_endpoint_health(r.fact("health"));
  return p;
}

std::optional<std::string> ClusterObservation::single_cluster_id() const {
  if (clusters.size() != 1) return std::nullopt;
  return clusters.begin()->first;
}

ClusterObservation observe_cluster(const std::vector<MasterProbe>& probes) {
  ClusterObservation out;
  bool healthy = false;
  for (const MasterProbe& p : probes) {
    if (p.has_data) out.with_data.insert(p.host);
    if (p.status) out.clusters[p.status->cluster_id].insert(p.host);
    if (p.members) {
      if (!out.members) out.members = p.members;
      // Who answered is in that cluster; when it cannot be told, the ID still counts.
      std::set<std::string>& in = out.clusters[p.members->cluster_id_hex()];
      if (const std::string who = p.members->answering_member(); !who.empty()) in.insert(who);
    }
    for (const auto& [endpoint, ok] : p.health) healthy = healthy || ok;
  }
  if (out.members) out.view = healthy ? ClusterView::healthy : ClusterView::no_quorum;
  return out;
}

MemberFacts member_facts(const MasterProbe& probe, const ClusterObservation& cluster, const lab::HostPlan& host,
                         const EtcdSettings& settings, const std::optional<std::string>& recorded_cluster_id) {
  MemberFacts f;
  f.member = host.name;
  f.has_data = probe.has_data;
  f.cluster = cluster.view;
  f.recorded_cluster_id = recorded_cluster_id;
  f.observed_clusters = cluster.clusters;
  f.members_with_data = cluster.with_data;
  if (cluster.members) {
    f.observed_cluster_id = cluster.members->cluster_id_hex();
    const etcd::Member* m = etcd::find_member(cluster.members->members, host.name, peer_url(settings, host.ip));
    f.membership = !m ? Membership::not_listed
                      : (m->started() ? Membership::listed_started : Membership::listed_unstarted);
  }
  return f;
}

}  // namespace klab::provisioner
