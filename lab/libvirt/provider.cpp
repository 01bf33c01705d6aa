#include "lab/libvirt/provider.hpp"

#include <filesystem>

#include "lab/libvirt/domain.hpp"
#include "lab/libvirt/inspection.hpp"
#include "lab/libvirt/inventory.hpp"
#include "lab/libvirt/link.hpp"
#include "lab/libvirt/network.hpp"
#include "lab/libvirt/snapshot.hpp"
#include "lab/libvirt/storage.hpp"
#include "lab/paths.hpp"

namespace klab::lab::libvirt {

namespace {
const std::string version = KLAB_VERSION;
}

LibvirtProvider::LibvirtProvider(LibvirtOptions options) : options_(std::move(options)) {}

const Connection& LibvirtProvider::connection(const std::string& uri) {
  const std::string& use = options_.uri.empty() ? uri : options_.uri;
  std::lock_guard lock(mutex_);
  auto it = connections_.find(use);
  if (it == connections_.end()) it = connections_.emplace(use, Connection::open(use)).first;
  return it->second;
}

AccelChoice LibvirtProvider::accel(const Plan& plan) {
  {
    std::lock_guard lock(mutex_);
    if (!options_.kvm) options_.kvm = detect_kvm();
  }
  return choose_accel(plan.accel, *options_.kvm);
}

Ensured LibvirtProvider::ensure_network(const Plan& plan) {
  std::vector<Route> routes = options_.check_routes ? current_routes() : std::vector<Route>{};
  Ensured result = Ensured::unchanged;
  for (const std::string& uri : plan_uris(plan)) {
    Ensured e = libvirt::ensure_network(connection(uri), plan, version, this_owner(plan.lab), routes);
    if (e != Ensured::unchanged) result = e;
  }
  return result;
}

Ensured LibvirtProvider::ensure_pool(const Plan& plan) {
  Ensured result = Ensured::unchanged;
  for (const std::string& uri : plan_uris(plan)) {
    Ensured e = libvirt::ensure_pool(connection(uri), plan, options_.pool_root);
    if (e != Ensured::unchanged) result = e;
  }
  return result;
}

Ensured LibvirtProvider::ensure_base(const Plan& plan, const BaseImage& image) {
  Ensured result = Ensured::unchanged;
  for (const std::string& uri : plan_uris(plan)) {
    Ensured e = libvirt::ensure_base(connection(uri), plan, image);
    if (e != Ensured::unchanged) result = e;
  }
  return result;
}

Ensured LibvirtProvider::ensure_host_volumes(const Plan& plan, const HostPlan& host,
                                             const BaseImage& image, const HostInputs& inputs) {
  return libvirt::ensure_host_volumes(host_conn(host), plan, host, image, inputs);
}

Ensured LibvirtProvider::ensure_domain(const Plan& plan, const HostPlan& host,
                                       const BaseImage& image, const HostInputs& inputs) {
  const Connection& conn = host_conn(host);
  DomainInputs in;
  in.disk_path = must_volume_path(conn, plan, host.disk_volume);
  in.seed_path = must_volume_path(conn, plan, host.seed_volume);
  if (image.direct_boot()) {
    BaseNames names = base_names(plan, image);
    in.kernel_path = must_volume_path(conn, plan, names.kernel);
    if (!image.initrd.empty()) in.initrd_path = must_volume_path(conn, plan, names.initrd);
    in.cmdline = image.cmdline;
  }
  in.kvm = accel(plan).kvm;
  std::filesystem::path log = lab_dir(plan.lab) / "console" / (host.name + ".log");
  std::error_code ec;
  std::filesystem::create_directories(log.parent_path(), ec);
  if (ec) {
    throw infra_error("cannot create the console log directory " + log.parent_path().string() +
                      ": " + ec.message());
  }
  in.console_log = log.string();
  in.version = version;
  in.creator = this_owner(plan.lab);
  in.lab_key = inputs.lab_key;
  return libvirt::ensure_domain(conn, plan, host, in);
}

HostState LibvirtProvider::state(const HostPlan& host) {
  Domain dom = try_owned_domain(host_conn(host), host);
  return dom ? domain_state(dom.get()) : HostState::absent;
}

void LibvirtProvider::start(const HostPlan& host) { power(host_conn(host), host, Power::start); }
void LibvirtProvider::shutdown(const HostPlan& host) {
  power(host_conn(host), host, Power::shutdown);
}
void LibvirtProvider::destroy(const HostPlan& host) {
  power(host_conn(host), host, Power::destroy);
}
void LibvirtProvider::suspend(const HostPlan& host) {
  power(host_conn(host), host, Power::suspend);
}
void LibvirtProvider::resume(const HostPlan& host) { power(host_conn(host), host, Power::resume); }
void LibvirtProvider::reset(const HostPlan& host) { power(host_conn(host), host, Power::reset); }
void LibvirtProvider::reboot(const HostPlan& host) { power(host_conn(host), host, Power::reboot); }

Inventory LibvirtProvider::list_owned(const std::string& uri, const std::string& lab) {
  return libvirt::list_owned(connection(uri), lab);
}

RemoveReport LibvirtProvider::remove_lab(const std::string& uri, const std::string& lab,
                                         const RemoveOptions& options) {
  return libvirt::remove_lab(connection(uri), lab, options);
}

void LibvirtProvider::snapshot_save(const Plan& plan, const std::string& name) {
  save_lab_snapshot(
      plan, [this](const HostPlan& h) -> const Connection& { return host_conn(h); }, name);
}

void LibvirtProvider::snapshot_restore(const Plan& plan, const std::string& name) {
  restore_lab_snapshot(
      plan, [this](const HostPlan& h) -> const Connection& { return host_conn(h); }, name);
}

std::vector<LabSnapshot> LibvirtProvider::snapshot_list(const Plan& plan) {
  return list_lab_snapshots(
      plan, [this](const HostPlan& h) -> const Connection& { return host_conn(h); });
}

RemoveReport LibvirtProvider::snapshot_remove(const Plan& plan, const std::string& name) {
  return remove_lab_snapshot(
      plan, [this](const HostPlan& h) -> const Connection& { return host_conn(h); }, name);
}

void LibvirtProvider::set_link(const HostPlan& host, bool up) {
  libvirt::set_link(host_conn(host), host, up);
}

std::optional<bool> LibvirtProvider::link_up(const HostPlan& host) { return libvirt::link_up(host_conn(host), host); }

std::string LibvirtProvider::interface_device(const HostPlan& host) {
  return libvirt::interface_device(host_conn(host), host);
}

std::optional<InspectedDomain> LibvirtProvider::domain(const HostPlan& host) {
  return inspect_domain(host_conn(host), host);
}

std::optional<InspectedNetwork> LibvirtProvider::network(const Plan& plan) {
  return inspect_network(plan_conn(plan), plan.network.name);
}

std::vector<DhcpLease> LibvirtProvider::dhcp_leases(const Plan& plan) {
  return libvirt::dhcp_leases(plan_conn(plan), plan.network.name);
}

}  // namespace klab::lab::libvirt
