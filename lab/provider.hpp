#pragma once
// Provider: what klab needs from a hypervisor to build, drive and tear down a lab.
// Every operation is idempotent and reconcile-style, and touches only objects the
// provider created for klab (ownership is the provider's business). Callers sequence
// the ensure_* steps themselves, one status line each:
//   ensure_network → ensure_pool → ensure_base → per host: ensure_host_volumes,
//   ensure_domain, start.
// libvirt (lab/libvirt/provider.hpp) is the product; tests/fakes may provide a fake.
// Optional capabilities (link control, inspection) are separate interfaces a provider
// returns from links() / inspection().
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "lab/kvm.hpp"
#include "lab/lab_owner.hpp"
#include "lab/plan.hpp"

namespace klab::lab {

/// A base image from the image cache (produced by images/).
struct BaseImage {
  std::filesystem::path disk;      // qcow2 root disk
  std::filesystem::path kernel;    // empty: boot from the disk's bootloader
  std::filesystem::path initrd;    // with kernel
  std::string cmdline;             // kernel command line for direct kernel boot
  std::uint64_t virtual_size = 0;  // bytes; host disks are at least this large
  std::string sha256;              // of `disk`: identifies the content once uploaded
  bool direct_boot() const { return !kernel.empty(); }
};

/// Per-host inputs produced elsewhere (cloud-init/).
struct HostInputs {
  std::filesystem::path seed_iso;  // NoCloud seed, volume id "cidata"
  std::string lab_key = {};        // "SHA256:..." of the lab SSH key the seed authorizes
};

enum class HostState { absent, shut_off, running, paused, shutting_down, crashed, other };
std::string to_string(HostState state);

/// What an ensure_* step found and did.
enum class Ensured {
  created,      // did not exist
  updated,      // existed with an out-of-date definition and was replaced
  unchanged,    // already as planned
  out_of_date,  // differs from the plan but is in use (running); left alone
};
std::string to_string(Ensured e);

/// klab-owned objects found on a hypervisor (for status, down and gc).
struct OwnedDomain {
  std::string name, lab, host;
  HostState state = HostState::other;
  LabOwner owner;       // who created it (unknown for older klab versions)
  std::string lab_key;  // the lab key fingerprint it was created with ("" when unknown)
  /// Running, paused, shutting down: anything but off.
  bool active() const;
};
struct OwnedNetwork {
  std::string name, lab;
  bool active = false;
  LabOwner owner;
};
struct OwnedPool {
  std::string name, lab;
  bool active = false;
  std::vector<std::string> volumes;
};
struct Inventory {
  std::string uri;
  std::vector<OwnedDomain> domains;
  std::vector<OwnedNetwork> networks;
  std::vector<OwnedPool> pools;
  bool empty() const { return domains.empty() && networks.empty() && pools.empty(); }
  std::vector<std::string> labs() const;  // sorted, unique
};

/// remove_lab keeps going after a failure; every failure is listed.
/// What `klab down` keeps.
struct RemoveOptions {
  /// Keep the base image volumes (disk, kernel, initrd) and so the pool: the next `up`
  /// skips the upload.
  bool keep_base = false;
};

struct RemoveReport {
  std::vector<std::string> removed;  // "domain klab-lab1-m1", "volume ...", ...
  std::vector<std::string> skipped;  // look-alikes klab does not own: left alone
  std::vector<std::string> errors;
  bool ok() const { return errors.empty(); }
};

/// A whole-lab snapshot: complete when every host of the plan has it.
struct LabSnapshot {
  std::string name;
  std::vector<std::string> hosts;  // hosts that have it
  bool complete = false;
  std::string created;  // creation time of the oldest host snapshot, UTC
};

class LinkControl;    // lab/link_control.hpp
class LabInspection;  // lab/inspection.hpp

class Provider {
 public:
  virtual ~Provider() = default;
  virtual std::string name() const = 0;
  /// KVM or TCG for this plan; throws a usage Error when accel: kvm cannot work.
  virtual AccelChoice accel(const Plan& plan) = 0;

  virtual Ensured ensure_network(const Plan& plan) = 0;
  virtual Ensured ensure_pool(const Plan& plan) = 0;
  virtual Ensured ensure_base(const Plan& plan, const BaseImage& image) = 0;
  virtual Ensured ensure_host_volumes(const Plan& plan, const HostPlan& host,
                                      const BaseImage& image, const HostInputs& inputs) = 0;
  /// Records inputs.lab_key with the domain (see OwnedDomain::lab_key).
  virtual Ensured ensure_domain(const Plan& plan, const HostPlan& host, const BaseImage& image,
                                const HostInputs& inputs) = 0;

  virtual HostState state(const HostPlan& host) = 0;
  virtual void start(const HostPlan& host) = 0;     // running already: nothing to do
  virtual void shutdown(const HostPlan& host) = 0;  // ACPI request; returns at once
  virtual void destroy(const HostPlan& host) = 0;   // power off now (crash-like)
  virtual void suspend(const HostPlan& host) = 0;
  virtual void resume(const HostPlan& host) = 0;
  virtual void reset(const HostPlan& host) = 0;   // hard reset, no guest shutdown
  virtual void reboot(const HostPlan& host) = 0;  // guest-cooperative reboot

  /// Owned objects at `uri`; all labs when `lab` is empty.
  virtual Inventory list_owned(const std::string& uri, const std::string& lab = {}) = 0;
  /// Removes the lab's domains, volumes, pool and network at `uri`, in that order.
  virtual RemoveReport remove_lab(const std::string& uri, const std::string& lab,
                                  const RemoveOptions& options = {}) = 0;

  /// Whole-lab snapshots with memory: all hosts paused together, captured, resumed.
  virtual void snapshot_save(const Plan& plan, const std::string& name) = 0;
  /// Reverts every host paused, then resumes them together.
  virtual void snapshot_restore(const Plan& plan, const std::string& name) = 0;
  virtual std::vector<LabSnapshot> snapshot_list(const Plan& plan) = 0;
  virtual RemoveReport snapshot_remove(const Plan& plan, const std::string& name) = 0;

  // Capabilities beyond the lifecycle: nullptr when this provider has none; the object
  // lives as long as the provider. A query rather than pure virtuals that throw "not
  // supported": a caller that can do without one (`up` resets links only where it can)
  // asks instead of catching, a test fake implements only what it exercises, and no
  // caller ever casts to a concrete provider. Host faults (lab/host_faults.hpp) join
  // them here once what runs tc/nft can live below lab/.
  virtual LinkControl* links() { return nullptr; }
  virtual LabInspection* inspection() { return nullptr; }
};

/// The provider klab runs labs on: the only one there is.
inline constexpr const char* default_provider = "libvirt";

struct ProviderOptions {
  std::string name = default_provider;
  std::string uri = {};  // overrides every URI in the plan when set
};

/// Builds the provider every command and the scenarios use; a name other than libvirt
/// is a usage Error.
bool is_valid_provider(const std::string& name);
std::unique_ptr<Provider> make_provider(const ProviderOptions& options = {});

/// Every distinct libvirt URI a plan uses (the default first).
std::vector<std::string> plan_uris(const Plan& plan);

}  // namespace klab::lab
