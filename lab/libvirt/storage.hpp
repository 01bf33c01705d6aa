#pragma once
// The lab's storage pool and volumes: base image set, host overlays, seed ISOs.
#include <string>

#include "lab/libvirt/connection.hpp"
#include "lab/provider.hpp"

namespace klab::lab::libvirt {

/// Volume names of the base image set in the pool.
struct BaseNames {
  std::string disk;    // plan.base_volume
  std::string kernel;  // <stem>.vmlinuz
  std::string initrd;  // <stem>.initrd
  std::string marker;  // <stem>.ok-<sha256 prefix>: written last, proves a whole upload
  std::string stem;
};
BaseNames base_names(const Plan& plan, const BaseImage& image);

/// The lab's pool; empty when absent. Throws when a pool of that name is not klab's.
Pool try_owned_pool(const Connection& conn, const Plan& plan);

/// Defines, builds (mkdir) and starts the dir pool `<pool_root>/<pool_name>`. A pool
/// that exists but does not run (stopped, or defined by a killed `up` and never built)
/// is built and started.
Ensured ensure_pool(const Connection& conn, const Plan& plan, const std::string& pool_root);

/// Uploads the base disk (and kernel/initrd for direct kernel boot) unless a complete
/// upload of the same image is there. A changed image under existing host disks is an
/// error (their backing file would change under them).
Ensured ensure_base(const Connection& conn, const Plan& plan, const BaseImage& image);

/// The host's qcow2 overlay (created when missing, backing = the base volume) and its
/// seed ISO (uploaded again unless the host is running, so config changes reach it).
Ensured ensure_host_volumes(const Connection& conn, const Plan& plan, const HostPlan& host,
                            const BaseImage& image, const HostInputs& inputs);

/// The path of volume `name` in the lab's pool; throws naming the missing volume.
std::string must_volume_path(const Connection& conn, const Plan& plan, const std::string& name);

/// Deletes every volume of the lab's pool, then the pool (only when klab owns it), in
/// whatever state it is: running, stopped, or defined and never built.
/// keep_base: delete only the hosts' volumes and keep the pool with the base image.
void remove_pool(const Connection& conn, const std::string& lab, RemoveReport& report,
                 bool keep_base = false);

/// The libvirt calls that act on a dir pool's directory. libvirt's test driver keeps no
/// directory (it starts a pool that was never built), so tests put calls here that
/// behave like the dir backend; klab itself never changes them.
struct PoolDirCalls {
  int (*build)(virStoragePoolPtr, unsigned int) = virStoragePoolBuild;
  int (*create)(virStoragePoolPtr, unsigned int) = virStoragePoolCreate;
  int (*remove_dir)(virStoragePoolPtr, unsigned int) = virStoragePoolDelete;
};
PoolDirCalls& pool_dir_calls();

}  // namespace klab::lab::libvirt
