#include "scenarios/live/live_lab.hpp"

#include <filesystem>

#include "lab/error.hpp"
#include "provisioner/lab_targets.hpp"
#include "provisioner/phases/ssh_factory.hpp"
#include "provisioner/pki/ensure.hpp"
#include "provisioner/render/lab_view.hpp"
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
  provider_ = lab::make_provider("libvirt");
  control_ = make_live_lab_control(plan_, *provider_);
  transports_ = std::make_unique<provisioner::HostTransports>(plan_, provisioner::ssh_transport_factory(keys_));

  const TlsFiles tls = lab_etcd_tls(plan_);
  LiveClusterConfig cluster;
  cluster.tls = tls;
  ProbeSetConfig probes;
  probes.tls = tls;
  if (plan_.network.vip) {
    probes.targets.push_back(etcd_health_target("vip", endpoint_of(*plan_.network.vip)));
    probes.writer_endpoint = endpoint_of(*plan_.network.vip);
  }
  for (const lab::HostPlan* m : plan_.hosts_with_role(lab::Role::master)) {
    cluster.members[m->name] = endpoint_of(m->ip);
    probes.targets.push_back(etcd_health_target(m->name, endpoint_of(m->ip)));
  }
  if (!probes.writer_endpoint && !plan_.hosts_with_role(lab::Role::master).empty())
    probes.writer_endpoint = endpoint_of(plan_.hosts_with_role(lab::Role::master).front()->ip);

  std::unique_ptr<VrrpPoller> poller;
  const auto vip_hosts = provisioner::vip_hosts(plan_);
  if (plan_.network.vip && !vip_hosts.empty()) {
    std::vector<provisioner::Transport*> hosts;
    for (const lab::HostPlan* h : vip_hosts) {
      provisioner::SshTarget target = provisioner::ssh_target_for(*h, keys_);
      // An SSH handshake costs a TCG guest seconds of CPU (tens of seconds when the host
      // is overcommitted), so connecting gets time; a dead host is noticed by the
      // answers going stale, not by the connect timing out, and a retry blocks only
      // that host's poller thread.
      target.connect_timeout = std::chrono::seconds(20);
      target.reconnect_deadline = std::chrono::seconds(1);  // one attempt per round trip
      vrrp_transports_.push_back(std::make_unique<provisioner::SshTransport>(target));
      hosts.push_back(vrrp_transports_.back().get());
    }
    VrrpPollerConfig config;
    config.vip = plan_.network.vip->str();
    config.state_log = settings_.keepalived.state_log;
    poller = std::make_unique<VrrpPoller>(config, hosts);
    poller->wait_first_round(std::chrono::seconds(30));
  }
  view_ = std::make_unique<LiveClusterView>(cluster, std::move(poller));
  probes_ = std::make_unique<AsioProbeSet>(probes);
}

LiveLab::~LiveLab() {
  view_.reset();  // joins the poller's threads before their transports go
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
  for (auto& t : vrrp_transports_) disconnect(*t);
}

}  // namespace klab::scenarios
