#pragma once
// etcd in `static-pod` mode (seeds/000): the kubelet manifest, emitted with yaml-cpp.
// Rendered and validated now; the kubelet that runs it arrives with the Kubernetes phase.
#include "lab/plan.hpp"
#include "provisioner/render/context.hpp"
#include "provisioner/render/etcd_flags.hpp"
#include "provisioner/render/rendered_file.hpp"

namespace klab::provisioner {

/// /etc/kubernetes/manifests/etcd.yaml for `host`: the same flags as the systemd mode,
/// host network, the data and PKI directories as hostPath volumes, probes on the
/// loopback metrics port with TCG-sized timeouts.
RenderedFile render_etcd_static_pod(const RenderContext& ctx, const lab::HostPlan& host,
                                    const EtcdClusterSpec& spec);

}  // namespace klab::provisioner
