#include "lab/libvirt/snapshot_xml.hpp"

#include <pugixml.hpp>

#include "lab/libvirt/xml_text.hpp"

namespace klab::lab::libvirt {

std::string render_snapshot(const std::string& name, const std::string& lab,
                            const std::vector<SnapshotDisk>& disks) {
  pugi::xml_document doc;
  pugi::xml_node root = doc.append_child("domainsnapshot");
  root.append_child("name").text() = name.c_str();
  std::string description = "klab snapshot '" + name + "' of lab " + lab;
  root.append_child("description").text() = description.c_str();
  root.append_child("memory").append_attribute("snapshot") = "internal";
  pugi::xml_node list = root.append_child("disks");
  for (const SnapshotDisk& d : disks) {
    pugi::xml_node disk = list.append_child("disk");
    disk.append_attribute("name") = d.target.c_str();
    disk.append_attribute("snapshot") = d.include ? "internal" : "no";
  }
  return to_xml_string(doc);
}

}  // namespace klab::lab::libvirt
