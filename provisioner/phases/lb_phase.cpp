#include "provisioner/phases/lb_phase.hpp"

#include "provisioner/deploy/file_sync.hpp"
#include "provisioner/deploy/guest_pki.hpp"
#include "provisioner/deploy/host_sync.hpp"
#include "provisioner/render/etcd_proxy.hpp"
#include "provisioner/render/haproxy.hpp"
#include "provisioner/render/keepalived.hpp"
#include "provisioner/render/lab_view.hpp"
#include "provisioner/transport/shell_quote.hpp"

namespace klab::provisioner {
namespace {

constexpr const char* kPhase = "lb";

bool runs_proxy(const PhaseContext& ctx, const lab::HostPlan& host) {
  return host.role == lab::Role::lb && !etcd_hosts(ctx.plan).empty();
}

void service_facts(HostScript& s, const std::string& key, const std::string& unit) {
  s.fact(key + "_active", "systemctl is-active " + unit);
  s.fact(key + "_enabled", "systemctl is-enabled " + unit);
}

// Starts, or applies a changed config to, one service.
void converge_service(HostScript& s, const ScriptResult& probe, const std::string& key, const std::string& unit,
                      bool changed, const std::string& apply_verb) {
  const bool active = probe.fact(key + "_active") == "active";
  const bool enabled = probe.fact(key + "_enabled") == "enabled";
  if (!enabled) s.step("enable " + unit, "systemctl enable -q " + unit);
  if (!active) s.step("start " + unit, "systemctl restart " + unit);
  else if (changed) s.step(apply_verb + " " + unit, "systemctl " + apply_verb + " " + unit);
}

}  // namespace

std::vector<RenderedFile> LbPhase::rendered_files(const PhaseContext& ctx, const lab::HostPlan& host) const {
  const RenderContext r = ctx.render();
  std::vector<RenderedFile> out;
  if (vrrp_priority(ctx.settings.keepalived, ctx.plan, host)) {
    out.push_back(render_haproxy_cfg(r, host));
    out.push_back(render_keepalived_conf(r, host));
    out.push_back(render_keepalived_notify(r));
  }
  if (runs_proxy(ctx, host)) out.push_back(render_etcd_grpc_proxy_unit(r, host));
  return out;
}

void LbPhase::run(PhaseContext& ctx) {
  std::vector<const lab::HostPlan*> hosts;
  for (const lab::HostPlan& h : ctx.plan.hosts)
    if (!rendered_files(ctx, h).empty()) hosts.push_back(&h);
  if (hosts.empty()) {
    ctx.note("lb: the lab has no VIP and no LB host: nothing to do");
    return;
  }
  for_each_host(ctx, kPhase, hosts, [&](const lab::HostPlan& host) {
    const std::vector<RenderedFile> rendered = rendered_files(ctx, host);
    std::vector<FileUpload> files;
    for (const RenderedFile& f : rendered) files.push_back(to_upload(f));
    const bool vip = vrrp_priority(ctx.settings.keepalived, ctx.plan, host).has_value();
    const bool proxy = runs_proxy(ctx, host);
    std::vector<FileUpload> certs;
    if (proxy) certs = lb_pki(ctx, host);
    files.insert(files.end(), certs.begin(), certs.end());

    HostScript facts;
    if (vip) {
      service_facts(facts, "haproxy", "haproxy");
      service_facts(facts, "keepalived", "keepalived");
    }
    if (proxy) {
      service_facts(facts, "proxy", kGrpcProxyUnit);
      service_facts(facts, "etcd", "etcd");
    }
    const ProbeOutcome p = probe_and_upload(ctx, kPhase, host, files, facts);

    HostScript s;
    if (vip) {
      const std::string haproxy_cfg = rendered[0].path, keepalived_conf = rendered[1].path, notify = rendered[2].path;
      const bool haproxy_changed = p.changed.contains(haproxy_cfg);
      if (haproxy_changed) s.step("check haproxy.cfg", "haproxy -c -q -f " + shell_quote(haproxy_cfg));
      converge_service(s, p.probe, "haproxy", "haproxy", haproxy_changed, "reload-or-restart");
      const bool keepalived_changed = p.changed.contains(keepalived_conf) || p.changed.contains(notify);
      if (keepalived_changed) s.step("check keepalived.conf", "keepalived -t -f " + shell_quote(keepalived_conf));
      converge_service(s, p.probe, "keepalived", "keepalived", keepalived_changed, "reload-or-restart");
    }
    if (proxy) {
      // Debian's etcd unit must never run on the LB: it would bind 127.0.0.1:2379.
      if (p.probe.fact("etcd_active") == "active" || p.probe.fact("etcd_enabled") == "enabled")
        s.step("disable Debian's etcd unit", "systemctl disable -q --now etcd");
      const std::string unit = rendered.back().path;
      if (p.changed.contains(unit)) s.step("reload systemd units", "systemctl daemon-reload");
      std::vector<std::string> watched{unit};
      for (const FileUpload& c : certs) watched.push_back(c.path);
      converge_service(s, p.probe, "proxy", kGrpcProxyUnit, any_changed(p.changed, watched), "restart");
    }
    apply_steps(ctx, kPhase, host, s, ctx.options.apply_timeout);
  });
}

}  // namespace klab::provisioner
