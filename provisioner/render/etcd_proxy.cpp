#include "provisioner/render/etcd_proxy.hpp"

#include "base/error.hpp"
#include "provisioner/render/etcd_flags.hpp"
#include "provisioner/render/lab_view.hpp"
#include "base/strings.hpp"

namespace klab::provisioner {

RenderedFile render_etcd_grpc_proxy_unit(const RenderContext& ctx, const lab::HostPlan& host) {
  const EtcdSettings& e = ctx.settings.etcd;
  if (host.role != lab::Role::lb) {
    throw usage_error("cannot render the etcd gRPC proxy for " + host.name +
                      ": it runs on the LB host only");
  }
  const std::string endpoints =
      base::join(etcd_members(ctx.plan), ",", [&](const EtcdMember& m) { return client_url(e, m.ip); });
  if (endpoints.empty()) {
    throw usage_error("cannot render the etcd gRPC proxy for lab '" + ctx.plan.lab +
                      "': it has no master to proxy to");
  }
  const std::string pki = e.pki_dir + "/";
  kainjow::mustache::data data;
  data.set("lab", ctx.plan.lab);
  data.set("host_name", host.name);
  data.set("endpoints", endpoints);
  data.set("ca_file", pki + "ca.crt");
  data.set("client_cert_file", pki + "grpc-proxy-client.crt");
  data.set("client_key_file", pki + "grpc-proxy-client.key");
  data.set("server_cert_file", pki + "grpc-proxy-server.crt");
  data.set("server_key_file", pki + "grpc-proxy-server.key");
  data.set("listen_addr", host.ip.str() + ":" + std::to_string(e.grpc_proxy_port));
  data.set("vip_etcd_port", std::to_string(ctx.settings.haproxy.etcd_port));
  data.set("metrics_addr", "http://127.0.0.1:" + std::to_string(e.grpc_proxy_metrics_port));
  data.set("data_dir", "/var/lib/etcd/grpc-proxy");
  const std::string name = "etcd-grpc-proxy.service.mustache";
  return RenderedFile{std::string("/etc/systemd/system/") + kGrpcProxyUnit,
                      ctx.templates.render(name, data),
                      0644,
                      "root",
                      "root",
                      name};
}

}  // namespace klab::provisioner
