#include "provisioner/etcdctl.hpp"

#include "provisioner/render/etcd_flags.hpp"
#include "provisioner/render/lab_view.hpp"
#include "provisioner/transport/shell_quote.hpp"

namespace klab::provisioner {

GuestEtcdPki guest_etcd_pki(const EtcdSettings& settings) {
  const std::string d = settings.pki_dir + "/";
  return GuestEtcdPki{d + "ca.crt",
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

std::string vip_etcd_url(const lab::Plan& plan, const Settings& settings) {
  if (!plan.network.vip) return {};
  return "https://" + plan.network.vip->str() + ":" + std::to_string(settings.haproxy.etcd_port);
}

std::string etcdctl_command(const Settings& settings, const std::vector<std::string>& endpoints,
                            const std::vector<std::string>& args, EtcdctlTimeouts timeouts) {
  const GuestEtcdPki pki = guest_etcd_pki(settings.etcd);
  std::string joined;
  for (const std::string& e : endpoints) joined += (joined.empty() ? "" : ",") + e;
  std::vector<std::string> argv = {"etcdctl",
                                   "--endpoints=" + joined,
                                   "--cacert=" + pki.ca,
                                   "--cert=" + pki.client_cert,
                                   "--key=" + pki.client_key};
  if (timeouts.dial_s > 0) argv.push_back("--dial-timeout=" + std::to_string(timeouts.dial_s) + "s");
  if (timeouts.command_s > 0) argv.push_back("--command-timeout=" + std::to_string(timeouts.command_s) + "s");
  argv.insert(argv.end(), args.begin(), args.end());
  return "ETCDCTL_API=3 " + shell_join(argv);
}

}  // namespace klab::provisioner
