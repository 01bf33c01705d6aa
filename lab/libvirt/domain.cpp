#include "lab/libvirt/domain.hpp"

#include <libvirt/virterror.h>

#include "lab/libvirt/libvirt_error.hpp"
#include "lab/libvirt/xml_readers.hpp"

namespace klab::lab::libvirt {

namespace {

bool owns(const std::optional<Owner>& owner, const HostPlan& host) {
  return owner && owner->host == host.name &&
         "klab-" + owner->lab + "-" + host.name == host.domain_name;
}

const char* op_name(Power op) {
  switch (op) {
    case Power::start:
      return "starting";
    case Power::shutdown:
      return "shutting down";
    case Power::destroy:
      return "destroying (powering off)";
    case Power::suspend:
      return "suspending";
    case Power::resume:
      return "resuming";
    case Power::reset:
      return "resetting";
    case Power::reboot:
      return "rebooting";
  }
  return "operating on";
}

}  // namespace

Domain try_owned_domain(const Connection& conn, const HostPlan& host) {
  Domain dom = conn.try_domain(host.domain_name);
  if (dom && !owns(owner_from_xml(domain_xml(dom.get(), VIR_DOMAIN_XML_INACTIVE)), host)) {
    throw infra_error("domain " + host.domain_name + " at " + conn.uri() +
                      " exists but klab did not create it (no klab ownership metadata "
                      "for host " +
                      host.name +
                      "); klab will not touch it: rename or "
                      "remove it yourself, or rename the lab");
  }
  return dom;
}

Domain must_owned_domain(const Connection& conn, const HostPlan& host) {
  Domain dom = try_owned_domain(conn, host);
  if (!dom) {
    throw infra_error("host " + host.name + " has no domain (" + host.domain_name + " at " +
                      conn.uri() + "): run klab up");
  }
  return dom;
}

std::vector<std::pair<Domain, Owner>> owned_domains(const Connection& conn,
                                                    const std::string& lab) {
  std::vector<std::pair<Domain, Owner>> out;
  for (Domain& dom : conn.all_domains()) {
    std::optional<Owner> owner = owner_from_xml(domain_xml(dom.get(), VIR_DOMAIN_XML_INACTIVE));
    if (!owner || (!lab.empty() && owner->lab != lab)) continue;
    if (domain_name(dom.get()) != "klab-" + owner->lab + "-" + owner->host) continue;
    out.emplace_back(std::move(dom), *owner);
  }
  return out;
}

HostState domain_state(virDomainPtr dom) {
  int state = 0;
  int reason = 0;
  if (virDomainGetState(dom, &state, &reason, 0) < 0) {
    throw_last_error_for([&] { return "reading the state of domain " + domain_name(dom); });
  }
  switch (state) {
    case VIR_DOMAIN_RUNNING:
      return HostState::running;
    case VIR_DOMAIN_BLOCKED:
      return HostState::running;  // idle vCPUs, still running
    case VIR_DOMAIN_PAUSED:
      return HostState::paused;
    case VIR_DOMAIN_SHUTDOWN:
      return HostState::shutting_down;
    case VIR_DOMAIN_SHUTOFF:
      return HostState::shut_off;
    case VIR_DOMAIN_CRASHED:
      return HostState::crashed;
    default:
      return HostState::other;
  }
}

bool domain_active(virDomainPtr dom) {
  int active = virDomainIsActive(dom);
  if (active < 0)
    throw_last_error_for([&] { return "checking whether domain " + domain_name(dom) + " runs"; });
  return active == 1;
}

Ensured ensure_domain(const Connection& conn, const Plan& plan, const HostPlan& host,
                      const DomainInputs& inputs) {
  const std::string xml = render_domain(plan, host, inputs);
  Domain dom = try_owned_domain(conn, host);
  std::string define_xml = xml;
  Ensured result = Ensured::created;
  if (dom) {
    std::string current = domain_xml(dom.get(), VIR_DOMAIN_XML_INACTIVE);
    if (owner_from_xml(current)->spec == owner_from_xml(xml)->spec) return Ensured::unchanged;
    if (domain_active(dom.get())) return Ensured::out_of_date;
    define_xml = with_uuid(xml, xml_uuid(current));
    result = Ensured::updated;
  }
  Domain defined(virDomainDefineXML(conn.get(), define_xml.c_str()));
  if (!defined) throw_last_error("defining domain " + host.domain_name + " at " + conn.uri());
  return result;
}

void power(const Connection& conn, const HostPlan& host, Power op) {
  Domain dom = must_owned_domain(conn, host);
  virDomainPtr d = dom.get();
  HostState state = domain_state(d);
  bool active = state != HostState::shut_off && state != HostState::crashed;
  int rc = 0;
  switch (op) {
    case Power::start:
      if (!active) rc = virDomainCreate(d);
      break;
    case Power::shutdown:
      if (active) rc = virDomainShutdown(d);
      break;
    case Power::destroy:
      if (active) rc = virDomainDestroy(d);
      break;
    case Power::suspend:
      if (state != HostState::paused) rc = virDomainSuspend(d);
      break;
    case Power::resume:
      if (state == HostState::paused) rc = virDomainResume(d);
      break;
    case Power::reset:
      rc = virDomainReset(d, 0);
      break;
    case Power::reboot:
      rc = virDomainReboot(d, 0);
      break;
  }
  if (rc < 0)
    throw_last_error(std::string(op_name(op)) + " host " + host.name + " (domain " +
                     host.domain_name + ")");
}

}  // namespace klab::lab::libvirt
