#pragma once
// Everything the scenario engine needs to run against a real, deployed lab, built from
// its plan: the provider (lab::make_provider) + LiveLabControl, SSH transports (one
// session per host for faults and checks), the etcd PKI the probes and LiveClusterView use, the
// VRRP wire watch (keepalived MASTER and VIP holder from the frames on the lab bridge)
// and the AsioProbeSet (the VIP and every member).
#include <memory>
#include <string>
#include <vector>

#include "cloud-init/lab_keys.hpp"
#include "lab/plan.hpp"
#include "lab/provider.hpp"
#include "provisioner/settings.hpp"
#include "provisioner/transport/host_transports.hpp"
#include "scenarios/engine.hpp"
#include "scenarios/live/live_cluster_view.hpp"
#include "scenarios/live/live_lab_control.hpp"
#include "scenarios/probes/asio_probe_set.hpp"

namespace klab::scenarios {

/// The lab's etcd client files: <lab dir>/pki/etcd/{ca.crt, healthcheck-client.crt,
/// healthcheck-client.key}. Throws an infrastructure Error saying to run `klab deploy`
/// when one is missing.
TlsFiles lab_etcd_tls(const lab::Plan& plan);

class LiveLab {
 public:
  /// Opens libvirt, loads the lab's keys and PKI and starts watching VRRP on the lab
  /// network; connects nothing over SSH yet.
  explicit LiveLab(const lab::Plan& plan);
  ~LiveLab();

  const lab::Plan& plan() const { return plan_; }
  const provisioner::Settings& settings() const { return settings_; }
  lab::Provider& provider() { return *provider_; }
  const cloudinit::LabKeys& keys() const { return keys_; }

  /// The engine's dependencies over this lab.
  EngineDeps engine_deps(Clock& clock, lab::Progress& progress);

  /// After a snapshot restore: every SSH session and etcd connection is to a guest
  /// state that no longer exists; drop them so the next use reconnects.
  void forget_connections();

 private:
  VrrpWireWatchConfig vrrp_watch_config() const;
  lab::Plan plan_;
  provisioner::Settings settings_;
  cloudinit::LabKeys keys_;
  std::unique_ptr<lab::Provider> provider_;
  std::unique_ptr<LiveLabControl> control_;
  std::unique_ptr<provisioner::HostTransports> transports_;
  std::unique_ptr<LiveClusterView> view_;
  std::unique_ptr<AsioProbeSet> probes_;
};

}  // namespace klab::scenarios
