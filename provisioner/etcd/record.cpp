#include "provisioner/etcd/record.hpp"

#include <openssl/rand.h>

#include <nlohmann/json.hpp>

#include "base/error.hpp"
#include "base/atomic_file.hpp"
#include "base/files.hpp"
#include "base/time.hpp"

namespace klab::provisioner {

std::filesystem::path etcd_record_path(const std::filesystem::path& lab_dir) {
  return lab_dir / "state" / "etcd.json";
}

std::optional<EtcdRecord> load_etcd_record(const std::filesystem::path& lab_dir) {
  const auto path = etcd_record_path(lab_dir);
  const std::optional<std::string> text = base::read_file_if_exists(path);
  if (!text) return std::nullopt;
  try {
    const nlohmann::json j = nlohmann::json::parse(*text);
    EtcdRecord r;
    if (j.contains("cluster_id") && !j["cluster_id"].is_null()) r.cluster_id = j["cluster_id"].get<std::string>();
    r.token = j.at("token").get<std::string>();
    r.members = j.value("members", std::vector<std::string>{});
    r.bootstrapped_at = j.value("bootstrapped_at", std::string());
    return r;
  } catch (const nlohmann::json::exception& e) {
    throw infra_error(path.string() + " is not klab's etcd record (" + e.what() +
                      "): restore it from a backup, or if this lab's etcd was deliberately destroyed, "
                      "delete the file so that `klab deploy` may bootstrap a new cluster");
  }
}

void save_etcd_record(const std::filesystem::path& lab_dir, const EtcdRecord& record) {
  nlohmann::json j;
  j["cluster_id"] = record.cluster_id ? nlohmann::json(*record.cluster_id) : nlohmann::json(nullptr);
  j["token"] = record.token;
  j["members"] = record.members;
  j["bootstrapped_at"] = record.bootstrapped_at;
  const auto path = etcd_record_path(lab_dir);
  base::ensure_private_dir(path.parent_path());
  base::write_file_atomic(path, j.dump(2) + "\n", base::private_file_mode);
}

bool record_cluster_id(const std::filesystem::path& lab_dir, std::optional<EtcdRecord>& record,
                       const std::string& cluster_id, const std::string& token,
                       const std::vector<std::string>& members) {
  if (record && record->cluster_id) return false;
  EtcdRecord r = record.value_or(EtcdRecord{std::nullopt, token, members, base::utc_now_iso8601()});
  r.cluster_id = cluster_id;
  if (r.token.empty()) r.token = token;
  if (r.members.empty()) r.members = members;
  save_etcd_record(lab_dir, r);  // atomic: a reader sees no record or the whole one
  record = std::move(r);
  return true;
}

std::string random_nonce() {
  unsigned char bytes[8];
  if (RAND_bytes(bytes, sizeof bytes) != 1) throw infra_error("OpenSSL RAND_bytes failed: no randomness for the etcd token");
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char b : bytes) {
    out += hex[b >> 4];
    out += hex[b & 0xf];
  }
  return out;
}

}  // namespace klab::provisioner
