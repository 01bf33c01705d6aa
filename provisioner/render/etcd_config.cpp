#include "provisioner/render/etcd_config.hpp"

#include <algorithm>

namespace klab::provisioner {

RenderedFile render_etcd_environment(const RenderContext& ctx, const lab::HostPlan& host,
                                     const EtcdClusterSpec& spec) {
  kainjow::mustache::data data;
  data.set("lab", ctx.plan.lab);
  // Each flag becomes a template variable: "initial-cluster" -> {{initial_cluster}}.
  for (const auto& [flag, value] : etcd_flags(ctx.settings, host, spec)) {
    std::string key = flag;
    std::replace(key.begin(), key.end(), '-', '_');
    data.set(key, value);
  }
  const std::string name = "etcd.env.mustache";
  return RenderedFile{
      "/etc/default/etcd", ctx.templates.render(name, data), 0644, "root", "root", name};
}

RenderedFile render_etcd_service_override(const RenderContext& ctx) {
  kainjow::mustache::data data;
  data.set("lab", ctx.plan.lab);
  data.set("start_timeout_s", std::to_string(ctx.settings.etcd.start_timeout_s));
  const std::string name = "etcd-service-override.conf.mustache";
  return RenderedFile{"/etc/systemd/system/etcd.service.d/klab.conf",
                      ctx.templates.render(name, data),
                      0644,
                      "root",
                      "root",
                      name};
}

}  // namespace klab::provisioner
