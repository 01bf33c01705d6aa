#include "provisioner/render/keepalived.hpp"

#include <fmt/format.h>

#include "base/error.hpp"
#include "provisioner/render/lab_view.hpp"

namespace klab::provisioner {

RenderedFile render_keepalived_conf(const RenderContext& ctx, const lab::HostPlan& host) {
  require_vip(ctx.plan, "keepalived.conf");
  const KeepalivedSettings& k = ctx.settings.keepalived;
  const std::optional<int> priority = vrrp_priority(k, ctx.plan, host);
  if (!priority) {
    throw usage_error("cannot render keepalived.conf for " + host.name +
                      ": keepalived runs on the LB host and the masters only");
  }
  if (k.auth_pass.empty()) {
    throw infra_error("cannot render keepalived.conf for " + host.name +
                      ": the lab's VRRP secret was not loaded (klab bug: render with deploy_settings)");
  }
  // MASTER where the lab wants the VIP: the LB host, or the first master without one.
  const lab::HostPlan* lb = lb_host(ctx.plan);
  const bool master =
      lb ? host.role == lab::Role::lb : etcd_hosts(ctx.plan).front()->name == host.name;
  kainjow::mustache::data peers{kainjow::mustache::data::type::list};
  for (const lab::HostPlan* h : vip_hosts(ctx.plan)) {
    if (h->name == host.name) continue;
    kainjow::mustache::data entry;
    entry.set("name", h->name);
    entry.set("ip", h->ip.str());
    peers.push_back(entry);
  }
  kainjow::mustache::data data;
  data.set("lab", ctx.plan.lab);
  data.set("host_name", host.name);
  data.set("host_ip", host.ip.str());
  data.set("instance", "klab_vip");
  data.set("state", master ? "MASTER" : "BACKUP");
  data.set("priority", std::to_string(*priority));
  data.set("interface", k.interface);
  data.set("virtual_router_id", std::to_string(k.virtual_router_id));
  data.set("advert_int_s", std::to_string(k.advert_int_s));
  data.set("auth_pass", k.auth_pass);
  data.set("vip", ctx.plan.network.vip->str());
  data.set("vip_prefix", std::to_string(ctx.plan.network.subnet.prefix));
  // One boolean with an inverted section for the script mode: kainjow leaves a newline
  // for a skipped section unless its closing tag shares a line with the next opening tag.
  data.set("track_process", k.haproxy_tracking == HaproxyTracking::process);
  data.set("terminate_delay_s", fmt::format("{:g}", k.track_terminate_delay_s));
  data.set("fork_delay_s", fmt::format("{:g}", k.track_fork_delay_s));
  data.set("check_interval_s", std::to_string(k.check_interval_s));
  data.set("check_fall", std::to_string(k.check_fall));
  data.set("check_rise", std::to_string(k.check_rise));
  data.set("check_timeout_s", std::to_string(k.check_timeout_s));
  data.set("notify_script", k.notify_script);
  data.set("peers", peers);
  const std::string name = "keepalived.conf.mustache";
  return RenderedFile{"/etc/keepalived/keepalived.conf",
                      ctx.templates.render(name, data),
                      0640,
                      "root",
                      "root",
                      name};
}

RenderedFile render_keepalived_notify(const RenderContext& ctx) {
  kainjow::mustache::data data;
  data.set("lab", ctx.plan.lab);
  data.set("state_log", ctx.settings.keepalived.state_log);
  const std::string name = "keepalived-notify.sh.mustache";
  return RenderedFile{ctx.settings.keepalived.notify_script,
                      ctx.templates.render(name, data),
                      0755,
                      "root",
                      "root",
                      name};
}

}  // namespace klab::provisioner
