#include "provisioner/phases/etcd_facts.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "provisioner/etcdctl.hpp"
#include "provisioner/render/etcd_flags.hpp"
#include "provisioner/transport/shell_quote.hpp"

namespace klab::provisioner {

std::string hex_id(std::uint64_t id) { return fmt::format("{:x}", id); }

std::optional<EtcdMemberList> parse_member_list(const std::string& json) {
  if (json.empty()) return std::nullopt;
  try {
    const nlohmann::json j = nlohmann::json::parse(json);
    EtcdMemberList out;
    out.cluster_id = hex_id(j.at("header").at("cluster_id").get<std::uint64_t>());
    out.answered_by = j.at("header").value("member_id", std::uint64_t{0});
    for (const auto& m : j.value("members", nlohmann::json::array())) {
      EtcdMemberInfo info;
      info.id = m.at("ID").get<std::uint64_t>();
      info.name = m.value("name", std::string());
      info.peer_urls = m.value("peerURLs", std::vector<std::string>{});
      info.client_urls = m.value("clientURLs", std::vector<std::string>{});
      out.members.push_back(std::move(info));
    }
    return out;
  } catch (const nlohmann::json::exception&) {
    return std::nullopt;
  }
}

std::string EtcdMemberList::answering_member() const {
  for (const EtcdMemberInfo& m : members)
    if (m.id == answered_by) return m.name;
  return {};
}

std::optional<EtcdEndpointStatus> parse_endpoint_status(const std::string& json) {
  if (json.empty()) return std::nullopt;
  try {
    const nlohmann::json j = nlohmann::json::parse(json);
    if (!j.is_array() || j.empty()) return std::nullopt;
    const nlohmann::json& st = j[0].at("Status");
    const std::uint64_t id = st.at("header").at("member_id").get<std::uint64_t>();
    EtcdEndpointStatus out;
    out.cluster_id = hex_id(st.at("header").at("cluster_id").get<std::uint64_t>());
    out.member_id = hex_id(id);
    out.version = st.value("version", std::string());
    out.leader = st.value("leader", std::uint64_t{0}) == id;
    return out;
  } catch (const nlohmann::json::exception&) {
    return std::nullopt;
  }
}

std::map<std::string, bool> parse_endpoint_health(const std::string& json) {
  std::map<std::string, bool> out;
  if (json.empty()) return out;
  try {
    for (const auto& e : nlohmann::json::parse(json)) out[e.at("endpoint").get<std::string>()] = e.value("health", false);
  } catch (const nlohmann::json::exception&) {
    out.clear();
  }
  return out;
}

HostScript etcd_probe_script(const lab::Plan& plan, const Settings& settings) {
  const std::string data = shell_quote(settings.etcd.data_dir + "/member/wal");
  const std::string key = shell_quote(guest_etcd_pki(settings.etcd).client_key);
  const std::vector<std::string> endpoints = member_client_urls(plan, settings.etcd);
  const EtcdctlTimeouts quick{1, 3};
  HostScript s;
  s.fact("has_data", "[ -n \"$(ls -A " + data + " 2>/dev/null)\" ] && echo yes || echo no");
  s.fact("active", "systemctl is-active etcd");
  s.fact("enabled", "systemctl is-enabled etcd");
  s.fact("env_klab", "grep -q '^# Rendered by klab' /etc/default/etcd && echo yes || echo no");
  s.fact("token", "sed -n 's/^ETCD_INITIAL_CLUSTER_TOKEN=\"\\(.*\\)\"$/\\1/p' /etc/default/etcd");
  s.fact("members", "[ -r " + key + " ] && " + etcdctl_command(settings, endpoints, {"member", "list", "-w", "json"}, quick));
  s.fact("health", "[ -r " + key + " ] && " + etcdctl_command(settings, endpoints, {"endpoint", "health", "-w", "json"}, quick));
  // Its own member's cluster ID: a member of a second cluster shows up even when the
  // member list came from another one. Only asked of a running member (a stopped one
  // would cost the whole command timeout).
  s.fact("status", "[ -r " + key + " ] && systemctl is-active -q etcd && " +
                       etcdctl_command(settings, {local_client_url(settings.etcd)},
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
  p.members = parse_member_list(r.fact("members"));
  p.status = parse_endpoint_status(r.fact("status"));
  p.health = parse_endpoint_health(r.fact("health"));
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
      std::set<std::string>& in = out.clusters[p.members->cluster_id];
      if (const std::string who = p.members->answering_member(); !who.empty()) in.insert(who);
    }
    for (const auto& [endpoint, ok] : p.health) healthy = healthy || ok;
  }
  if (out.members) out.view = healthy ? ClusterView::healthy : ClusterView::no_quorum;
  return out;
}

const EtcdMemberInfo* find_member(const EtcdMemberList& list, const lab::HostPlan& host,
                                  const EtcdSettings& settings) {
  const std::string url = peer_url(settings, host.ip);
  for (const EtcdMemberInfo& m : list.members) {
    if (m.name == host.name) return &m;
    if (std::find(m.peer_urls.begin(), m.peer_urls.end(), url) != m.peer_urls.end()) return &m;
  }
  return nullptr;
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
    f.observed_cluster_id = cluster.members->cluster_id;
    const EtcdMemberInfo* m = find_member(*cluster.members, host, settings);
    f.membership = !m ? Membership::not_listed
                      : (m->started() ? Membership::listed_started : Membership::listed_unstarted);
  }
  return f;
}

}  // namespace klab::provisioner
