#include "lab/libvirt/storage_xml.hpp"

#include <pugixml.hpp>

#include "lab/libvirt/ownership.hpp"
#include "lab/libvirt/xml_text.hpp"

namespace klab::lab::libvirt {

namespace {

pugi::xml_node volume_head(pugi::xml_document& doc, const std::string& name,
                           std::uint64_t capacity) {
  pugi::xml_node vol = doc.append_child("volume");
  vol.append_child("name").text() = name.c_str();
  pugi::xml_node cap = vol.append_child("capacity");
  cap.append_attribute("unit") = "bytes";
  cap.text() = static_cast<unsigned long long>(capacity);
  return vol;
}

void set_format(pugi::xml_node parent, const char* format) {
  parent.append_child("format").append_attribute("type") = format;
}

}  // namespace

std::string render_pool(const std::string& name, const std::string& dir) {
  pugi::xml_document doc;
  pugi::xml_node pool = doc.append_child("pool");
  pool.append_attribute("type") = "dir";
  pool.append_child("name").text() = name.c_str();
  pool.append_child("uuid").text() = pool_uuid_for(name).c_str();
  pugi::xml_node target = pool.append_child("target");
  target.append_child("path").text() = dir.c_str();
  // 0755: QEMU runs as its own user and must reach the files inside.
  target.append_child("permissions").append_child("mode").text() = "0755";
  return to_xml_string(doc);
}

std::string render_raw_volume(const std::string& name, std::uint64_t bytes) {
  pugi::xml_document doc;
  pugi::xml_node vol = volume_head(doc, name, bytes);
  pugi::xml_node alloc = vol.append_child("allocation");
  alloc.append_attribute("unit") = "bytes";
  alloc.text() = 0;
  set_format(vol.append_child("target"), "raw");
  return to_xml_string(doc);
}

std::string render_overlay_volume(const std::string& name, std::uint64_t capacity_bytes,
                                  const std::string& backing_path) {
  pugi::xml_document doc;
  pugi::xml_node vol = volume_head(doc, name, capacity_bytes);
  set_format(vol.append_child("target"), "qcow2");
  pugi::xml_node backing = vol.append_child("backingStore");
  backing.append_child("path").text() = backing_path.c_str();
  set_format(backing, "qcow2");
  return to_xml_string(doc);
}

}  // namespace klab::lab::libvirt
