#include "provisioner/deploy/guest_pki.hpp"

#include "lab/error.hpp"
#include "provisioner/etcd/etcdctl.hpp"
#include "provisioner/pki/files.hpp"

namespace klab::provisioner {
namespace {

FileUpload from_lab(const PhaseContext& ctx, const lab::HostPlan& host, const std::string& id,
                    const std::string& guest_path, unsigned mode, const std::string& owner) {
  const auto file = ctx.pki_dir() / id;
  std::optional<std::string> content = pki::read_file_if_exists(file);
  if (!content)
    throw usage_error(host.name + ": " + file.string() +
                      " does not exist: the lab's PKI is incomplete; run `klab deploy --phase pki` "
                      "(or a full `klab deploy`) first");
  return FileUpload{guest_path, *content, mode, owner, owner};
}

void add_common(std::vector<FileUpload>& out, const PhaseContext& ctx, const lab::HostPlan& host,
                const etcd::GuestPki& g) {
  out.push_back(from_lab(ctx, host, "etcd/ca.crt", g.ca, 0644, "root"));
  out.push_back(from_lab(ctx, host, "etcd/healthcheck-client.crt", g.client_cert, 0644, "root"));
  out.push_back(from_lab(ctx, host, "etcd/healthcheck-client.key", g.client_key, 0600, "root"));
}

}  // namespace

std::vector<FileUpload> etcd_member_pki(const PhaseContext& ctx, const lab::HostPlan& host) {
  const etcd::GuestPki g = etcd::guest_pki(ctx.settings.etcd);
  std::vector<FileUpload> out;
  add_common(out, ctx, host, g);
  const std::string base = "etcd/" + host.name;
  out.push_back(from_lab(ctx, host, base + "-server.crt", g.server_cert, 0644, "etcd"));
  out.push_back(from_lab(ctx, host, base + "-server.key", g.server_key, 0600, "etcd"));
  out.push_back(from_lab(ctx, host, base + "-peer.crt", g.peer_cert, 0644, "etcd"));
  out.push_back(from_lab(ctx, host, base + "-peer.key", g.peer_key, 0600, "etcd"));
  return out;
}

std::vector<FileUpload> lb_pki(const PhaseContext& ctx, const lab::HostPlan& host) {
  const etcd::GuestPki g = etcd::guest_pki(ctx.settings.etcd);
  std::vector<FileUpload> out;
  add_common(out, ctx, host, g);
  const std::string base = "etcd/" + host.name;
  out.push_back(from_lab(ctx, host, base + "-proxy-server.crt", g.proxy_server_cert, 0644, "etcd"));
  out.push_back(from_lab(ctx, host, base + "-proxy-server.key", g.proxy_server_key, 0600, "etcd"));
  out.push_back(from_lab(ctx, host, "etcd/proxy-client.crt", g.proxy_client_cert, 0644, "etcd"));
  out.push_back(from_lab(ctx, host, "etcd/proxy-client.key", g.proxy_client_key, 0600, "etcd"));
  return out;
}

}  // namespace klab::provisioner
