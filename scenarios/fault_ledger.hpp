#pragma once
// The fault ledger, <lab dir>/faults.json: every fault a case injects is written here
// *before* its first step and removed only once it was reverted and verified gone. A
// klab killed mid-case (SIGKILL, a lost terminal, a crashed host) leaves its entry, so
// the next `klab scenario` or `klab deploy` knows which faults on which hosts may still
// be in place and reverts them (scenarios/faults/recovery.hpp); `klab scenario heal`
// does it on demand. Writes are atomic (temp file + rename): a reader sees the old or
// the new ledger, never half of one.
#include <filesystem>
#include <string>
#include <vector>

namespace klab::scenarios {

struct LedgerEntry {
  std::string id;            // assigned by record()
  std::string scenario;
  std::string case_name;
  std::string fault;         // fault type ("etcd-wiped-start-new")
  std::vector<std::string> hosts;
  long pid = 0;              // the klab that injected it
  std::string recorded_at;   // UTC, ISO 8601
  bool operator==(const LedgerEntry&) const = default;
};

class FaultLedger {
 public:
  explicit FaultLedger(std::filesystem::path file) : file_(std::move(file)) {}
  /// <lab dir>/faults.json of `lab`.
  static FaultLedger for_lab(const std::string& lab);

  /// Appends `entry` (id, pid and time filled in) and returns its id. Throws an
  /// infrastructure Error when the file cannot be written: no fault is injected then.
  std::string record(LedgerEntry entry);
  /// Removes the entry; an unknown id is nothing to do.
  void clear(const std::string& id);
  /// Removes every entry (after a successful recovery).
  void clear_all();
  /// The recorded entries; none when the file does not exist. A corrupt file is an
  /// infrastructure Error naming it (never silently an empty ledger).
  std::vector<LedgerEntry> entries() const;

  const std::filesystem::path& file() const { return file_; }

 private:
  void write(const std::vector<LedgerEntry>& entries) const;
  std::filesystem::path file_;
};

/// "etcd-wiped-start-new on kube-master2 (etcd-rejoin/c-wiped-started-new-follower, pid
/// 4242, 2026-12-03T12:00:00Z)".
std::string describe(const LedgerEntry& entry);

}  // namespace klab::scenarios
