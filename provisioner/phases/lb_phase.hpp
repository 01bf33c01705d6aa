#pragma once
// lb: haproxy (TCP, VIP:6443 and VIP:2379) and keepalived (the VIP, tracking haproxy,
// notify hook) on the LB host and every master; the etcd gRPC proxy on the LB, where
// Debian's etcd unit stays disabled. Reloads or restarts a service only when its files
// changed; checks each new config with the real tool (haproxy -c, keepalived -t) first.
#include "provisioner/phases/phase.hpp"

namespace klab::provisioner {

class LbPhase final : public Phase {
 public:
  std::string name() const override { return "lb"; }
  std::string summary() const override {
    return "haproxy + keepalived (VIP) on the LB and masters, etcd gRPC proxy on the LB";
  }
  std::vector<RenderedFile> rendered_files(const PhaseContext& ctx, const lab::HostPlan& host) const override;
  void run(PhaseContext& ctx) override;
};

}  // namespace klab::provisioner
