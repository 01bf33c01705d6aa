#pragma once
// LibvirtProvider: the Provider backed by libvirt, with the LinkControl and
// LabInspection capabilities. Connections are
// opened lazily per URI and shared between threads (libvirt connections are
// thread-safe), so callers may bring hosts up in parallel.
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "lab/inspection.hpp"
#include "lab/libvirt/connection.hpp"
#include "lab/libvirt/storage_xml.hpp"
#include "lab/link_control.hpp"
#include "lab/provider.hpp"

namespace klab::lab::libvirt {

struct LibvirtOptions {
  std::string uri;                           // overrides every URI when set
  std::string pool_root = kDefaultPoolRoot;  // pools are <pool_root>/klab-<lab>
  std::optional<KvmStatus> kvm;              // detected on first use when absent
  bool check_routes = true;                  // refuse subnets that overlap host routes
};

class LibvirtProvider : public Provider, public LinkControl, public LabInspection {
 public:
  explicit LibvirtProvider(LibvirtOptions options = {});

  std::string name() const override { return "libvirt"; }
  AccelChoice accel(const Plan& plan) override;

  Ensured ensure_network(const Plan& plan) override;
  Ensured ensure_pool(const Plan& plan) override;
  Ensured ensure_base(const Plan& plan, const BaseImage& image) override;
  Ensured ensure_host_volumes(const Plan& plan, const HostPlan& host, const BaseImage& image,
                              const HostInputs& inputs) override;
  Ensured ensure_domain(const Plan& plan, const HostPlan& host, const BaseImage& image,
                        const HostInputs& inputs) override;

  HostState state(const HostPlan& host) override;
  void start(const HostPlan& host) override;
  void shutdown(const HostPlan& host) override;
  void destroy(const HostPlan& host) override;
  void suspend(const HostPlan& host) override;
  void resume(const HostPlan& host) override;
  void reset(const HostPlan& host) override;
  void reboot(const HostPlan& host) override;

  Inventory list_owned(const std::string& uri, const std::string& lab = {}) override;
  RemoveReport remove_lab(const std::string& uri, const std::string& lab,
                          const RemoveOptions& options = {}) override;

  void snapshot_save(const Plan& plan, const std::string& name) override;
  void snapshot_restore(const Plan& plan, const std::string& name) override;
  std::vector<LabSnapshot> snapshot_list(const Plan& plan) override;
  RemoveReport snapshot_remove(const Plan& plan, const std::string& name) override;

  LinkControl* links() override { return this; }
  LabInspection* inspection() override { return this; }

  void set_link(const HostPlan& host, bool up) override;
  std::optional<bool> link_up(const HostPlan& host) override;
  std::string interface_device(const HostPlan& host) override;

  std::optional<InspectedDomain> domain(const HostPlan& host) override;
  std::optional<InspectedNetwork> network(const Plan& plan) override;
  std::vector<DhcpLease> dhcp_leases(const Plan& plan) override;

  /// The connection for `uri` (or the override), opened on first use.
  const Connection& connection(const std::string& uri);

 private:
  const Connection& plan_conn(const Plan& plan) { return connection(plan.uri); }
  const Connection& host_conn(const HostPlan& host) { return connection(host.uri); }

  LibvirtOptions options_;
  std::mutex mutex_;
  std::map<std::string, Connection> connections_;
};

}  // namespace klab::lab::libvirt
