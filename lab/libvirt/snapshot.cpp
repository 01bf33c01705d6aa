#include "lab/libvirt/snapshot.hpp"

#include <libvirt/virterror.h>

#include <algorithm>
#include <ctime>
#include <map>
#include <numeric>
#include <pugixml.hpp>

#include "base/parallel.hpp"
#include "lab/libvirt/domain.hpp"
#include "lab/libvirt/libvirt_error.hpp"
#include "lab/libvirt/snapshot_xml.hpp"
#include "lab/libvirt/xml_readers.hpp"
#include "lab/libvirt/xml_text.hpp"

namespace klab::lab::libvirt {

namespace {

struct HostDomain {
  const HostPlan* host;
  Domain dom;
};

std::vector<HostDomain> lab_domains(const Plan& plan, const ConnectionFor& conn) {
  std::vector<HostDomain> out;
  for (const HostPlan& h : plan.hosts) out.push_back({&h, must_owned_domain(conn(h), h)});
  return out;
}

Snapshot try_snapshot(virDomainPtr dom, const std::string& name) {
  Snapshot snap(virDomainSnapshotLookupByName(dom, name.c_str(), 0));
  if (snap) return snap;
  if (last_error_code() == VIR_ERR_NO_DOMAIN_SNAPSHOT) {
    virResetLastError();
    return {};
  }
  throw_last_error_for(
      [&] { return "looking up snapshot " + name + " of domain " + domain_name(dom); });
}

std::string snapshot_time(virDomainSnapshotPtr snap) {
  char* raw = virDomainSnapshotGetXMLDesc(snap, 0);
  if (!raw) throw_last_error("reading a snapshot");
  pugi::xml_document doc = parse_xml(take_string(raw), "a domain snapshot");
  auto t =
      static_cast<std::time_t>(doc.child("domainsnapshot").child("creationTime").text().as_llong());
  char buf[32] = {};
  std::tm tm{};
  gmtime_r(&t, &tm);
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// Resumes the given hosts on scope exit, so a failed save never leaves the lab frozen.
struct ResumeGuard {
  std::vector<virDomainPtr> doms;
  ~ResumeGuard() {
    for (virDomainPtr d : doms) {
      if (virDomainResume(d) < 0) virResetLastError();  // best effort; state is reported by status
    }
  }
};

}  // namespace

void save_lab_snapshot(const Plan& plan, const ConnectionFor& conn, const std::string& name) {
  std::vector<HostDomain> hosts = lab_domains(plan, conn);
  for (HostDomain& hd : hosts) {
    HostState s = domain_state(hd.dom.get());
    if (s != HostState::running && s != HostState::paused) {
      throw usage_error("host " + hd.host->name + " is " + to_string(s) +
                        ": a lab snapshot captures running hosts; run klab up first");
    }
    if (try_snapshot(hd.dom.get(), name)) {
      throw usage_error("snapshot " + name + " already exists on host " + hd.host->name +
                        ": choose another name or run klab snapshot rm " + name);
    }
  }
  ResumeGuard resume;
  for (HostDomain& hd : hosts) {
    if (domain_state(hd.dom.get()) != HostState::running) continue;
    if (virDomainSuspend(hd.dom.get()) < 0) throw_last_error("pausing host " + hd.host->name);
    resume.doms.push_back(hd.dom.get());
  }
  std::vector<Snapshot> taken;
  try {
    for (HostDomain& hd : hosts) {
      std::string xml = render_snapshot(name, plan.lab, snapshot_disks(domain_xml(hd.dom.get())));
      Snapshot snap(virDomainSnapshotCreateXML(hd.dom.get(), xml.c_str(), 0));
      if (!snap) throw_last_error("taking snapshot " + name + " of host " + hd.host->name);
      taken.push_back(std::move(snap));
    }
  } catch (const Error&) {
    for (Snapshot& s : taken) {
      if (virDomainSnapshotDelete(s.get(), 0) < 0) virResetLastError();
    }
    throw;
  }
}

void restore_lab_snapshot(const Plan& plan, const ConnectionFor& conn, const std::string& name) {
  std::vector<HostDomain> hosts = lab_domains(plan, conn);
  std::vector<Snapshot> snaps;
  for (HostDomain& hd : hosts) {
    Snapshot snap = try_snapshot(hd.dom.get(), name);
    if (!snap) {
      throw usage_error("host " + hd.host->name + " has no snapshot " + name +
                        ": see klab snapshot list");
    }
    snaps.push_back(std::move(snap));
  }
  // Revert everything paused first, then let all hosts run again at once: no host
  // sees the others from a different moment. The reverts run in parallel: each loads
  // its VM's memory image (seconds per host), and libvirtd serves concurrent calls on
  // one connection from its worker pool (libvirt errors are per thread).
  std::vector<std::size_t> indices(hosts.size());
  std::iota(indices.begin(), indices.end(), std::size_t{0});
  std::vector<base::Outcome<void>> reverts = base::parallel_map(indices, [&](std::size_t i) {
    if (virDomainRevertToSnapshot(snaps[i].get(), VIR_DOMAIN_SNAPSHOT_REVERT_PAUSED) < 0)
      throw_last_error("restoring snapshot " + name + " on host " + hosts[i].host->name);
  });
  ResumeGuard resume;  // on a failure: the reverted hosts run again, not left frozen
  for (std::size_t i = 0; i < hosts.size(); ++i)
    if (reverts[i].ok()) resume.doms.push_back(hosts[i].dom.get());
  for (const base::Outcome<void>& revert : reverts) revert.get();  // throws the first failure
  std::vector<virDomainPtr> doms = std::move(resume.doms);
  resume.doms.clear();
  for (std::size_t i = 0; i < doms.size(); ++i) {
    if (virDomainResume(doms[i]) < 0) {
      throw_last_error("resuming host " + hosts[i].host->name + " after the restore");
    }
  }
}

std::vector<LabSnapshot> list_lab_snapshots(const Plan& plan, const ConnectionFor& conn) {
  std::map<std::string, LabSnapshot> by_name;
  for (const HostPlan& h : plan.hosts) {
    Domain dom = try_owned_domain(conn(h), h);
    if (!dom) continue;
    virDomainSnapshotPtr* items = nullptr;
    int n = virDomainListAllSnapshots(dom.get(), &items, 0);
    if (n < 0) throw_last_error("listing snapshots of host " + h.name);
    std::vector<Snapshot> snaps;
    take_list(items, n, snaps);
    for (Snapshot& s : snaps) {
      const char* sname = virDomainSnapshotGetName(s.get());
      if (!sname) throw_last_error("reading a snapshot name of host " + h.name);
      LabSnapshot& ls = by_name[sname];
      ls.name = sname;
      ls.hosts.push_back(h.name);
      std::string t = snapshot_time(s.get());
      if (ls.created.empty() || t < ls.created) ls.created = t;
    }
  }
  std::vector<LabSnapshot> out;
  for (auto& [n, ls] : by_name) {
    ls.complete = ls.hosts.size() == plan.hosts.size();
    out.push_back(std::move(ls));
  }
  return out;
}

RemoveReport remove_lab_snapshot(const Plan& plan, const ConnectionFor& conn,
                                 const std::string& name) {
  RemoveReport report;
  for (const HostPlan& h : plan.hosts) {
    try {
      Domain dom = try_owned_domain(conn(h), h);
      if (!dom) continue;
      Snapshot snap = try_snapshot(dom.get(), name);
      if (!snap) continue;
      if (virDomainSnapshotDelete(snap.get(), 0) < 0) {
        throw_last_error("deleting snapshot " + name + " of host " + h.name);
      }
      report.removed.push_back("snapshot " + name + " of host " + h.name);
    } catch (const Error& e) {
      report.errors.push_back(e.what());
    }
  }
  return report;
}

}  // namespace klab::lab::libvirt
