#pragma once
// The files the etcd phase installs on a master for one start: the etcd configuration
// of the chosen mode rendered with a cluster spec, the member's certificates, and —
// when the spec of this start differs from the steady state (a bootstrap's `new`, a
// join's partial --initial-cluster) — the steady-state environment file staged next to
// it, moved into place once the member runs. etcd reads the initial-cluster flags only
// while its data dir is empty, so the swap changes nothing at run time, and a re-run
// renders exactly the installed file: nothing to upload, nothing to restart.
#include <string>
#include <vector>

#include "lab/plan.hpp"
#include "provisioner/phases/phase_context.hpp"
#include "provisioner/render/etcd_flags.hpp"
#include "provisioner/render/rendered_file.hpp"
#include "provisioner/transport/transport.hpp"

namespace klab::provisioner {

inline constexpr const char* kEtcdEnvPath = "/etc/default/etcd";
inline constexpr const char* kEtcdSteadyStaged = "/etc/default/etcd.klab-steady";
inline constexpr const char* kEtcdDropInPath = "/etc/systemd/system/etcd.service.d/klab.conf";

/// Every master, `existing`, the recorded token: what a converged member has installed.
EtcdClusterSpec steady_spec(const lab::Plan& plan, const std::string& token);

/// The mode's configuration files (systemd: environment + drop-in; static-pod: manifest).
std::vector<RenderedFile> etcd_config_files(const PhaseContext& ctx, const lab::HostPlan& host,
                                            const EtcdClusterSpec& spec);

struct EtcdStartFiles {
  std::vector<FileUpload> files;  // config for `start`, certificates, maybe the staged file
  bool staged = false;            // kEtcdSteadyStaged is among them
};
EtcdStartFiles etcd_start_files(const PhaseContext& ctx, const lab::HostPlan& host, const EtcdClusterSpec& start,
                                const EtcdClusterSpec& steady);

/// Paths the probe looks at: the configuration and certificates (not the staged file).
std::vector<std::string> etcd_probe_paths(const PhaseContext& ctx, const lab::HostPlan& host);

}  // namespace klab::provisioner
