#include "lab/libvirt/nft_partition.hpp"

#include <algorithm>
#include <sstream>

#include <nlohmann/json.hpp>

#include "base/error.hpp"

namespace klab::lab::libvirt {

namespace {

constexpr const char* chain = "partition";
constexpr const char* comment_prefix = "klab-partition ";

std::string rule(const std::string& table, const std::string& from_mac, const std::string& to_mac,
                 const std::string& comment) {
  return "add rule bridge " + table + " " + chain + " ether saddr " + from_mac + " ether daddr " + to_mac +
         " drop comment \"" + comment + "\"";
}

void check_mac(const PartitionEnd& end) {
  const bool ok = end.mac.size() == 17 && std::all_of(end.mac.begin(), end.mac.end(), [](char c) {
                    return std::isxdigit(static_cast<unsigned char>(c)) || c == ':';
                  });
  if (!ok) throw usage_error("host " + end.host + " has no usable MAC address ('" + end.mac + "') for a partition rule");
}

}  // namespace

std::string partition_table(const std::string& lab) {
  std::string name = "klab_" + lab;
  for (char& c : name)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') c = '_';
  return name;
}

std::string partition_comment(const std::string& a, const std::string& b) {
  return comment_prefix + std::min(a, b) + " " + std::max(a, b);
}

std::vector<std::string> partition_add_argv(const std::string& lab, const PartitionEnd& a, const PartitionEnd& b) {
  check_mac(a);
  check_mac(b);
  const std::string table = partition_table(lab);
  const std::string comment = partition_comment(a.host, b.host);
  // One nft run is one transaction: table, chain and both rules appear together or not at all.
  const std::string script = "add table bridge " + table + "; add chain bridge " + table + " " + chain +
                             " { type filter hook forward priority -200; policy accept; }; " +
                             rule(table, a.mac, b.mac, comment) + "; " + rule(table, b.mac, a.mac, comment);
  return {"nft", script};
}

std::vector<std::string> partition_list_argv(const std::string& lab) {
  return {"nft", "-j", "-a", "list", "table", "bridge", partition_table(lab)};
}

std::vector<std::string> partition_delete_rules_argv(const std::string& lab, const std::vector<long>& handles) {
  std::string script;
  for (long h : handles)
    script += (script.empty() ? "" : "; ") + std::string("delete rule bridge ") + partition_table(lab) + " " + chain +
              " handle " + std::to_string(h);
  return {"nft", script};
}

std::vector<std::string> partition_delete_table_argv(const std::string& lab) {
  return {"nft", "delete", "table", "bridge", partition_table(lab)};
}

std::vector<PartitionRule> parse_partition_rules(const std::string& nft_json) {
  nlohmann::json doc = nlohmann::json::parse(nft_json, nullptr, false);
  if (doc.is_discarded() || !doc.contains("nftables") || !doc["nftables"].is_array())
    throw infra_error("nft printed something that is not its JSON listing: " + nft_json.substr(0, 200));
  std::vector<PartitionRule> out;
  for (const auto& item : doc["nftables"]) {
    if (!item.contains("rule")) continue;
    const auto& r = item["rule"];
    PartitionRule rule;
    rule.handle = r.value("handle", 0L);
    rule.comment = r.value("comment", std::string());
    rule.chain = r.value("chain", std::string());
    out.push_back(rule);
  }
  return out;
}

bool nft_table_missing(const std::string& nft_stderr) {
  return nft_stderr.find("No such file or directory") != std::string::npos;
}

std::pair<std::string, std::string> partition_pair(const std::string& comment) {
  if (comment.rfind(comment_prefix, 0) != 0) return {};
  std::istringstream words(comment.substr(std::string(comment_prefix).size()));
  std::string a, b;
  if (!(words >> a >> b)) return {};
  return {a, b};
}

}  // namespace klab::lab::libvirt
