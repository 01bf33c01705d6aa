#pragma once
// FakeEtcd: a simulated etcd cluster behind the FakeHosts of the masters, enough to drive
// the etcd phase through its decisions: members start from the /etc/default/etcd the
// phase uploaded (new: bootstrap; existing: join a cluster that lists them), stop, lose
// their data, are member-added and -removed; the probe facts (data dir, service state,
// member list, status and health JSON as etcdctl prints them) come from that state. As
// etcd 3.4 does, a member serves clients (member list, status) only once it has been
// ready since its start, i.e. saw a quorum: a bootstrap that never reached one answers
// nothing, a formed cluster that lost its quorum still lists its members; a name is
// published in the member list only with a quorum. Protocol violations a real etcd would
// reject (join without being listed, `new` next to an existing cluster) are collected in
// errors().
#include <fmt/format.h>

#include <functional>
#include <map>
#include <optional>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "fakes/fake_transport.hpp"
#include "lab/plan.hpp"
#include "provisioner/render/etcd_flags.hpp"
#include "provisioner/settings.hpp"

namespace klab::provisioner::fakes {

class FakeEtcd {
 public:
  struct Member {
    std::uint64_t id = 0;
    std::string name;  // empty: added, or started but never saw a quorum
    std::string peer_url;
    std::string client_url;
    std::string host;  // where it started (empty: not yet)
  };

  FakeEtcd(FakeLab& lab, const lab::Plan& plan, const Settings& settings) : lab_(lab), settings_(settings) {
    for (const lab::HostPlan& h : plan.hosts) {
      if (h.role != lab::Role::master) continue;
      masters_[h.name] = &h;
      FakeHost& f = lab.host(h.name);
      f.fact_fns["has_data"] = [this, n = h.name] { return data_.contains(n) ? "yes" : "no"; };
      f.fact_fns["active"] = [this, n = h.name] { return running_.contains(n) ? "active" : "inactive"; };
      f.fact_fns["enabled"] = [this, n = h.name] { return enabled_.contains(n) ? "enabled" : "disabled"; };
      f.fact_fns["env_klab"] = [&f] {
        auto it = f.files.find("/etc/default/etcd");
        return it != f.files.end() && it->second.content.find("# Rendered by klab") != std::string::npos ? "yes" : "no";
      };
      f.fact_fns["token"] = [&f] { return env_value(f, "ETCD_INITIAL_CLUSTER_TOKEN"); };
      f.fact_fns["health"] = [this] { return health_json(); };
      f.fact_fns["status"] = [this, n = h.name] { return status_json(n); };
      f.hooks.push_back({"systemctl restart etcd", [this, n = h.name](const std::string&) { start(n); }});
      f.hooks.push_back({"systemctl stop etcd", [this, n = h.name](const std::string&) { stop(n); }});
      f.hooks.push_back({"systemctl enable -q etcd", [this, n = h.name](const std::string&) { enabled_.insert(n); }});
      f.hooks.push_back({"rm -rf " + settings.etcd.data_dir, [this, n = h.name](const std::string&) { data_.erase(n); }});
      f.hooks.push_back({"'member' 'remove'", [this](const std::string& cmd) { member_remove(cmd); }});
      f.hooks.push_back({"'member' 'add'", [this](const std::string& cmd) { member_add(cmd); }});
    }
    // Through haproxy on the VIP and through the LB's gRPC proxy: healthy with a quorum.
    for (const lab::HostPlan& h : plan.hosts) {
      lab.host(h.name).fact_fns["members"] = [this] { return member_list_json(); };
      for (const char* key : {"vip_health", "proxy_health"})
        lab.host(h.name).fact_fns[key] = [this] {
          return fmt::format("[{{\"endpoint\":\"https://vip\",\"health\":{}}}]", quorum() ? "true" : "false");
        };
    }
  }

  const std::vector<std::string>& errors() const { return errors_; }
  std::optional<std::uint64_t> cluster_id() const { return cluster_id_; }
  std::string cluster_id_hex() const { return cluster_id_ ? fmt::format("{:x}", *cluster_id_) : ""; }
  const std::vector<Member>& members() const { return members_; }
  bool running(const std::string& host) const { return running_.contains(host); }
  int starts(const std::string& host) const { return starts_.contains(host) ? starts_.at(host) : 0; }

  /// What `systemctl start etcd` on `host` does, for a test playing the operator.
  void start_service(const std::string& host) { start(host); }

  /// Faults a test injects.
  void stop(const std::string& host) {
    running_.erase(host);
    ready_.erase(host);
  }
  void lose_data(const std::string& host) {
    stop(host);
    data_.erase(host);
  }
  /// The cluster vanished entirely (a recreated lab): no data, nothing running.
  void wipe_everything() {
    running_.clear();
    ready_.clear();
    data_.clear();
    members_.clear();
    cluster_id_.reset();
  }

 private:
  static std::string env_value(const FakeHost& f, const std::string& key) {
    auto it = f.files.find("/etc/default/etcd");
    if (it == f.files.end()) return "";
    std::smatch m;
    const std::regex re(key + "=\"([^\"]*)\"");
    return std::regex_search(it->second.content, m, re) ? m[1].str() : "";
  }

  Member* by_peer(const std::string& url) {
    for (Member& m : members_)
      if (m.peer_url == url) return &m;
    return nullptr;
  }

  void start(const std::string& host) {
    ++starts_[host];
    FakeHost& f = lab_.host(host);
    const lab::HostPlan& h = *masters_.at(host);
    const std::string peer = peer_url(settings_.etcd, h.ip);
    if (data_.contains(host)) {  // restart with data: rejoin as is
      running_.insert(host);
      publish();
      return;
    }
    const std::string state = env_value(f, "ETCD_INITIAL_CLUSTER_STATE");
    if (state == "new") {
      const std::uint64_t id = std::hash<std::string>{}(env_value(f, "ETCD_INITIAL_CLUSTER_TOKEN")) >> 1;
      if (cluster_id_ && *cluster_id_ != id) {
        errors_.push_back(host + " bootstrapped a second cluster next to " + cluster_id_hex());
        return;
      }
      if (!cluster_id_) {
        cluster_id_ = id;
        const std::string initial = env_value(f, "ETCD_INITIAL_CLUSTER");
        const std::regex item("([^=,]+)=([^,]+)");
        for (auto it = std::sregex_iterator(initial.begin(), initial.end(), item); it != std::sregex_iterator(); ++it)
          members_.push_back(Member{next_id_++, "", (*it)[2].str(), "", ""});
      }
    } else if (!cluster_id_ || !by_peer(peer)) {
      errors_.push_back(host + " started with `existing` but the cluster does not list it");
      return;
    }
    Member* m = by_peer(peer);
    if (!m) {
      errors_.push_back(host + " is not in its own --initial-cluster");
      return;
    }
    m->host = host;
    data_.insert(host);
    running_.insert(host);
    publish();
  }

  // With a quorum, every running member is ready and its name and client URL are in the
  // member list.
  void publish() {
    if (!quorum()) return;
    for (Member& m : members_) {
      if (m.host.empty() || !running_.contains(m.host)) continue;
      m.name = m.host;
      m.client_url = client_url(settings_.etcd, masters_.at(m.host)->ip);
      ready_.insert(m.host);
    }
  }

  const Member* serving() const {
    for (const Member& m : members_)
      if (!m.host.empty() && ready_.contains(m.host)) return &m;
    return nullptr;
  }

  void member_remove(const std::string& cmd) {
    std::smatch m;
    if (!std::regex_search(cmd, m, std::regex("'remove' '([0-9a-f]+)'"))) return;
    const std::uint64_t id = std::stoull(m[1].str(), nullptr, 16);
    std::erase_if(members_, [&](const Member& x) { return x.id == id; });
  }

  void member_add(const std::string& cmd) {
    std::smatch m;
    if (!std::regex_search(cmd, m, std::regex("'add' '([^']+)' '--peer-urls=([^']+)'"))) return;
    if (by_peer(m[2].str())) {
      errors_.push_back("member add of an already listed peer " + m[2].str());
      return;
    }
    members_.push_back(Member{next_id_++, "", m[2].str(), "", ""});
  }

  bool quorum() const {
    int up = 0;
    for (const Member& m : members_)
      if (!m.host.empty() && running_.contains(m.host)) ++up;
    return cluster_id_ && up * 2 > static_cast<int>(members_.size());
  }

  std::string member_list_json() const {
    const Member* answering = serving();
    if (!cluster_id_ || !answering) return "";
    std::string members;
    for (const Member& m : members_) {
      members += members.empty() ? "" : ",";
      members += fmt::format("{{\"ID\":{},", m.id);
      if (!m.name.empty()) members += fmt::format("\"name\":\"{}\",", m.name);
      members += fmt::format("\"peerURLs\":[\"{}\"]", m.peer_url);
      if (!m.client_url.empty()) members += fmt::format(",\"clientURLs\":[\"{}\"]", m.client_url);
      members += "}";
    }
    return fmt::format("{{\"header\":{{\"cluster_id\":{},\"member_id\":{},\"raft_term\":2}},\"members\":[{}]}}",
                       *cluster_id_, answering->id, members);
  }

  std::string status_json(const std::string& host) const {
    if (!ready_.contains(host) || !cluster_id_) return "";
    std::uint64_t id = 0, leader = 0;
    for (const Member& m : members_) {
      if (m.host == host) id = m.id;
      if (!leader && quorum() && !m.host.empty() && running_.contains(m.host)) leader = m.id;
    }
    return fmt::format("[{{\"Endpoint\":\"https://127.0.0.1:2379\",\"Status\":{{\"header\":{{\"cluster_id\":{},"
                       "\"member_id\":{}}},\"version\":\"3.4.23\",\"leader\":{}}}}}]",
                       *cluster_id_, id, leader);
  }

  std::string health_json() const {
    std::string out;
    for (const auto& [name, h] : masters_) {
      const bool ok = running_.contains(name) && quorum();
      out += fmt::format("{}{{\"endpoint\":\"{}\",\"health\":{}}}", out.empty() ? "" : ",",
                         client_url(settings_.etcd, h->ip), ok ? "true" : "false");
    }
    return "[" + out + "]";
  }

  FakeLab& lab_;
  const Settings& settings_;
  std::map<std::string, const lab::HostPlan*> masters_;
  std::optional<std::uint64_t> cluster_id_;
  std::vector<Member> members_;
  std::set<std::string> running_, ready_, data_, enabled_;
  std::map<std::string, int> starts_;
  std::vector<std::string> errors_;
  std::uint64_t next_id_ = 0x1000;
};

}  // namespace klab::provisioner::fakes
