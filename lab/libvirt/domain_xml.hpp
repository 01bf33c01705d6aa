#pragma once
// The libvirt domain of one lab host, rendered from the Plan (pure; golden-tested).
#include <string>

#include "lab/lab_owner.hpp"
#include "lab/plan.hpp"

namespace klab::lab::libvirt {

/// What the domain needs beyond the Plan, resolved by the provider.
struct DomainInputs {
  std::string disk_path;    // the host's qcow2 overlay
  std::string seed_path;    // the NoCloud seed ISO (raw, attached read-only)
  std::string kernel_path;  // empty: boot from disk
  std::string initrd_path;
  std::string cmdline;
  bool kvm = false;         // type='kvm' only when KVM really works; else TCG
  std::string console_log;  // serial console copy, appended across boots
  std::string version;      // klab version, recorded in the ownership metadata
  LabOwner creator;         // who creates it, recorded likewise
  std::string lab_key;      // fingerprint of the lab SSH key the seed authorizes, likewise
};

/// The lab NIC's device name as the guest sees it; also what set_link targets.
inline constexpr const char* kLabNicModel = "virtio";

/// <domain> named host.domain_name: memory/vCPUs from the plan; the overlay as a
/// virtio disk (vda); the seed as a read-only raw virtio disk (vdb) — read-only so it
/// is skipped by internal snapshots, which need every writable disk to be qcow2; a
/// virtio NIC with the planned MAC on the lab network; a pty serial console logged
/// to console_log; direct kernel boot when a kernel is given; ACPI for clean
/// shutdown; klab ownership metadata with the spec hash.
std::string render_domain(const Plan& plan, const HostPlan& host, const DomainInputs& in);

}  // namespace klab::lab::libvirt
