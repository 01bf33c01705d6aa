// etcd-hashkv: every member's key-value store hashes the same at a common revision (the
// lowest current revision among the members, which all of them have applied).
#include <algorithm>
#include <map>

#include "scenarios/checks/registry.hpp"
#include "base/strings.hpp"

namespace klab::scenarios {
namespace {

class EtcdHashKvCheck : public Check {
 public:
  std::string name() const override { return "etcd-hashkv"; }
  CheckResult run(CheckContext& ctx) override {
    std::vector<std::string> problems;
    std::vector<std::string> hosts;
    std::optional<std::int64_t> common;
    for (const lab::HostPlan* m : ctx.plan.hosts_with_role(lab::Role::master)) {
      const EtcdEndpointStatus s = ctx.cluster.etcd_status(m->name);
      if (!s.reachable) {
        problems.push_back("etcd on " + m->name + " does not answer: " + s.error);
        continue;
      }
      hosts.push_back(m->name);
      common = common ? std::min(*common, s.revision) : s.revision;
    }
    if (!common) return make_result(name(), "", problems);
    std::map<std::uint32_t, std::string> hashes;
    for (const std::string& host : hosts) {
      const auto hash = ctx.cluster.etcd_hash_kv(host, *common);
      if (!hash) {
        problems.push_back(host + " returned no HashKV at revision " + std::to_string(*common));
        continue;
      }
      hashes[*hash] += (hashes[*hash].empty() ? "" : ", ") + host;
    }
    if (hashes.size() > 1) {
      const std::string all =
          base::join(hashes, "; ", [](const auto& e) { return std::to_string(e.first) + " on " + e.second; });
      problems.insert(problems.begin(),
                      "HashKV differs at revision " + std::to_string(*common) + ": " + all);
    }
    return make_result(name(), "HashKV equal on " + std::to_string(hosts.size()) + " members at revision " +
                                   std::to_string(*common),
                       std::move(problems));
  }
};

}  // namespace

std::unique_ptr<Check> make_etcd_hashkv_check() { return std::make_unique<EtcdHashKvCheck>(); }

}  // namespace klab::scenarios
