#include "scenarios/faults/registry.hpp"

#include "base/error.hpp"
#include "scenarios/faults/fault_types.hpp"

namespace klab::scenarios {

namespace {

ParamSpec param(std::string name, ParamKind kind, std::string default_value, std::string help,
                std::vector<std::string> choices = {}) {
  ParamSpec p;
  p.name = std::move(name);
  p.kind = kind;
  p.default_value = std::move(default_value);
  p.required = p.default_value.empty();
  p.help = std::move(help);
  p.choices = std::move(choices);
  return p;
}

ParamSpec join_within() {
  return param("join_within", ParamKind::duration, "180s",
               "how long the member may take to rejoin during the heal");
}
ParamSpec detect_within() {
  return param("detect_within", ParamKind::duration, "60s",
               "how long to watch the journal and cluster IDs for the mistake");
}

std::vector<FaultType> build() {
  return {
      {"link-down", "the host's lab NIC loses its link (host side, libvirt)", {}, false, make_link_down},
      {"suspend", "freeze the VM (virDomainSuspend); heal resumes it", {}, false, make_suspend},
      {"destroy", "power the VM off at once (crash); heal starts it", {}, false, make_destroy},
      {"reset", "hard reset; the VM boots again by itself", {}, false, make_reset},
      {"reboot", "guest-cooperative reboot", {}, false, make_reboot},
      {"netem",
       "delay/loss on the host side of the VM's interface (tc netem)",
       {param("delay", ParamKind::duration, "0ms", "added one-way delay"),
        param("jitter", ParamKind::duration, "0ms", "delay variation"),
        param("loss", ParamKind::percent, "0", "packets dropped, percent")},
       false,
       make_netem},
      {"partition",
       "drop traffic between the target and its peers (nftables on the bridge)",
       {param("peers", ParamKind::hosts, "all-others", "host names, or all-others")},
       false,
       make_partition},
      {"stop-service", "systemctl stop a unit in the guest; heal starts it",
       {param("service", ParamKind::text, "", "systemd unit, e.g. keepalived")}, false, make_stop_service},
      {"kill-service", "kill a unit's processes in the guest; heal starts it",
       {param("service", ParamKind::text, "", "systemd unit, e.g. haproxy"),
        param("signal", ParamKind::choice, "KILL", "signal sent", {"KILL", "TERM", "ABRT"}),
        param("keep_down", ParamKind::boolean, "true",
              "systemd must not restart the unit until heal (a runtime Restart=no drop-in)")},
       false,
       make_kill_service},
      {"wipe-data-dir", "stop a unit and delete everything in its data directory",
       {param("service", ParamKind::text, "", "systemd unit"),
        param("path", ParamKind::path, "", "the directory whose content is deleted")},
       false,
       make_wipe_data_dir},
      {"etcd-restart-with-data",
       "stop etcd, set --initial-cluster-state, start it again with its data intact",
       {param("initial_cluster_state", ParamKind::choice, "new", "the flag while restarting",
              {"new", "existing"}),
        join_within()},
       true,
       make_etcd_restart_with_data},
      {"etcd-replace-member",
       "data lost; heal runs klab's procedure: member remove, wipe, member add, start existing",
       {join_within()}, true, make_etcd_replace_member},
      {"etcd-wiped-start-new",
       "operator mistake: wiped member started with --initial-cluster-state=new; detected, then remediated",
       {detect_within(), join_within()}, true, make_etcd_wiped_start_new},
      {"etcd-existing-without-add",
       "operator mistake: wiped member started with existing without member add; detected, then remediated",
       {param("member_remove", ParamKind::boolean, "true", "whether the operator did remove the old member"),
        detect_within(), join_within()},
       true,
       make_etcd_existing_without_add},
      {"etcd-quorum-restore",
       "snapshot, then lose the targets' data (quorum lost); heal restores every member from the snapshot",
       {join_within()}, true, make_etcd_quorum_restore},
  };
}

}  // namespace

const std::vector<FaultType>& fault_types() {
  static const std::vector<FaultType> types = build();
  return types;
}

const FaultType* find_fault_type(const std::string& name) {
  for (const FaultType& t : fault_types())
    if (t.name == name) return &t;
  return nullptr;
}

std::vector<std::string> fault_type_names() {
  std::vector<std::string> names;
  for (const FaultType& t : fault_types()) names.push_back(t.name);
  return names;
}

std::vector<std::string> detectable_mistakes() {
  return {"wiped-member-started-new", "existing-without-member-add"};
}

std::string mistake_detected_by(const std::string& mistake) {
  if (mistake == "wiped-member-started-new") return "etcd-wiped-start-new";
  if (mistake == "existing-without-member-add") return "etcd-existing-without-add";
  return {};
}

bool heals_itself(const std::string& fault_type) {
  return fault_type == "reset" || fault_type == "reboot" || fault_type == "kill-service";
}

std::unique_ptr<Fault> make_fault(const FaultSpec& spec) {
  const FaultType* type = find_fault_type(spec.type);
  if (!type) throw usage_error(spec.pos.str() + ": unknown fault type '" + spec.type + "'");
  return type->make(FaultParams(type->params, spec.params));
}

}  // namespace klab::scenarios
