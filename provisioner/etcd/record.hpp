#pragma once
// What klab remembers about the lab's etcd cluster: <lab_dir>/state/etcd.json.
// The token is recorded before a bootstrap starts (so an interrupted bootstrap is
// completed with the same token, hence the same cluster ID), the cluster ID as early as
// a cluster is known to exist: when the probe finds members reporting one, else from the
// first member list read after the first start, before the other starts and the joins
// finish. A recorded ID is what makes the etcd phase refuse to bootstrap again.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace klab::provisioner {

struct EtcdRecord {
  std::optional<std::string> cluster_id;  // hex, as etcdctl prints it
  std::string token;                      // --initial-cluster-token of the bootstrap
  std::vector<std::string> members;       // names at bootstrap
  std::string bootstrapped_at;            // ISO 8601 UTC
  bool operator==(const EtcdRecord&) const = default;
};

std::filesystem::path etcd_record_path(const std::filesystem::path& lab_dir);

/// nullopt when the file does not exist; throws klab::Error naming the file when it is
/// unreadable or not klab's format.
std::optional<EtcdRecord> load_etcd_record(const std::filesystem::path& lab_dir);

/// Atomic write (0600).
void save_etcd_record(const std::filesystem::path& lab_dir, const EtcdRecord& record);

/// Records `cluster_id` in `record` and on disk unless an ID is recorded already (then
/// nothing changes: the decision table compares, it never overwrites). Without a record,
/// starts one with `token` and `members`. Returns whether it wrote.
bool record_cluster_id(const std::filesystem::path& lab_dir, std::optional<EtcdRecord>& record,
                       const std::string& cluster_id, const std::string& token,
                       const std::vector<std::string>& members);

/// 16 random hex characters (OpenSSL RAND_bytes): the nonce of a bootstrap's token.
std::string random_nonce();

}  // namespace klab::provisioner
