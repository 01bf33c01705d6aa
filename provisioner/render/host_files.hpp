#pragma once
// Every file klab renders for one host, chosen by its role: what `klab deploy --dry-run
// DIR` writes and what the golden tests cover.
#include <vector>

#include "lab/plan.hpp"
#include "provisioner/render/context.hpp"
#include "provisioner/render/etcd_flags.hpp"
#include "provisioner/render/rendered_file.hpp"

namespace klab::provisioner {

/// Node prep files on every host; haproxy.cfg, keepalived.conf and the notify script on
/// VIP hosts; the etcd gRPC proxy unit on the LB host; on masters the etcd files of
/// settings.etcd.mode (systemd: /etc/default/etcd + unit drop-in; static-pod: the
/// manifest), rendered with `spec`.
std::vector<RenderedFile> render_host_files(const RenderContext& ctx, const lab::HostPlan& host,
                                            const EtcdClusterSpec& spec);

}  // namespace klab::provisioner
