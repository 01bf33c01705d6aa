#include "scenarios/live/live_lab.hpp"

#include <filesystem>

#include "base/error.hpp"
#include "provisioner/lab_targets.hpp"
#include "provisioner/pki/ensure.hpp"
#include "provisioner/render/lab_view.hpp"
#include "provisioner/transport/ssh_factory.hpp"
#include "provisioner/transport/ssh_transport.hpp"

namespace klab::scenarios {

namespace {

constexpr std::uint16_t etcd_client_port = 2379;

Endpoint endpoint_of(const lab::Ipv4& ip) { return Endpoint{ip.str(), etcd_client_port}; }

void disconnect(provisioner::Transport& t) {
  if (auto* ssh = dynamic_cast<provisioner::SshTransport*>(&t)) ssh->disconnect();
}

}  // namespace

TlsFiles lab_etcd_tls(const lab::Plan& plan) {
  const std::filesystem::path dir = provisioner::pki::pki_dir(plan) / "etcd";
  TlsFiles tls{dir / "ca.crt", dir / "healthcheck-client.crt", dir / "healthcheck-client.key"};
  for (const auto& f : {tls.ca, tls.cert, tls.key})
    if (!std::filesystem::exists(f))
      throw infra_error("lab " + plan.lab + " has no etcd client certificate " + f.string() +
                        ": deploy the lab first with `klab deploy`");
  return tls;
}

LiveLab::LiveLab(const lab::Plan& plan)
    : plan_(plan), settings_(provisioner::default_settings(plan_)), keys_(provisioner::must_load_lab_keys(plan_)) {
  provider_ = lab::make_provider();
  control_ = make_live_lab_control(plan_, *provider_);
  transports_ = std::make_unique<provisioner::HostTransports>(plan_, provisioner::ssh_transport_factory(keys_));

  const TlsFiles tls = lab_etcd_tls(plan_);
  LiveClusterConfig cluster;
  cluster.tls = tls;
  ProbeSetConfig probes;
  probes.tls = tls;
  if (plan_.network.vip) {
    probes.targets.push_back(etcd_read_target("vip", endpoint_of(*plan_.network.vip)));
    probes.writer_endpoint = endpoint_of(*plan_.network.vip);
  }
  for (const lab::HostPlan* m : plan_.hosts_with_role(lab::Role::master)) {
    cluster.members[m->name] = endpoint_of(m->ip);
    // Members on one kept connection only: a fresh TLS handshake costs a TCG guest
    // tens of ms of its ~0.4 core, and at 10 per second per member (plus the VIP's)
    // the probes starved etcd (heartbeats late, handshakes timing out). Clients'
    // fresh-connection view is the VIP's fresh probe.
    ProbeTarget member = etcd_read_target(m->name, endpoint_of(m->ip));
    member.modes = {ConnectionMode::reused};
    probes.targets.push_back(member);
  }
  if (!probes.writer_endpoint && !plan_.hosts_with_role(lab::Role::master).empty())
    probes.writer_endpoint = endpoint_of(plan_.hosts_with_role(lab::Role::master).front()->ip);

  std::unique_ptr<VrrpWireWatch> vrrp;
  if (plan_.network.vip && !provisioner::vip_hosts(plan_).empty()) vrrp = std::make_unique<VrrpWireWatch>(vrrp_watch_config());
  view_ = std::make_unique<LiveClusterView>(cluster, std::move(vrrp));
  probes_ = std::make_unique<AsioProbeSet>(probes);
}

LiveLab::~LiveLab() = default;

VrrpWireWatchConfig LiveLab::vrrp_watch_config() const {
  VrrpWireWatchConfig config;
  config.bridge = plan_.network.bridge;
  config.gateway = plan_.network.gateway;
  config.state.vip = *plan_.network.vip;
  for (const lab::HostPlan& h : plan_.hosts) config.state.host_of_mac[h.mac] = h.name;
  for (const lab::HostPlan* h : provisioner::vip_hosts(plan_)) config.state.vip_hosts.push_back(h->name);
  // VRRP's own master-down interval: a BACKUP takes over after 3 missed advertisements
  // (plus its skew), so a host silent for that long is no longer MASTER to its peers.
  config.state.master_window = std::chrono::seconds(3 * settings_.keepalived.advert_int_s);
  return config;
}

EngineDeps LiveLab::engine_deps(Clock& clock, lab::Progress& progress) {
  provisioner::HostTransports* transports = transports_.get();
  TransportFor transport = [transports](const std::string& host) -> provisioner::Transport& {
    return transports->of(host);
  };
  return EngineDeps{plan_, settings_, *control_, *view_, *probes_, transport, clock, progress, {}};
}

void LiveLab::forget_connections() {
  for (const lab::HostPlan& h : plan_.hosts) disconnect(transports_->of(h.name));
  // Likewise etcd's keep-alive connections: the restored guests know none of them. The
  // read-back of acked-writes (its client is used once per case) then failed on every
  // member after a restore: "no etcd member could serve the read-back".
  view_->forget_connections();
}

}  // namespace klab::scenarios
