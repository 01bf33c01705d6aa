#include "provisioner/etcd/etcdctl_output.hpp"

#include <nlohmann/json.hpp>
#include <sstream>

#include "provisioner/etcd/member.hpp"

namespace klab::provisioner::etcd {

std::optional<EndpointStatus> parse_endpoint_status(const std::string& json) {
  if (json.empty()) return std::nullopt;
  try {
    const nlohmann::json j = nlohmann::json::parse(json);
    if (!j.is_array() || j.empty()) return std::nullopt;
    const nlohmann::json& st = j[0].at("Status");
    const std::uint64_t id = st.at("header").at("member_id").get<std::uint64_t>();
    EndpointStatus out;
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

}  // namespace klab::provisioner::etcd
