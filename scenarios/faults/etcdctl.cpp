#include "scenarios/faults/etcdctl.hpp"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <sstream>

#include "lab/error.hpp"
#include "provisioner/render/etcd_flags.hpp"
#include "provisioner/transport/shell_quote.hpp"

namespace klab::scenarios {

using provisioner::shell_quote;

std::string etcdctl_command(const provisioner::Settings& settings, const lab::HostPlan& on,
                            const std::string& args) {
  const std::string pki = settings.etcd.pki_dir + "/";
  return "ETCDCTL_API=3 etcdctl --command-timeout=15s --endpoints=" +
         shell_quote(provisioner::client_url(settings.etcd, on.ip)) + " --cacert=" +
         shell_quote(pki + "ca.crt") + " --cert=" + shell_quote(pki + "server.crt") +
         " --key=" + shell_quote(pki + "server.key") + " " + args;
}

std::vector<EtcdMember> parse_member_list(const std::string& json) {
  try {
    const nlohmann::json doc = nlohmann::json::parse(json);
    std::vector<EtcdMember> members;
    for (const auto& m : doc.value("members", nlohmann::json::array())) {
      EtcdMember member;
      member.id = m.value("ID", std::uint64_t{0});
      member.name = m.value("name", std::string());
      member.peer_urls = m.value("peerURLs", std::vector<std::string>{});
      member.client_urls = m.value("clientURLs", std::vector<std::string>{});
      member.is_learner = m.value("isLearner", false);
      members.push_back(std::move(member));
    }
    return members;
  } catch (const nlohmann::json::exception& e) {
    throw infra_error(std::string("cannot read `etcdctl member list` output: ") + e.what(), json);
  }
}

std::optional<std::string> parse_member_add_initial_cluster(const std::string& output) {
  std::istringstream in(output);
  const std::string key = "ETCD_INITIAL_CLUSTER=";
  for (std::string line; std::getline(in, line);) {
    if (line.rfind(key, 0) != 0) continue;
    std::string value = line.substr(key.size());
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"')
      value = value.substr(1, value.size() - 2);
    return value;
  }
  return std::nullopt;
}

std::optional<std::int64_t> parse_snapshot_revision(const std::string& json) {
  try {
    const nlohmann::json doc = nlohmann::json::parse(json);
    if (!doc.contains("revision")) return std::nullopt;
    return doc.at("revision").get<std::int64_t>();
  } catch (const nlohmann::json::exception&) {
    return std::nullopt;
  }
}

std::optional<EtcdMember> find_member(const std::vector<EtcdMember>& members,
                                      const std::string& host, const std::string& peer_url) {
  for (const EtcdMember& m : members) {
    if (!m.name.empty() && m.name == host) return m;
    for (const std::string& url : m.peer_urls)
      if (url == peer_url) return m;
  }
  return std::nullopt;
}

std::string member_id_hex(std::uint64_t id) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%llx", static_cast<unsigned long long>(id));
  return buf;
}

}  // namespace klab::scenarios
