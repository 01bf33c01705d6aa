#include "provisioner/render/haproxy.hpp"

#include "base/error.hpp"
#include "provisioner/render/lab_view.hpp"

namespace klab::provisioner {

RenderedFile render_haproxy_cfg(const RenderContext& ctx, const lab::HostPlan& host) {
  require_vip(ctx.plan, "haproxy.cfg");
  if (!vrrp_priority(ctx.settings.keepalived, ctx.plan, host)) {
    throw usage_error("cannot render haproxy.cfg for " + host.name +
                      ": haproxy runs on the LB host and the masters only");
  }
  const HaproxySettings& h = ctx.settings.haproxy;
  kainjow::mustache::data masters{kainjow::mustache::data::type::list};
  for (const lab::HostPlan* m : etcd_hosts(ctx.plan)) {
    kainjow::mustache::data entry;
    entry.set("name", m->name);
    entry.set("ip", m->ip.str());
    masters.push_back(entry);
  }
  kainjow::mustache::data data;
  data.set("lab", ctx.plan.lab);
  data.set("host_name", host.name);
  data.set("host_ip", host.ip.str());
  data.set("vip", ctx.plan.network.vip->str());
  data.set("apiserver_port", std::to_string(h.apiserver_port));
  data.set("etcd_port", std::to_string(h.etcd_port));
  data.set("etcd_client_port", std::to_string(ctx.settings.etcd.client_port));
  data.set("stats_socket", h.stats_socket);
  data.set("timeout_connect_s", std::to_string(h.timeout_connect_s));
  data.set("timeout_client_s", std::to_string(h.timeout_client_s));
  data.set("timeout_server_s", std::to_string(h.timeout_server_s));
  data.set("timeout_tunnel_s", std::to_string(h.timeout_tunnel_s));
  data.set("timeout_check_s", std::to_string(h.timeout_check_s));
  data.set("check_inter_s", std::to_string(h.check_inter_s));
  data.set("check_fall", std::to_string(h.check_fall));
  data.set("check_rise", std::to_string(h.check_rise));
  data.set("masters", masters);
  const std::string name = "haproxy.cfg.mustache";
  return RenderedFile{
      "/etc/haproxy/haproxy.cfg", ctx.templates.render(name, data), 0644, "root", "root", name};
}

}  // namespace klab::provisioner
