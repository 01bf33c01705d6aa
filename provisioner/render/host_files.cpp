#include "provisioner/render/host_files.hpp"

#include "provisioner/render/etcd_config.hpp"
#include "provisioner/render/etcd_manifest.hpp"
#include "provisioner/render/etcd_proxy.hpp"
#include "provisioner/render/haproxy.hpp"
#include "provisioner/render/keepalived.hpp"
#include "provisioner/render/lab_view.hpp"
#include "provisioner/render/node_prep.hpp"

namespace klab::provisioner {

std::vector<RenderedFile> render_host_files(const RenderContext& ctx, const lab::HostPlan& host,
                                            const EtcdClusterSpec& spec) {
  std::vector<RenderedFile> files = {render_sysctl(ctx), render_modules_load(ctx),
                                     render_chrony(ctx, host), render_journald(ctx)};
  if (vrrp_priority(ctx.settings.keepalived, ctx.plan, host)) {
    files.push_back(render_haproxy_cfg(ctx, host));
    files.push_back(render_keepalived_conf(ctx, host));
    files.push_back(render_keepalived_notify(ctx));
  }
  if (host.role == lab::Role::lb && !etcd_hosts(ctx.plan).empty()) {
    files.push_back(render_etcd_grpc_proxy_unit(ctx, host));
  }
  if (host.role == lab::Role::master) {
    if (ctx.settings.etcd.mode == EtcdMode::systemd) {
      files.push_back(render_etcd_environment(ctx, host, spec));
      files.push_back(render_etcd_service_override(ctx));
    } else {
      files.push_back(render_etcd_static_pod(ctx, host, spec));
    }
  }
  return files;
}

}  // namespace klab::provisioner
