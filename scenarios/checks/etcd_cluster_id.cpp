// etcd-cluster-id: one cluster ID everywhere. A wiped member started with `new` can
// silently bootstrap a second cluster that answers health checks just fine.
#include <map>

#include "provisioner/etcd/member.hpp"
#include "scenarios/checks/registry.hpp"
#include "base/strings.hpp"

namespace klab::scenarios {
namespace {

class EtcdClusterIdCheck : public Check {
 public:
  std::string name() const override { return "etcd-cluster-id"; }
  CheckResult run(CheckContext& ctx) override {
    std::vector<std::string> problems;
    std::map<std::uint64_t, std::string> ids;  // cluster ID → hosts
    for (const lab::HostPlan* m : ctx.plan.hosts_with_role(lab::Role::master)) {
      const EtcdEndpointStatus s = ctx.cluster.etcd_status(m->name);
      if (!s.reachable) {
        problems.push_back("etcd on " + m->name + " does not answer: " + s.error);
        continue;
      }
      ids[s.cluster_id] += (ids[s.cluster_id].empty() ? "" : ", ") + m->name;
    }
    if (ids.size() > 1) {
      const std::string all =
          base::join(ids, "; ", [](const auto& e) { return provisioner::etcd::hex_id(e.first) + " on " + e.second; });
      problems.insert(problems.begin(), "split brain: " + std::to_string(ids.size()) + " cluster IDs (" + all + ")");
    }
    const std::string id = ids.empty() ? "?" : provisioner::etcd::hex_id(ids.begin()->first);
    return make_result(name(), "one cluster ID " + id + " on every member", std::move(problems));
  }
};

}  // namespace

std::unique_ptr<Check> make_etcd_cluster_id_check() { return std::make_unique<EtcdClusterIdCheck>(); }

}  // namespace klab::scenarios
