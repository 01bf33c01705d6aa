#pragma once
// etcdctl on a guest with the right certificates: the one builder of the command lines
// the etcd phase, the verification, `klab etcdctl -- ARGS` and the scenarios' membership
// steps run, and where the provisioner's etcd layout puts the PKI files on a guest.
// Every etcd endpoint demands a client certificate of the etcd CA: klab uses the
// healthcheck client pair installed on every master and on the LB (root-only, 0600);
// a master's server certificate is a client certificate too.
#include <string>
#include <vector>

#include "lab/plan.hpp"
#include "provisioner/settings.hpp"

namespace klab::provisioner::etcd {

/// Guest paths of the etcd PKI files (under settings.etcd.pki_dir).
struct GuestPki {
  std::string ca;                  // ca.crt
  std::string server_cert, server_key;
  std::string peer_cert, peer_key;
  std::string client_cert, client_key;      // healthcheck-client: etcdctl
  std::string proxy_server_cert, proxy_server_key;  // LB: gRPC proxy listener
  std::string proxy_client_cert, proxy_client_key;  // LB: gRPC proxy to the members
};
GuestPki guest_pki(const EtcdSettings& settings);

/// https://<ip>:2379 of every master, in plan order.
std::vector<std::string> member_client_urls(const lab::Plan& plan, const EtcdSettings& settings);
/// https://127.0.0.1:<client port>: the member on this host (TLS: only klab's etcd
/// answers it, never the plain-HTTP default one Debian's package may start).
std::string local_client_url(const EtcdSettings& settings);
/// https://<vip>:<haproxy etcd port>; empty when the lab has no VIP.
std::string vip_url(const lab::Plan& plan, const Settings& settings);

/// 0: leave etcdctl's default (for user commands such as `watch` or `snapshot save`).
struct EtcdctlTimeouts {
  int dial_s = 2;
  int command_s = 5;
};

/// The certificate pair etcdctl presents.
enum class ClientCert {
  healthcheck_client,  // on every master and the LB
  server,              // a master's own server pair (server+client usage)
};

/// `ETCDCTL_API=3 etcdctl --endpoints=... --cacert=... --cert=... --key=... [timeouts] ARGS`,
/// every word shell-quoted: safe to embed in a script.
std::string etcdctl_command(const Settings& settings, const std::vector<std::string>& endpoints,
                            const std::vector<std::string>& args, EtcdctlTimeouts timeouts = {},
                            ClientCert cert = ClientCert::healthcheck_client);
/// The same command with `shell_args` appended as they are: shell text whose caller
/// quoted what needs quoting.
std::string etcdctl_command_line(const Settings& settings, const std::vector<std::string>& endpoints,
                                 const std::string& shell_args, EtcdctlTimeouts timeouts,
                                 ClientCert cert);

}  // namespace klab::provisioner::etcd
