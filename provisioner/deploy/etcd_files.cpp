#include "provisioner/deploy/etcd_files.hpp"

#include "provisioner/deploy/file_sync.hpp"
#include "provisioner/deploy/guest_pki.hpp"
#include "provisioner/render/etcd_config.hpp"
#include "provisioner/render/etcd_manifest.hpp"

namespace klab::provisioner {

EtcdClusterSpec steady_spec(const lab::Plan& plan, const std::string& token) {
  return EtcdClusterSpec{etcd_members(plan), InitialClusterState::existing, token};
}

std::vector<RenderedFile> etcd_config_files(const PhaseContext& ctx, const lab::HostPlan& host,
                                            const EtcdClusterSpec& spec) {
  const RenderContext r = ctx.render();
  if (ctx.settings.etcd.mode == EtcdMode::static_pod) return {render_etcd_static_pod(r, host, spec)};
  return {render_etcd_environment(r, host, spec), render_etcd_service_override(r)};
}

EtcdStartFiles etcd_start_files(const PhaseContext& ctx, const lab::HostPlan& host, const EtcdClusterSpec& start,
                                const EtcdClusterSpec& steady) {
  EtcdStartFiles out;
  for (const RenderedFile& f : etcd_config_files(ctx, host, start)) out.files.push_back(to_upload(f));
  for (FileUpload& f : etcd_member_pki(ctx, host)) out.files.push_back(std::move(f));
  if (ctx.settings.etcd.mode == EtcdMode::systemd) {
    FileUpload steady_env = to_upload(etcd_config_files(ctx, host, steady).front());
    if (steady_env.content != out.files.front().content) {
      steady_env.path = kEtcdSteadyStaged;
      out.files.push_back(std::move(steady_env));
      out.staged = true;
    }
  }
  return out;
}

std::vector<std::string> etcd_probe_paths(const PhaseContext& ctx, const lab::HostPlan& host) {
  std::vector<std::string> out;
  for (const RenderedFile& f : etcd_config_files(ctx, host, steady_spec(ctx.plan, "probe"))) out.push_back(f.path);
  for (const FileUpload& f : etcd_member_pki(ctx, host)) out.push_back(f.path);
  return out;
}

}  // namespace klab::provisioner
