#include "provisioner/render/node_prep.hpp"

namespace klab::provisioner {

namespace {

RenderedFile file(const RenderContext& ctx, std::string path, const std::string& name,
                  const kainjow::mustache::data& data) {
  return RenderedFile{
      std::move(path), ctx.templates.render(name, data), 0644, "root", "root", name};
}

kainjow::mustache::data base(const RenderContext& ctx) {
  kainjow::mustache::data data;
  data.set("lab", ctx.plan.lab);
  return data;
}

}  // namespace

const std::vector<std::string>& kernel_modules() {
  // nf_conntrack_ipv4 (seeds/003) was merged into nf_conntrack in Linux 4.19.
  static const std::vector<std::string> modules = {
      "br_netfilter", "overlay", "ip_vs", "ip_vs_rr", "ip_vs_wrr", "ip_vs_sh", "nf_conntrack"};
  return modules;
}

RenderedFile render_sysctl(const RenderContext& ctx) {
  return file(ctx, "/etc/sysctl.d/90-klab.conf", "sysctl.conf.mustache", base(ctx));
}

RenderedFile render_modules_load(const RenderContext& ctx) {
  kainjow::mustache::data modules{kainjow::mustache::data::type::list};
  for (const std::string& m : kernel_modules()) modules.push_back(m);
  kainjow::mustache::data data = base(ctx);
  data.set("modules", modules);
  return file(ctx, "/etc/modules-load.d/klab.conf", "modules-load.conf.mustache", data);
}

RenderedFile render_chrony(const RenderContext& ctx, const lab::HostPlan& host) {
  kainjow::mustache::data peers{kainjow::mustache::data::type::list};
  for (const lab::HostPlan& h : ctx.plan.hosts) {
    if (h.name == host.name) continue;
    kainjow::mustache::data entry;
    entry.set("name", h.name);
    entry.set("ip", h.ip.str());
    peers.push_back(entry);
  }
  kainjow::mustache::data data = base(ctx);
  data.set("host_name", host.name);
  data.set("gateway", ctx.plan.network.gateway.str());
  data.set("subnet", ctx.plan.network.subnet.str());
  data.set("makestep_threshold_s", std::to_string(ctx.settings.node.chrony_makestep_threshold_s));
  data.set("peers", peers);
  return file(ctx, "/etc/chrony/chrony.conf", "chrony.conf.mustache", data);
}

RenderedFile render_journald(const RenderContext& ctx) {
  const NodeSettings& n = ctx.settings.node;
  kainjow::mustache::data data = base(ctx);
  data.set("system_max_use", n.journald_system_max_use);
  data.set("system_max_file_size", n.journald_system_max_file_size);
  data.set("rate_limit_interval", n.journald_rate_limit_interval);
  data.set("rate_limit_burst", std::to_string(n.journald_rate_limit_burst));
  return file(ctx, "/etc/systemd/journald.conf.d/90-klab.conf", "journald.conf.mustache", data);
}

}  // namespace klab::provisioner
