#include "provisioner/etcd/etcdctl.hpp"

#include "provisioner/render/etcd_flags.hpp"
#include "provisioner/render/lab_view.hpp"
#include "provisioner/transport/shell_quote.hpp"
#include "base/strings.hpp"

namespace klab::provisioner::etcd {
namespace {

std::vector<std::string> etcdctl_words(const Settings& settings, const std::vector<std::string>& endpoints,
                                       EtcdctlTimeouts timeouts, ClientCert cert) {
  const GuestPki pki = guest_pki(settings.etcd);
  const bool server = cert == ClientCert::server;
  std::string joined = base::join(endpoints, ",");
  std::vector<std::string> argv = {"etcdctl",
                                   "--endpoints=" + joined,
                                   "--cacert=" + pki.ca,
                                   "--cert=" + (server ? pki.server_cert : pki.client_cert),
                                   "--key=" + (server ? pki.server_key : pki.client_key)};
  if (timeouts.dial_s > 0) argv.push_back("--dial-timeout=" + std::to_string(timeouts.dial_s) + "s");
  if (timeouts.command_s > 0) argv.push_back("--command-timeout=" + std::to_string(timeouts.command_s) + "s");
  return argv;
}

}  // namespace

GuestPki guest_pki(const EtcdSettings& settings) {
  const std::string d = settings.pki_dir + "/";
  return GuestPki{d + "ca.crt",
                  d + "server.crt",
                  d + "server.key",
                  d + "peer.crt",
                  d + "peer.key",
                  d + "healthcheck-client.crt",
                  d + "healthcheck-client.key",
                  d + "grpc-proxy-server.crt",
                  d + "grpc-proxy-server.key",
                  d + "grpc-proxy-client.crt",
                  d + "grpc-proxy-client.key"};
}

std::vector<std::string> member_client_urls(const lab::Plan& plan, const EtcdSettings& settings) {
  std::vector<std::string> out;
  for (const lab::HostPlan* h : etcd_hosts(plan)) out.push_back(client_url(settings, h->ip));
  return out;
}

std::string local_client_url(const EtcdSettings& settings) {
  return "https://127.0.0.1:" + std::to_string(settings.client_port);
}

std::string vip_url(const lab::Plan& plan, const Settings& settings) {
  if (!plan.network.vip) return {};
  return "https://" + plan.network.vip->str() + ":" + std::to_string(settings.haproxy.etcd_port);
}

std::string etcdctl_command(const Settings& settings, const std::vector<std::string>& endpoints,
                            const std::vector<std::string>& args, EtcdctlTimeouts timeouts, ClientCert cert) {
  std::vector<std::string> argv = etcdctl_words(settings, endpoints, timeouts, cert);
  argv.insert(argv.end(), args.begin(), args.end());
  return "ETCDCTL_API=3 " + shell_join(argv);
}

std::string etcdctl_command_line(const Settings& settings, const std::vector<std::string>& endpoints,
                                 const std::string& shell_args, EtcdctlTimeouts timeouts, ClientCert cert) {
  return "ETCDCTL_API=3 " + shell_join(etcdctl_words(settings, endpoints, timeouts, cert)) + " " + shell_args;
}

}  // namespace klab::provisioner::etcd
