#include "lab/libvirt/storage.hpp"

#include <algorithm>
#include <filesystem>
#include <pugixml.hpp>

#include "lab/libvirt/domain.hpp"
#include "lab/libvirt/libvirt_error.hpp"
#include "lab/libvirt/ownership.hpp"
#include "lab/libvirt/storage_xml.hpp"
#include "lab/libvirt/upload.hpp"
#include "lab/libvirt/xml_text.hpp"

namespace klab::lab::libvirt {

namespace {

std::string pool_uuid(virStoragePoolPtr pool) {
  char buf[VIR_UUID_STRING_BUFLEN] = {};
  if (virStoragePoolGetUUIDString(pool, buf) < 0) {
    throw_last_error_for([&] { return "reading the UUID of storage pool " + pool_name(pool); });
  }
  return buf;
}

bool pool_active(virStoragePoolPtr pool) {
  int active = virStoragePoolIsActive(pool);
  if (active < 0)
    throw_last_error_for(
        [&] { return "checking whether storage pool " + pool_name(pool) + " runs"; });
  return active == 1;
}

void build_pool(virStoragePoolPtr pool) {
  if (pool_dir_calls().build(pool, 0) < 0)
    throw_last_error_for([&] { return "creating the directory of storage pool " + pool_name(pool); });
}

// Builds and starts `pool` unless it runs. Building a dir pool makes its directory and
// leaves one that exists as it is, so this also finishes a pool that a killed `up`
// defined but never built: starting it alone would fail for want of the directory.
void start_pool(virStoragePoolPtr pool) {
  if (pool_active(pool)) return;
  build_pool(pool);
  if (pool_dir_calls().create(pool, 0) < 0)
    throw_last_error_for([&] { return "starting storage pool " + pool_name(pool); });
}

Pool must_active_pool(const Connection& conn, const Plan& plan) {
  Pool pool = try_owned_pool(conn, plan);
  if (!pool) throw infra_error("storage pool " + plan.pool_name + " is missing: run klab up");
  start_pool(pool.get());
  return pool;
}

Volume create_volume(virStoragePoolPtr pool, const std::string& xml, const std::string& name) {
  Volume vol(virStorageVolCreateXML(pool, xml.c_str(), 0));
  if (!vol)
    throw_last_error_for([&] { return "creating volume " + name + " in pool " + pool_name(pool); });
  return vol;
}

void delete_volume(virStorageVolPtr vol) {
  if (virStorageVolDelete(vol, 0) < 0)
    throw_last_error_for([&] { return "deleting volume " + volume_name(vol); });
}

void delete_if_present(virStoragePoolPtr pool, const std::string& name) {
  if (Volume vol = try_volume(pool, name)) delete_volume(vol.get());
}

std::uint64_t file_size_of(const std::filesystem::path& p, const std::string& what) {
  std::error_code ec;
  std::uintmax_t size = std::filesystem::file_size(p, ec);
  if (ec) throw infra_error(what + " " + p.string() + " is not readable: " + ec.message());
  return size;
}

// Creates `name` as a raw volume of the file's size and uploads the file into it.
void upload_as_volume(const Connection& conn, virStoragePoolPtr pool, const std::string& name,
                      const std::filesystem::path& file, const std::string& what) {
  Volume vol = create_volume(pool, render_raw_volume(name, file_size_of(file, what)), name);
  upload_file(conn, vol.get(), file);
}

std::string backing_path(virStorageVolPtr vol) {
  char* raw = virStorageVolGetXMLDesc(vol, 0);
  if (!raw) throw_last_error_for([&] { return "reading the XML of volume " + volume_name(vol); });
  pugi::xml_document doc = parse_xml(take_string(raw), "volume " + volume_name(vol));
  return doc.child("volume").child("backingStore").child("path").text().as_string();
}

bool starts_with(const std::string& s, const std::string& prefix) {
  return s.compare(0, prefix.size(), prefix) == 0;
}

}  // namespace

PoolDirCalls& pool_dir_calls() {
  static PoolDirCalls calls;
  return calls;
}

BaseNames base_names(const Plan& plan, const BaseImage& image) {
  BaseNames n;
  n.disk = plan.base_volume;
  n.stem = plan.base_volume;
  if (n.stem.size() > 6 && n.stem.ends_with(".qcow2")) n.stem.resize(n.stem.size() - 6);
  n.kernel = n.stem + ".vmlinuz";
  n.initrd = n.stem + ".initrd";
  std::string id = image.sha256.empty() ? "size" + std::to_string(image.virtual_size)
                                        : image.sha256.substr(0, 16);
  n.marker = n.stem + ".ok-" + id;
  return n;
}

Pool try_owned_pool(const Connection& conn, const Plan& plan) {
  Pool pool = conn.try_pool(plan.pool_name);
  if (pool && pool_owner(plan.pool_name, pool_uuid(pool.get())) != plan.lab) {
    throw infra_error("storage pool " + plan.pool_name + " at " + conn.uri() +
                      " exists but klab did not create it (its UUID is not klab's); klab "
                      "will not touch it: remove it yourself or rename the lab");
  }
  return pool;
}

Ensured ensure_pool(const Connection& conn, const Plan& plan, const std::string& pool_root) {
  if (Pool pool = try_owned_pool(conn, plan)) {
    start_pool(pool.get());
    return Ensured::unchanged;
  }
  const std::string dir = (std::filesystem::path(pool_root) / plan.pool_name).string();
  Pool pool(virStoragePoolDefineXML(conn.get(), render_pool(plan.pool_name, dir).c_str(), 0));
  if (!pool) throw_last_error("defining storage pool " + plan.pool_name + " at " + conn.uri());
  start_pool(pool.get());
  return Ensured::created;
}

Ensured ensure_base(const Connection& conn, const Plan& plan, const BaseImage& image) {
  Pool pool = must_active_pool(conn, plan);
  const BaseNames names = base_names(plan, image);
  if (try_volume(pool.get(), names.marker) && try_volume(pool.get(), names.disk)) {
    return Ensured::unchanged;
  }
  // No marker for this image: whatever base set is there is partial or a different
  // image. Replacing it is only safe while no host disk is layered on it.
  bool replaced = false;
  for (Volume& vol : all_volumes(pool.get())) {
    std::string name = volume_name(vol.get());
    if (starts_with(name, names.stem + ".ok-")) replaced = true;
    if (!starts_with(name, names.stem) && backing_path(vol.get()) != "") {
      throw infra_error("the base image " + plan.image + " changed since lab " + plan.lab +
                        " was created and host disk " + name +
                        " is layered on the old one: "
                        "run klab down, then klab up");
    }
  }
  for (const std::string& name : {names.disk, names.kernel, names.initrd}) {
    delete_if_present(pool.get(), name);
  }
  for (Volume& vol : all_volumes(pool.get())) {
    if (starts_with(volume_name(vol.get()), names.stem + ".ok-")) delete_volume(vol.get());
  }
  upload_as_volume(conn, pool.get(), names.disk, image.disk, "base image disk");
  if (image.direct_boot()) {
    upload_as_volume(conn, pool.get(), names.kernel, image.kernel, "base image kernel");
    if (!image.initrd.empty()) {
      upload_as_volume(conn, pool.get(), names.initrd, image.initrd, "base image initrd");
    }
  }
  create_volume(pool.get(), render_raw_volume(names.marker, 0), names.marker);
  return replaced ? Ensured::updated : Ensured::created;
}

Ensured ensure_host_volumes(const Connection& conn, const Plan& plan, const HostPlan& host,
                            const BaseImage& image, const HostInputs& inputs) {
  Pool pool = must_active_pool(conn, plan);
  const std::string base = must_volume_path(conn, plan, plan.base_volume);
  Ensured result = Ensured::unchanged;
  if (Volume disk = try_volume(pool.get(), host.disk_volume)) {
    if (backing_path(disk.get()) != base) {
      throw infra_error("volume " + host.disk_volume + " is not an overlay of " + base +
                        ": run klab down, then klab up");
    }
  } else {
    const std::uint64_t gib = static_cast<std::uint64_t>(host.resources.disk_gib) << 30;
    create_volume(pool.get(),
                  render_overlay_volume(host.disk_volume, std::max(gib, image.virtual_size), base),
                  host.disk_volume);
    result = Ensured::created;
  }

  // A running guest may have the seed open; it only reads it at first boot anyway.
  Domain dom = try_owned_domain(conn, host);
  if (dom && domain_active(dom.get())) return result;
  delete_if_present(pool.get(), host.seed_volume);
  upload_as_volume(conn, pool.get(), host.seed_volume, inputs.seed_iso,
                   "seed ISO of host " + host.name);
  return result;
}

std::string must_volume_path(const Connection& conn, const Plan& plan, const std::string& name) {
  Pool pool = must_active_pool(conn, plan);
  Volume vol = try_volume(pool.get(), name);
  if (!vol) {
    throw infra_error("volume " + name + " is missing from storage pool " + plan.pool_name +
                      ": run klab up");
  }
  return volume_path(vol.get());
}

void remove_pool(const Connection& conn, const std::string& lab, RemoveReport& report,
                 bool keep_base) {
  const std::string base_prefix = std::string(kNamePrefix) + lab + "-base-";
  const std::string name = std::string(kNamePrefix) + lab;
  try {
    Pool pool = conn.try_pool(name);
    if (!pool) return;
    if (pool_owner(name, pool_uuid(pool.get())) != lab) {
      report.skipped.push_back("storage pool " + name + " (not created by klab)");
      return;
    }
    // Volumes can only be listed and deleted in an active pool, and a pool that was
    // never built has no directory for the delete below to remove until it is.
    start_pool(pool.get());
    for (Volume& vol : all_volumes(pool.get())) {
      std::string vname = volume_name(vol.get());
      if (keep_base && vname.rfind(base_prefix, 0) == 0) continue;
      try {
        delete_volume(vol.get());
        report.removed.push_back("volume " + vname);
      } catch (const Error& e) {
        report.errors.push_back(e.what());
      }
    }
    if (keep_base) return;  // the pool holds the base image for the next `up`
    if (virStoragePoolDestroy(pool.get()) < 0) throw_last_error("stopping storage pool " + name);
    if (pool_dir_calls().remove_dir(pool.get(), 0) < 0) {
      throw_last_error("removing the directory of storage pool " + name);
    }
    if (virStoragePoolUndefine(pool.get()) < 0) throw_last_error("undefining storage pool " + name);
    report.removed.push_back("storage pool " + name);
  } catch (const Error& e) {
    report.errors.push_back(e.what());
  }
}

}  // namespace klab::lab::libvirt
