#pragma once
// pki: create or reuse every CA, certificate and kubeconfig in the lab directory
// (ensure_pki). No SSH: the later phases push what each host needs (guest_pki.hpp).
#include "provisioner/phases/phase.hpp"

namespace klab::provisioner {

class PkiPhase final : public Phase {
 public:
  std::string name() const override { return "pki"; }
  std::string summary() const override {
    return "CAs, etcd/Kubernetes certificates and kubeconfigs in the lab directory (no SSH)";
  }
  void run(PhaseContext& ctx) override;
};

}  // namespace klab::provisioner
