#pragma once
// Deploy settings: every tunable that ends up in a rendered config file, with defaults
// chosen to hold on a TCG (software-emulated) lab, where guests run several times slower
// than on KVM and fsync on a qcow2 overlay can stall for hundreds of milliseconds.
// docs/templates.md explains each default and the failure-detection bounds they imply.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "cloud-init/network_config.hpp"

#include "lab/diagnostics.hpp"
#include "lab/ipv4.hpp"
#include "lab/plan.hpp"

namespace klab::provisioner {

enum class EtcdMode { systemd, static_pod };
enum class CompactionMode { periodic, revision };

std::string to_string(EtcdMode mode);        // "systemd" | "static-pod"
std::string to_string(CompactionMode mode);  // "periodic" | "revision"

struct EtcdSettings {
  EtcdMode mode = EtcdMode::systemd;  // Debian's etcd-server 3.4, or a kubelet static pod
  // 250 ms heartbeat: a TCG guest's scheduling jitter plus a WAL fsync often exceed etcd's
  // 100 ms default, which shows up as "leader failed to send out heartbeat on time" and
  // needless elections. 2500 ms election timeout = 10 x heartbeat (etcd's tuning guide).
  // Leader loss is detected after one to two election timeouts (etcd randomises it).
  // Measured on the 4-host TCG lab (2 host cores): with 250/2500 ms the members, at
  // ~50 % of their one emulated CPU when idle, lost their leader again and again (raft
  // term 91 after 40 minutes; each election costs more CPU and slows them further), so
  // deploy and verify saw no leader for seconds at a time. 500/5000 ms broke that loop.
  int heartbeat_interval_ms = 500;
  int election_timeout_ms = 5000;
  // Pre-vote: a member cut off from its peers asks before it campaigns, so it does not
  // inflate its raft term and, when it comes back, depose a healthy leader. etcd 3.4
  // (Debian 12) defaults to false (3.5 to true). Measured with master-partition on the TCG
  // lab without it: each rejoining follower forced an election ("ignored MsgVote ... at
  // term N", "lost leader") and every client saw 15-16 s of outage after the heal.
  bool pre_vote = true;
  // Fewer entries between snapshots than 3.4's 100000: less memory in a 2 GiB guest and a
  // faster catch-up for a rejoining member (seeds/003 uses 10000 too).
  int snapshot_count = 10000;
  // 2 GiB, etcd's own recommended default, stated explicitly; a lab never gets near it.
  std::int64_t quota_backend_bytes = std::int64_t{2} * 1024 * 1024 * 1024;
  CompactionMode auto_compaction_mode = CompactionMode::periodic;
  std::string auto_compaction_retention = "1h";  // seeds/003: keep one hour of history
  int client_port = 2379;
  int peer_port = 2380;
  int metrics_port = 2381;                      // plain HTTP on 127.0.0.1: /health, /metrics
  std::string data_dir = "/var/lib/etcd/klab";  // NOT Debian's /var/lib/etcd/default, see docs
  std::string pki_dir = "/etc/kubernetes/pki/etcd";
  std::string static_pod_image = "registry.k8s.io/etcd:3.5.10-0";
  int start_timeout_s = 300;  // systemd TimeoutStartSec: Type=notify waits for quorum
  // etcd gRPC proxy on the LB host: its own address (the VIP's 2379 belongs to haproxy).
  int grpc_proxy_port = 2379;
  int grpc_proxy_metrics_port = 2381;
};

enum class HaproxyTracking { process, script };

struct KeepalivedSettings {
  // The guest's lab NIC: cloud-init's network-config matches it by MAC and names it
  // eth0 (cloud-init/network_config.hpp), whatever the machine type would call it.
  std::string interface = cloudinit::kLabInterface;
  int advert_int_s = 1;
  int lb_priority = 150;          // the LB host: MASTER
  int master_priority_max = 120;  // first master; each next master is `step` lower
  int master_priority_step = 10;
  int virtual_router_id = 0;  // 1..255; 0 = derive from the lab name
  std::string auth_pass;      // <= 8 characters; the lab's stored secret (vrrp_auth.hpp),
                              // empty until deploy_settings() has loaded it
  // How keepalived notices a dead haproxy (unweighted either way: the instance goes to
  // FAULT, see docs/templates.md). `process`: vrrp_track_process, the kernel's process
  // events connector reports haproxy's exit at once and nothing is forked while haproxy
  // runs (a pgrep every 2 s cost each TCG guest ~10 % of its CPU). `script`: a pgrep
  // every check_interval_s, for kernels without CONFIG_PROC_EVENTS.
  HaproxyTracking haproxy_tracking = HaproxyTracking::process;
  double track_terminate_delay_s = 2;  // process: a restart gap shorter than this keeps
                                       //   the VIP; death noticed after this long
  double track_fork_delay_s = 1;       // process: a (re)started haproxy counts after this
  int check_interval_s = 2;   // script: death noticed after interval x fall seconds
  int check_fall = 2;
  int check_rise = 2;
  // script: a check slower than this counts as failed. keepalived's default is the
  // interval, and under TCG (4 guests on 2 cores) a fork+exec of pgrep took more than 5 s
  // during a deploy: the VIP flapped between MASTER and FAULT on the real lab. A dead
  // haproxy is still noticed after interval x fall: pgrep then fails at once.
  int check_timeout_s = 15;
  std::string notify_script = "/usr/local/lib/klab/keepalived-notify.sh";
  std::string state_log = "/var/log/klab/keepalived-state.log";
};

struct HaproxySettings {
  int apiserver_port = 6443;  // on the VIP (frontend) and on each master (backend)
  int etcd_port = 2379;       // on the VIP (frontend) -> etcd client port (backend)
  std::string stats_socket = "/run/haproxy/admin.sock";
  int timeout_connect_s = 5;
  int timeout_client_s = 60;
  int timeout_server_s = 60;
  int timeout_tunnel_s = 3600;  // long-lived watches and gRPC streams
  int timeout_check_s = 3;      // generous: TLS handshakes are slow under TCG
  int check_inter_s = 2;        // backend health: DOWN after inter x fall
  int check_fall = 3;
  int check_rise = 2;
};

struct NodeSettings {
  std::string journald_system_max_use = "512M";
  std::string journald_system_max_file_size = "32M";
  // Raised from journald's 10000 per 30 s: a fault burst must not lose the log lines a
  // scenario report needs.
  std::string journald_rate_limit_interval = "30s";
  int journald_rate_limit_burst = 50000;
  int chrony_makestep_threshold_s = 1;  // step after a suspend/resume fault, any time
};

struct KubernetesSettings {
  lab::Cidr service_cidr{lab::Ipv4{(10u << 24) | (96u << 16)}, 12};  // 10.96.0.0/12
  lab::Cidr pod_cidr{lab::Ipv4{(10u << 24) | (244u << 16)}, 16};     // 10.244.0.0/16
};

struct Settings {
  EtcdSettings etcd;
  KeepalivedSettings keepalived;
  HaproxySettings haproxy;
  NodeSettings node;
  KubernetesSettings kubernetes;
};

/// The defaults above with the lab-derived field filled in (the VRRP router id). Pure:
/// the VRRP secret stays empty, for checks and renders that need no lab directory.
Settings default_settings(const lab::Plan& plan);
/// What `klab deploy` renders with: default_settings plus the lab's VRRP secret from
/// `lab_dir`, created there on the first deploy (vrrp_auth.hpp).
Settings deploy_settings(const lab::Plan& plan, const std::filesystem::path& lab_dir);

/// Throws a lab::ConfigError (usage, exit 64) listing every inconsistent value (ranges,
/// election timeout below 5 x heartbeat, priorities that are not distinct or put a master
/// above the LB, CIDRs overlapping each other or the lab subnet). `klab plan` runs it on
/// the defaults too, so a topology deploy would refuse is refused before anything exists.
void validate(const Settings& settings, const lab::Plan& plan);

/// The lab subnet overlapping the Kubernetes service or pod range: one diagnostic per
/// range, at network.subnet in the topology file (the settings themselves are fixed).
std::vector<lab::Diagnostic> lab_subnet_conflicts(const KubernetesSettings& kubernetes,
                                                  const lab::Plan& plan);

/// The failure-detection bounds the settings imply (reference/failure-scenarios.md),
/// for the backup that takes the VIP over with `backup_priority`. Seconds.
struct FailoverBounds {
  double skew_s = 0;                // (256 - priority) / 256 x advert_int
  double vrrp_host_death_s = 0;     // 3 x advert_int + skew
  double vrrp_graceful_stop_s = 0;  // about the skew: keepalived sends a priority-0 advert
  double haproxy_death_s = 0;       // terminate delay (process) or check interval x fall
                                    // (script), then FAULT (priority 0) + skew
  double backend_down_s = 0;        // haproxy marks a backend DOWN: inter x fall
  double etcd_leader_loss_s = 0;    // up to 2 x election timeout (etcd randomises it)
};
FailoverBounds failover_bounds(const Settings& settings, int backup_priority);
/// How long after haproxy dies keepalived puts its instance in FAULT.
double haproxy_notice_s(const KeepalivedSettings& k);

/// 1..255 from SHA-256("klab-vrid:" + lab).
int derive_vrrp_router_id(const std::string& lab);

}  // namespace klab::provisioner
