// acked-writes: every write the cluster acknowledged is readable afterwards with the
// value written (no data loss). After a snapshot restore, only writes at or below the
// snapshot's revision must have survived; later ones are reported, not failed. Zero
// acknowledged writes fail the check.
#include <map>

#include "scenarios/checks/registry.hpp"

namespace klab::scenarios {
namespace {

std::string common_prefix(const std::vector<AcknowledgedWrite>& writes) {
  std::string prefix = writes.front().key;
  for (const AcknowledgedWrite& w : writes) {
    std::size_t n = 0;
    while (n < prefix.size() && n < w.key.size() && prefix[n] == w.key[n]) ++n;
    prefix.resize(n);
  }
  return prefix;
}

class AckedWritesCheck : public Check {
 public:
  std::string name() const override { return "acked-writes"; }
  CheckResult run(CheckContext& ctx) override {
    // A writer that acknowledged nothing proves nothing about data loss: a failed check,
    // not a vacuous pass (the cluster refused every write, or the writer never ran).
    if (!ctx.probes)
      return make_result(name(), "", {"no probe results: acked-writes needs the workload's writer (workload.writer: true)"});
    if (ctx.probes->acknowledged_writes.empty())
      return make_result(name(), "", {"the writer got no write acknowledged (" +
                                          std::to_string(ctx.probes->failed_writes) +
                                          " unacknowledged): nothing shows that no data was lost"});
    const auto& writes = ctx.probes->acknowledged_writes;
    const auto stored = ctx.cluster.etcd_read_prefix(common_prefix(writes));
    if (!stored) return make_result(name(), "", {"no etcd member could serve the read-back of the writer's keys"});
    std::vector<std::string> problems;
    std::size_t verified = 0, rewound = 0;
    for (const AcknowledgedWrite& w : writes) {
      const bool must_survive = !ctx.restored_revision || w.revision <= *ctx.restored_revision;
      auto it = stored->find(w.key);
      const bool intact = it != stored->end() && it->second == w.value;
      if (intact) ++verified;
      else if (!must_survive) ++rewound;
      else if (it == stored->end())
        problems.push_back("acknowledged write lost: " + w.key + " (revision " + std::to_string(w.revision) + ")");
      else
        problems.push_back("acknowledged write changed: " + w.key + " is '" + it->second + "', wrote '" + w.value + "'");
    }
    std::string summary = std::to_string(verified) + " of " + std::to_string(writes.size()) +
                          " acknowledged writes read back intact";
    if (rewound) summary += "; " + std::to_string(rewound) + " written after the restored snapshot are gone, as expected";
    if (!problems.empty() && problems.size() > 20) {
      const std::size_t total = problems.size();
      problems.resize(20);
      problems.push_back("... " + std::to_string(total - 20) + " more");
    }
    return make_result(name(), summary, std::move(problems));
  }
};

}  // namespace

std::unique_ptr<Check> make_acked_writes_check() { return std::make_unique<AckedWritesCheck>(); }

}  // namespace klab::scenarios
