#pragma once
// keepalived.conf for every VIP host and the notify hook it calls on each state change.
#include "lab/plan.hpp"
#include "provisioner/render/context.hpp"
#include "provisioner/render/rendered_file.hpp"

namespace klab::provisioner {

/// /etc/keepalived/keepalived.conf for `host` (template keepalived.conf.mustache): MASTER
/// with the highest priority on the LB host, BACKUP with distinct lower priorities on
/// the masters, unicast to every other VIP host, tracking haproxy. Mode 0640: it holds
/// the VRRP password. Throws a usage Error for a lab without VIP or a host outside it.
RenderedFile render_keepalived_conf(const RenderContext& ctx, const lab::HostPlan& host);

/// The notify script (template keepalived-notify.sh.mustache) at settings' notify_script,
/// mode 0755 root: enable_script_security refuses scripts others can write.
RenderedFile render_keepalived_notify(const RenderContext& ctx);

}  // namespace klab::provisioner
