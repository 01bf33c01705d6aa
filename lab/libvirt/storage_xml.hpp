#pragma once
// Storage pool and volume XML (pure; golden-tested).
#include <cstdint>
#include <string>

namespace klab::lab::libvirt {

/// Where klab pools live by default. libvirt's QEMU user must be able to traverse
/// to every disk, kernel and initrd; /root is 0700, this directory is not.
inline constexpr const char* kDefaultPoolRoot = "/var/lib/libvirt/images";

/// A dir pool `name` at `dir`, with the derived UUID that marks it as klab's.
std::string render_pool(const std::string& name, const std::string& dir);

/// A raw volume of exactly `bytes` bytes, allocated sparsely: the target of an
/// upload (base disk, kernel, initrd, seed ISO) or, with 0 bytes, a marker.
std::string render_raw_volume(const std::string& name, std::uint64_t bytes);

/// A qcow2 overlay whose backing store is `backing_path` (qcow2): never a copy.
std::string render_overlay_volume(const std::string& name, std::uint64_t capacity_bytes,
                                  const std::string& backing_path);

}  // namespace klab::lab::libvirt
