#include "provisioner/deploy/guest_pki.hpp"

#include "base/error.hpp"
#include "provisioner/etcd/etcdctl.hpp"
#include "base/files.hpp"

namespace klab::provisioner {
namespace {

FileUpload from_lab(const PhaseContext& ctx, const lab::HostPlan& host, const std::string& id,
                    const std::string& guest_path, unsigned mode, const std::string& owner) {
  const auto file = ctx.pki_dir() / id;
  std::optional<std::string> content = base::read_file_if_exists(file);
  if (!content)
    throw usage_error(host.name + ": " + file.string() +
                      " does not exist: the lab's PKI is incomplete; run `klab deploy --phase pki` "
                      "(or a full `klab deploy`) first");
  return FileUpload{guest_path, *content, mode, owner, owner};
}

// A certificate (0644) and its key (0600), both owned by `owner`: <id>.crt and <id>.key.
void add_pair(std::vector<FileUpload>& out, const PhaseContext& ctx, const lab::HostPlan& host, const std::string& id,
              const std::string& guest_cert, const std::string& guest_key, const std::string& owner) {
  out.push_back(from_lab(ctx, host, id + ".crt", guest_cert, 0644, owner));
  out.push_back(from_lab(ctx, host, id + ".key", guest_key, 0600, owner));
}

void add_common(std::vector<FileUpload>& out, const PhaseContext& ctx, const lab::HostPlan& host,
                const etcd::GuestPki& g) {
  out.push_back(from_lab(ctx, host, "etcd/ca.crt", g.ca, 0644, "root"));
  add_pair(out, ctx, host, "etcd/healthcheck-client", g.client_cert, g.client_key, "root");
}

}  // namespace

std::vector<FileUpload> etcd_member_pki(const PhaseContext& ctx, const lab::HostPlan& host) {
  const etcd::GuestPki g = etcd::guest_pki(ctx.settings.etcd);
  std::vector<FileUpload> out;
  add_common(out, ctx, host, g);
  const std::string base = "etcd/" + host.name;
  add_pair(out, ctx, host, base + "-server", g.server_cert, g.server_key, "etcd");
  add_pair(out, ctx, host, base + "-peer", g.peer_cert, g.peer_key, "etcd");
  return out;
}

std::vector<FileUpload> lb_pki(const PhaseContext& ctx, const lab::HostPlan& host) {
  const etcd::GuestPki g = etcd::guest_pki(ctx.settings.etcd);
  std::vector<FileUpload> out;
  add_common(out, ctx, host, g);
  const std::string base = "etcd/" + host.name;
  add_pair(out, ctx, host, base + "-proxy-server", g.proxy_server_cert, g.proxy_server_key, "etcd");
  add_pair(out, ctx, host, "etcd/proxy-client", g.proxy_client_cert, g.proxy_client_key, "etcd");
  return out;
}

}  // namespace klab::provisioner
