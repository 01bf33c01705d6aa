#pragma once
// haproxy.cfg for every VIP host (the LB and each master): TCP frontends on the VIP for
// the apiservers (6443) and the etcd members (2379), stats on a local admin socket.
#include "lab/plan.hpp"
#include "provisioner/render/context.hpp"
#include "provisioner/render/rendered_file.hpp"

namespace klab::provisioner {

/// /etc/haproxy/haproxy.cfg for `host` (template haproxy.cfg.mustache). Throws a usage
/// Error when the lab has no VIP or no master, or `host` runs no haproxy.
RenderedFile render_haproxy_cfg(const RenderContext& ctx, const lab::HostPlan& host);

}  // namespace klab::provisioner
