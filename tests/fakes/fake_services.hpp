#pragma once
// Simulated services and node state on FakeHosts, for the prep and lb phases: a freshly
// booted lab VM (swap off, chrony running, /etc/hosts complete, modules not loaded,
// haproxy/keepalived/proxy installed but stopped) whose facts follow the steps the
// phases run (`systemctl restart haproxy` makes haproxy active, `modprobe` loads the
// modules, keepalived on the VIP holder adds the VIP to `ip -4 addr show`).
#include <memory>
#include <set>
#include <string>

#include "fakes/fake_transport.hpp"
#include "lab/plan.hpp"

namespace klab::provisioner::fakes {

struct FakeServices {
  std::set<std::string> active, enabled;  // "host/key"
};

inline void simulate_services(FakeLab& lab, const lab::Plan& plan, const std::shared_ptr<FakeServices>& state,
                              const std::string& vip_holder) {
  const std::string vip = plan.network.vip ? plan.network.vip->str() : "";
  for (const lab::HostPlan& h : plan.hosts) {
    FakeHost& f = lab.host(h.name);
    f.facts["swap_active"] = "0";
    f.facts["fstab_swap"] = "0";
    f.facts["modules_missing"] = "br_netfilter overlay ip_vs";
    f.facts["sysctl_differs"] = "net.ipv4.ip_forward";
    f.facts["hosts_missing"] = "";
    f.hooks.push_back({"modprobe -a", [&f](const std::string&) { f.facts["modules_missing"] = ""; }});
    f.hooks.push_back({"sysctl -q -p", [&f](const std::string&) { f.facts["sysctl_differs"] = ""; }});
    f.hooks.push_back({"swapoff -a", [&f](const std::string&) { f.facts["swap_active"] = "0"; }});
    f.hooks.push_back({"sed -i.klab-bak", [&f](const std::string&) { f.facts["fstab_swap"] = "0"; }});
    struct Unit {
      const char* key;
      const char* unit;
    };
    for (const Unit u : {Unit{"chrony", "chrony"}, Unit{"haproxy", "haproxy"}, Unit{"keepalived", "keepalived"},
                         Unit{"proxy", "klab-etcd-grpc-proxy.service"}}) {
      const std::string id = h.name + "/" + u.key;
      if (std::string(u.key) == "chrony") {
        state->active.insert(id);
        state->enabled.insert(id);
      }
      f.fact_fns[std::string(u.key) + "_active"] = [state, id] { return state->active.contains(id) ? "active" : "inactive"; };
      f.fact_fns[std::string(u.key) + "_enabled"] = [state, id] {
        return state->enabled.contains(id) ? "enabled" : "disabled";
      };
      const std::string unit = u.unit;
      f.hooks.push_back({"systemctl restart " + unit, [state, id](const std::string&) { state->active.insert(id); }});
      f.hooks.push_back({"systemctl enable -q " + unit, [state, id](const std::string&) { state->enabled.insert(id); }});
      f.hooks.push_back({"systemctl enable -q --now " + unit, [state, id](const std::string&) {
                           state->enabled.insert(id);
                           state->active.insert(id);
                         }});
    }
    const std::string kid = h.name + "/keepalived";
    f.fact_fns["ipv4"] = [state, kid, vip, own = h.ip.str(), holder = h.name == vip_holder] {
      std::string out = "2: enp1s0    inet " + own + "/24 brd 192.168.49.255 scope global enp1s0\n";
      if (holder && state->active.contains(kid)) out += "2: enp1s0    inet " + vip + "/32 scope global enp1s0\n";
      return out;
    };
  }
}

}  // namespace klab::provisioner::fakes
