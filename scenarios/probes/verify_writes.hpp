#pragma once
// After a scenario: is every acknowledged write still there? Reads the writer's whole
// key range in one linearizable range request and compares.
#include <string>
#include <vector>

#include "scenarios/etcd/etcd_client.hpp"
#include "scenarios/probe_set.hpp"

namespace klab::scenarios {

struct ChangedWrite {
  AcknowledgedWrite write;
  std::string found_value;
};

struct WriteVerification {
  std::size_t checked = 0;
  std::vector<AcknowledgedWrite> missing;  // data loss
  std::vector<ChangedWrite> changed;       // present with another value
  std::int64_t read_revision = 0;          // the revision the read saw
  bool ok() const { return missing.empty() && changed.empty(); }
};

/// Throws klab::Error (infrastructure) when the read itself fails.
WriteVerification verify_acknowledged(EtcdClient& client, const std::vector<AcknowledgedWrite>& writes,
                                      const std::string& key_prefix);

/// "3 of 120 acknowledged writes are missing: klab/writer/000017 (rev 40), ..."
std::string describe(const WriteVerification& verification);

}  // namespace klab::scenarios
