#pragma once
// etcd in `systemd` mode: Debian's etcd-server 3.4 unit, configured through
// /etc/default/etcd (ETCD_* variables) plus a small unit drop-in.
#include "lab/plan.hpp"
#include "provisioner/render/context.hpp"
#include "provisioner/render/etcd_flags.hpp"
#include "provisioner/render/rendered_file.hpp"

namespace klab::provisioner {

/// /etc/default/etcd for `host` (template etcd.env.mustache), mode 0644: it holds paths,
/// never key material.
RenderedFile render_etcd_environment(const RenderContext& ctx, const lab::HostPlan& host,
                                     const EtcdClusterSpec& spec);

/// /etc/systemd/system/etcd.service.d/klab.conf (etcd-service-override.conf.mustache).
RenderedFile render_etcd_service_override(const RenderContext& ctx);

}  // namespace klab::provisioner
