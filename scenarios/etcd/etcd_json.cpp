#include "scenarios/etcd/etcd_json.hpp"

#include <charconv>

#include <nlohmann/json.hpp>

#include "base/error.hpp"
#include "provisioner/pki/base64.hpp"

namespace klab::scenarios::etcd_json {
namespace {

using nlohmann::json;
using provisioner::pki::base64_decode;
using provisioner::pki::base64_encode;

json parse(const std::string& body, const std::string& what) {
  json doc = json::parse(body, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) malformed(what, body);
  return doc;
}

// proto3 JSON: int64/uint64 as decimal strings, 32-bit as numbers, zero omitted.
template <typename T>
T integer(const json& obj, const char* field, const std::string& what, const std::string& body) {
  auto it = obj.find(field);
  if (it == obj.end() || it->is_null()) return T{0};
  if (it->is_number_integer()) return it->get<T>();
  if (it->is_string()) {
    const std::string& text = it->get_ref<const std::string&>();
    T value{};
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec == std::errc() && end == text.data() + text.size()) return value;
  }
  malformed(what + " (field " + field + ")", body);
}

std::string text(const json& obj, const char* field) {
  auto it = obj.find(field);
  return it != obj.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::vector<std::string> strings(const json& obj, const char* field) {
  std::vector<std::string> out;
  auto it = obj.find(field);
  if (it != obj.end() && it->is_array()) {
    for (const json& v : *it) {
      if (v.is_string()) out.push_back(v.get<std::string>());
    }
  }
  return out;
}

std::string bytes(const json& obj, const char* field, const std::string& what, const std::string& body) {
  std::string encoded = text(obj, field);
  auto decoded = base64_decode(encoded);
  if (!decoded) malformed(what + " (field " + field + " is not base64)", body);
  return *decoded;
}

ResponseHeader header(const json& doc, const std::string& what, const std::string& body) {
  auto it = doc.find("header");
  if (it == doc.end() || !it->is_object()) malformed(what + " (no header)", body);
  ResponseHeader h;
  h.cluster_id = integer<std::uint64_t>(*it, "cluster_id", what, body);
  h.member_id = integer<std::uint64_t>(*it, "member_id", what, body);
  h.revision = integer<std::int64_t>(*it, "revision", what, body);
  h.raft_term = integer<std::uint64_t>(*it, "raft_term", what, body);
  return h;
}

}  // namespace

void malformed(const std::string& what, const std::string& body) {
  std::string shown = body.size() > 200 ? body.substr(0, 200) + "..." : body;
  throw infra_error("etcd answered an unexpected " + what + " response: " + shown +
                    " (is this an etcd 3.4+ client port?)");
}

std::string prefix_range_end(std::string_view prefix) {
  std::string end(prefix);
  while (!end.empty()) {
    auto& last = reinterpret_cast<unsigned char&>(end.back());
    if (last < 0xff) {
      ++last;
      return end;
    }
    end.pop_back();
  }
  return std::string(1, '\0');  // every key
}

std::string put_request(std::string_view key, std::string_view value) {
  return json{{"key", base64_encode(std::string(key))}, {"value", base64_encode(std::string(value))}}.dump();
}

std::string range_request(std::string_view key, bool prefix) {
  json doc{{"key", base64_encode(std::string(key))}};
  if (prefix) doc["range_end"] = base64_encode(prefix_range_end(key));
  return doc.dump();
}

ResponseHeader parse_put(const std::string& body) {
  return header(parse(body, "put"), "put", body);
}

RangeResult parse_range(const std::string& body) {
  const std::string what = "range";
  json doc = parse(body, what);
  RangeResult result;
  result.header = header(doc, what, body);
  result.count = integer<std::int64_t>(doc, "count", what, body);
  if (auto it = doc.find("kvs"); it != doc.end() && it->is_array()) {
    for (const json& kv : *it) {
      KeyValue v;
      v.key = bytes(kv, "key", what, body);
      v.value = bytes(kv, "value", what, body);
      v.create_revision = integer<std::int64_t>(kv, "create_revision", what, body);
      v.mod_revision = integer<std::int64_t>(kv, "mod_revision", what, body);
      v.version = integer<std::int64_t>(kv, "version", what, body);
      result.kvs.push_back(std::move(v));
    }
  }
  return result;
}

EndpointStatus parse_status(const std::string& body) {
  const std::string what = "status";
  json doc = parse(body, what);
  EndpointStatus status;
  status.header = header(doc, what, body);
  status.version = text(doc, "version");
  status.leader = integer<std::uint64_t>(doc, "leader", what, body);
  status.raft_index = integer<std::uint64_t>(doc, "raftIndex", what, body);
  status.raft_term = integer<std::uint64_t>(doc, "raftTerm", what, body);
  status.db_size = integer<std::int64_t>(doc, "dbSize", what, body);
  status.errors = strings(doc, "errors");
  return status;
}

EtcdHealth parse_health(const std::string& body) {
  json doc = parse(body, "health");
  auto it = doc.find("health");
  if (it == doc.end()) malformed("health", body);
  // 3.4 sends the string "true"; accept a JSON boolean as well.
  bool healthy = (it->is_string() && it->get<std::string>() == "true") || (it->is_boolean() && it->get<bool>());
  return EtcdHealth{healthy, text(doc, "reason")};
}

std::string error_message(const std::string& body) {
  json doc = json::parse(body, nullptr, false);
  if (doc.is_object() && doc.contains("message")) {
    std::string message = text(doc, "message");
    if (auto code = doc.find("code"); code != doc.end() && code->is_number_integer()) {
      message += " (gRPC code " + std::to_string(code->get<int>()) + ")";
    }
    return message;
  }
  std::string shown = body;
  while (!shown.empty() && (shown.back() == '\n' || shown.back() == '\r')) shown.pop_back();
  return shown.size() > 200 ? shown.substr(0, 200) + "..." : shown;
}

}  // namespace klab::scenarios::etcd_json
