#pragma once
// prep: node preparation on every host (seeds/002, seeds/003): kernel modules loaded now
// and at boot, sysctl, swap off (now and in fstab), chrony, journald limits; verifies
// /etc/hosts (written by cloud-init) and the clock skew across hosts.
// Round trips per host: clock sample, probe, upload (if a file differs), apply (if
// anything needs doing) — a converged host costs two.
#include "provisioner/phases/phase.hpp"

namespace klab::provisioner {

class PrepPhase final : public Phase {
 public:
  std::string name() const override { return "prep"; }
  std::string summary() const override {
    return "kernel modules, sysctl, swap off, chrony, journald, /etc/hosts and clock-skew checks";
  }
  std::vector<RenderedFile> rendered_files(const PhaseContext& ctx, const lab::HostPlan& host) const override;
  void run(PhaseContext& ctx) override;
};

}  // namespace klab::provisioner
