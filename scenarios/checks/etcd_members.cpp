// etcd-members: every member returns the same member list, and in it every master is a
// started member (no `unstarted` leftover of a member add that never joined).
#include <set>

#include "provisioner/etcd/member.hpp"
#include "scenarios/checks/registry.hpp"
#include "base/strings.hpp"

namespace klab::scenarios {
namespace {

std::string render(const std::vector<provisioner::etcd::Member>& members) {
  std::set<std::string> entries;
  for (const provisioner::etcd::Member& m : members)
    entries.insert(provisioner::etcd::hex_id(m.id) + "=" + (m.started() ? m.name : std::string("(unstarted)")));
  return base::join(entries, ",");
}

class EtcdMembersCheck : public Check {
 public:
  std::string name() const override { return "etcd-members"; }
  CheckResult run(CheckContext& ctx) override {
    std::vector<std::string> problems;
    std::optional<std::string> reference;
    std::string reference_host;
    const auto masters = ctx.plan.hosts_with_role(lab::Role::master);
    for (const lab::HostPlan* m : masters) {
      const auto members = ctx.cluster.etcd_members(m->name);
      if (!members) {
        problems.push_back(m->name + " did not return its member list");
        continue;
      }
      const std::string view = render(*members);
      if (!reference) {
        reference = view;
        reference_host = m->name;
        std::set<std::string> started;
        for (const provisioner::etcd::Member& member : *members) {
          if (!member.started()) problems.push_back("member " + provisioner::etcd::hex_id(member.id) + " is unstarted");
          else started.insert(member.name);
        }
        for (const lab::HostPlan* expected : masters)
          if (!started.count(expected->name)) problems.push_back(expected->name + " is not a started member");
        if (members->size() != masters.size())
          problems.push_back(std::to_string(members->size()) + " members listed, the lab has " +
                             std::to_string(masters.size()) + " masters");
      } else if (view != *reference) {
        problems.push_back("member lists differ: " + reference_host + " sees {" + *reference + "}, " + m->name +
                           " sees {" + view + "}");
      }
    }
    return make_result(name(), std::to_string(masters.size()) + " members, identical lists, all started",
                       std::move(problems));
  }
};

}  // namespace

std::unique_ptr<Check> make_etcd_members_check() { return std::make_unique<EtcdMembersCheck>(); }

}  // namespace klab::scenarios
