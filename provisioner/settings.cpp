#include "provisioner/settings.hpp"

#include <openssl/evp.h>

#include <array>
#include <set>
#include <vector>

#include "lab/diagnostics.hpp"
#include "base/error.hpp"
#include "provisioner/render/lab_view.hpp"
#include "provisioner/vrrp_auth.hpp"

namespace klab::provisioner {

namespace {

std::array<unsigned char, 32> sha256(const std::string& text) {
  std::array<unsigned char, 32> digest{};
  unsigned int len = 0;
  if (EVP_Digest(text.data(), text.size(), digest.data(), &len, EVP_sha256(), nullptr) != 1 ||
      len != digest.size()) {
    throw infra_error("SHA-256 is unavailable in this OpenSSL build: check the OpenSSL install");
  }
  return digest;
}

void check_range(std::vector<std::string>& problems, const std::string& field, long long value,
                 long long min, long long max) {
  if (value < min || value > max) {
    problems.push_back(field + " = " + std::to_string(value) + " is outside " +
                       std::to_string(min) + ".." + std::to_string(max));
  }
}

void validate_etcd(const EtcdSettings& e, std::vector<std::string>& p) {
  check_range(p, "etcd.heartbeat_interval_ms", e.heartbeat_interval_ms, 10, 5000);
  check_range(p, "etcd.election_timeout_ms", e.election_timeout_ms, 50, 50000);
  if (e.election_timeout_ms < 5 * e.heartbeat_interval_ms) {
    p.push_back("etcd.election_timeout_ms (" + std::to_string(e.election_timeout_ms) +
                ") must be at least 5 x etcd.heartbeat_interval_ms (" +
                std::to_string(e.heartbeat_interval_ms) + "); etcd refuses smaller ratios");
  }
  check_range(p, "etcd.snapshot_count", e.snapshot_count, 100, 10000000);
  check_range(p, "etcd.quota_backend_bytes", e.quota_backend_bytes, 0,
              std::int64_t{8} * 1024 * 1024 * 1024);
  if (e.auto_compaction_retention.empty()) {
    p.push_back("etcd.auto_compaction_retention is empty; use e.g. \"1h\" or \"0\" (off)");
  }
  for (const auto& [name, port] : {std::pair{"etcd.client_port", e.client_port},
                                   {"etcd.peer_port", e.peer_port},
                                   {"etcd.metrics_port", e.metrics_port},
                                   {"etcd.grpc_proxy_port", e.grpc_proxy_port},
                                   {"etcd.grpc_proxy_metrics_port", e.grpc_proxy_metrics_port}}) {
    check_range(p, name, port, 1, 65535);
  }
  if (std::set<int>{e.client_port, e.peer_port, e.metrics_port}.size() != 3) {
    p.push_back("etcd.client_port, etcd.peer_port and etcd.metrics_port must differ");
  }
  if (e.data_dir.empty() || e.data_dir.front() != '/' || e.data_dir == "/var/lib/etcd/default") {
    p.push_back(
        "etcd.data_dir must be an absolute path other than /var/lib/etcd/default "
        "(Debian's package bootstraps a one-member cluster there on install)");
  }
}

void validate_keepalived(const KeepalivedSettings& k, const lab::Plan& plan,
                         std::vector<std::string>& p) {
  check_range(p, "keepalived.advert_int_s", k.advert_int_s, 1, 255);
  check_range(p, "keepalived.virtual_router_id", k.virtual_router_id, 1, 255);
  check_range(p, "keepalived.check_interval_s", k.check_interval_s, 1, 60);
  check_range(p, "keepalived.check_fall", k.check_fall, 1, 10);
  check_range(p, "keepalived.check_timeout_s", k.check_timeout_s, 1, 60);
  check_range(p, "keepalived.check_rise", k.check_rise, 1, 10);
  if (k.track_terminate_delay_s < 0 || k.track_terminate_delay_s > 60 || k.track_fork_delay_s < 0 ||
      k.track_fork_delay_s > 60) {
    p.push_back("keepalived.track_terminate_delay_s and track_fork_delay_s must be within 0..60");
  }
  // Empty is allowed here: `klab plan` checks the defaults before any lab directory
  // exists; the keepalived render refuses to write a config without the secret.
  if (k.auth_pass.size() > kVrrpAuthPassLength) {
    p.push_back("keepalived.auth_pass must be at most 8 characters (VRRP PASS authentication)");
  }
  if (k.interface.empty() || k.interface.size() > 15) {
    p.push_back("keepalived.interface must be a Linux interface name (1..15 characters)");
  }
  std::set<int> seen;
  for (const lab::HostPlan* h : vip_hosts(plan)) {
    const int prio = vrrp_priority(k, plan, *h).value_or(0);
    check_range(p, "keepalived priority of " + h->name, prio, 1, 254);
    if (!seen.insert(prio).second) {
      p.push_back("keepalived priority " + std::to_string(prio) + " of " + h->name +
                  " is not distinct; raise keepalived.master_priority_step");
    }
    if (h->role == lab::Role::master && prio >= k.lb_priority && lb_host(plan) != nullptr) {
      p.push_back("keepalived priority of master " + h->name + " (" + std::to_string(prio) +
                  ") must be below keepalived.lb_priority (" + std::to_string(k.lb_priority) +
                  ") so that the LB host holds the VIP");
    }
  }
}

void validate_haproxy(const HaproxySettings& h, std::vector<std::string>& p) {
  check_range(p, "haproxy.apiserver_port", h.apiserver_port, 1, 65535);
  check_range(p, "haproxy.etcd_port", h.etcd_port, 1, 65535);
  check_range(p, "haproxy.check_inter_s", h.check_inter_s, 1, 60);
  check_range(p, "haproxy.check_fall", h.check_fall, 1, 10);
  check_range(p, "haproxy.check_rise", h.check_rise, 1, 10);
  for (const auto& [name, t] : {std::pair{"haproxy.timeout_connect_s", h.timeout_connect_s},
                                {"haproxy.timeout_client_s", h.timeout_client_s},
                                {"haproxy.timeout_server_s", h.timeout_server_s},
                                {"haproxy.timeout_tunnel_s", h.timeout_tunnel_s},
                                {"haproxy.timeout_check_s", h.timeout_check_s}}) {
    check_range(p, name, t, 1, 86400);
  }
  if (h.stats_socket.empty() || h.stats_socket.front() != '/') {
    p.push_back("haproxy.stats_socket must be an absolute path");
  }
}

void validate_kubernetes(const KubernetesSettings& k, std::vector<std::string>& p) {
  if (k.service_cidr.overlaps(k.pod_cidr)) {
    p.push_back("kubernetes.service_cidr " + k.service_cidr.str() +
                " overlaps kubernetes.pod_cidr " + k.pod_cidr.str());
  }
}

// The settings' problems as one diagnostic without a position: they are not from a file.
lab::Diagnostic settings_problems(const std::string& lab, const std::vector<std::string>& problems) {
  std::string message = "invalid deploy settings for lab '" + lab + "':";
  for (const std::string& problem : problems) message += "\n  - " + problem;
  return lab::Diagnostic{{}, "", message};
}

}  // namespace

std::vector<lab::Diagnostic> lab_subnet_conflicts(const KubernetesSettings& k, const lab::Plan& plan) {
  const lab::Cidr& subnet = plan.network.subnet;
  const std::pair<const char*, const lab::Cidr*> ranges[] = {
      {"kubernetes.service_cidr (Service cluster IPs)", &k.service_cidr},
      {"kubernetes.pod_cidr (pod addresses)", &k.pod_cidr}};
  std::vector<lab::Diagnostic> out;
  for (const auto& [name, range] : ranges) {
    if (!range->overlaps(subnet)) continue;
    out.push_back({plan.network.subnet_pos, "network.subnet",
                   subnet.str() + " overlaps " + name + " " + range->str() +
                       ": guests could not tell lab hosts from cluster addresses; pick a subnet "
                       "outside " + k.service_cidr.str() + " and " + k.pod_cidr.str() +
                       ", e.g. 192.168.49.0/24"});
  }
  return out;
}

std::string to_string(EtcdMode mode) {
  return mode == EtcdMode::systemd ? "systemd" : "static-pod";
}

std::string to_string(CompactionMode mode) {
  return mode == CompactionMode::periodic ? "periodic" : "revision";
}

int derive_vrrp_router_id(const std::string& lab) {
  const auto digest = sha256("klab-vrid:" + lab);
  return 1 + ((digest[0] << 8 | digest[1]) % 255);
}

double haproxy_notice_s(const KeepalivedSettings& k) {
  return k.haproxy_tracking == HaproxyTracking::process ? k.track_terminate_delay_s
                                                         : 1.0 * k.check_interval_s * k.check_fall;
}

FailoverBounds failover_bounds(const Settings& settings, int backup_priority) {
  const KeepalivedSettings& k = settings.keepalived;
  FailoverBounds b;
  b.skew_s = (256.0 - backup_priority) / 256.0 * k.advert_int_s;
  b.vrrp_host_death_s = 3.0 * k.advert_int_s + b.skew_s;
  b.vrrp_graceful_stop_s = b.skew_s;
  b.haproxy_death_s = haproxy_notice_s(k) + b.skew_s;
  b.backend_down_s = 1.0 * settings.haproxy.check_inter_s * settings.haproxy.check_fall;
  b.etcd_leader_loss_s = 2.0 * settings.etcd.election_timeout_ms / 1000.0;
  return b;
}

Settings default_settings(const lab::Plan& plan) {
  Settings s;
  s.keepalived.virtual_router_id = derive_vrrp_router_id(plan.lab);
  return s;
}

Settings deploy_settings(const lab::Plan& plan, const std::filesystem::path& lab_dir) {
  Settings s = default_settings(plan);
  s.keepalived.auth_pass = ensure_vrrp_auth_pass(lab_dir);
  return s;
}

void validate(const Settings& settings, const lab::Plan& plan) {
  std::vector<std::string> problems;
  validate_etcd(settings.etcd, problems);
  validate_keepalived(settings.keepalived, plan, problems);
  validate_haproxy(settings.haproxy, problems);
  validate_kubernetes(settings.kubernetes, problems);
  std::vector<lab::Diagnostic> diagnostics = lab_subnet_conflicts(settings.kubernetes, plan);
  if (!problems.empty()) diagnostics.push_back(settings_problems(plan.lab, problems));
  if (!diagnostics.empty()) throw lab::ConfigError(std::move(diagnostics));
}

}  // namespace klab::provisioner
