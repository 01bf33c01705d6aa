#pragma once
// Node preparation files (seeds/002, seeds/003): kernel parameters, kernel modules,
// time sync, journald limits.
#include <string>
#include <vector>

#include "lab/plan.hpp"
#include "provisioner/render/context.hpp"
#include "provisioner/render/rendered_file.hpp"

namespace klab::provisioner {

/// br_netfilter, overlay, the ip_vs family, nf_conntrack: what modules-load.d lists and
/// what the prep phase also loads at once with modprobe.
const std::vector<std::string>& kernel_modules();

/// /etc/sysctl.d/90-klab.conf (sysctl.conf.mustache).
RenderedFile render_sysctl(const RenderContext& ctx);
/// /etc/modules-load.d/klab.conf (modules-load.conf.mustache).
RenderedFile render_modules_load(const RenderContext& ctx);
/// /etc/chrony/chrony.conf for `host` (chrony.conf.mustache): the gateway first, the
/// other lab hosts as orphan-mode peers.
RenderedFile render_chrony(const RenderContext& ctx, const lab::HostPlan& host);
/// /etc/systemd/journald.conf.d/90-klab.conf (journald.conf.mustache).
RenderedFile render_journald(const RenderContext& ctx);

}  // namespace klab::provisioner
