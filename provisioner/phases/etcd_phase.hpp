#pragma once
// etcd: a 3-member cluster over TLS on the masters. Gathers facts on every member in
// parallel (data dir, service, member list and health over TLS), decides per member
// with decide_cluster_action, then acts: members that bootstrap (or start with their
// data) start together; joins and replacements go one at a time through a healthy
// member. Records the bootstrap token and the cluster ID in <lab_dir>/state/etcd.json
// and refuses anything that would re-bootstrap a cluster that has data.
#include "provisioner/phases/phase.hpp"

namespace klab::provisioner {

class EtcdPhase final : public Phase {
 public:
  std::string name() const override { return "etcd"; }
  std::string summary() const override {
    return "etcd members over TLS on the masters: bootstrap, start, join or refuse (cluster-state decision)";
  }
  /// Rendered with the recorded token (or a placeholder) in the steady state.
  std::vector<RenderedFile> rendered_files(const PhaseContext& ctx, const lab::HostPlan& host) const override;
  void run(PhaseContext& ctx) override;
};

}  // namespace klab::provisioner
