#include "provisioner/etcd/member.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <nlohmann/json.hpp>

namespace klab::provisioner::etcd {
namespace {

using nlohmann::json;

// Why a text is no member list; caught in parse_member_list only.
struct Malformed {
  std::string why;
};

const json* field(const json& obj, const char* name) {
  auto it = obj.find(name);
  return it == obj.end() || it->is_null() ? nullptr : &*it;  // null: proto3's default
}

std::uint64_t integer(const json& obj, const char* name, const std::string& where) {
  const json* v = field(obj, name);
  if (!v) return 0;
  if (v->is_number_integer()) return v->get<std::uint64_t>();
  if (v->is_string()) {
    const std::string& text = v->get_ref<const std::string&>();
    std::uint64_t value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec == std::errc() && end == text.data() + text.size() && !text.empty()) return value;
  }
  throw Malformed{where + name + " is not an integer"};
}

std::string text(const json& obj, const char* name, const std::string& where) {
  const json* v = field(obj, name);
  if (!v) return {};
  if (!v->is_string()) throw Malformed{where + name + " is not a string"};
  return v->get<std::string>();
}

std::vector<std::string> strings(const json& obj, const char* name, const std::string& where) {
  const json* v = field(obj, name);
  if (!v) return {};
  if (!v->is_array()) throw Malformed{where + name + " is not a list"};
  std::vector<std::string> out;
  for (const json& s : *v) {
    if (!s.is_string()) throw Malformed{where + name + " holds a non-string"};
    out.push_back(s.get<std::string>());
  }
  return out;
}

bool flag(const json& obj, const char* name, const std::string& where) {
  const json* v = field(obj, name);
  if (!v) return false;
  if (!v->is_boolean()) throw Malformed{where + name + " is not a boolean"};
  return v->get<bool>();
}

MemberList member_list(const json& doc) {
  if (!doc.is_object()) throw Malformed{"not a JSON object"};
  const json* header = field(doc, "header");
  if (!header || !header->is_object()) throw Malformed{"no header"};
  if (!field(*header, "cluster_id")) throw Malformed{"the header names no cluster_id"};
  MemberList list;
  list.cluster_id = integer(*header, "cluster_id", "header.");
  list.answered_by = integer(*header, "member_id", "header.");
  const json* members = field(doc, "members");
  if (members && !members->is_array()) throw Malformed{"members is not a list"};
  if (!members) return list;
  for (const json& m : *members) {
    const std::string where = "member " + std::to_string(list.members.size() + 1) + ": ";
    if (!m.is_object()) throw Malformed{where + "not a JSON object"};
    Member member;
    member.id = integer(m, "ID", where);
    member.name = text(m, "name", where);
    member.peer_urls = strings(m, "peerURLs", where);
    member.client_urls = strings(m, "clientURLs", where);
    member.is_learner = flag(m, "isLearner", where);
    list.members.push_back(std::move(member));
  }
  return list;
}

}  // namespace

std::string MemberList::cluster_id_hex() const { return hex_id(cluster_id); }

std::string MemberList::answering_member() const {
  for (const Member& m : members)
    if (m.id == answered_by) return m.name;
  return {};
}

ParsedMemberList parse_member_list(std::string_view text) {
  if (text.empty()) return {std::nullopt, "empty output"};
  try {
    return {member_list(json::parse(text)), {}};
  } catch (const json::parse_error& e) {
    return {std::nullopt, std::string("not JSON: ") + e.what()};
  } catch (const Malformed& e) {
    return {std::nullopt, e.why};
  }
}

std::string hex_id(std::uint64_t id) { return fmt::format("{:x}", id); }

const Member* find_member(const std::vector<Member>& members, const std::string& name,
                          const std::string& peer_url) {
  for (const Member& m : members) {
    if (!m.name.empty() && m.name == name) return &m;
    if (std::find(m.peer_urls.begin(), m.peer_urls.end(), peer_url) != m.peer_urls.end()) return &m;
  }
  return nullptr;
}

}  // namespace klab::provisioner::etcd
