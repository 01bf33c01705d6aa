#include "lab/libvirt/xml_readers.hpp"

#include <string_view>
#include <pugixml.hpp>

#include "lab/libvirt/xml_text.hpp"
#include "base/strings.hpp"

namespace klab::lab::libvirt {

namespace {

int prefix_of(Ipv4 netmask) {
  int n = 0;
  for (std::uint32_t bit = 0x80000000u; bit && (netmask.value & bit); bit >>= 1) ++n;
  return n;
}

pugi::xml_node find_interface(const pugi::xml_document& doc, const std::string& mac) {
  for (pugi::xml_node nic : doc.document_element().child("devices").children("interface")) {
    if (base::to_lower(nic.child("mac").attribute("address").value()) == base::to_lower(mac)) return nic;
  }
  return {};
}

}  // namespace

std::vector<Cidr> network_subnets(const std::string& network_xml) {
  std::vector<Cidr> out;
  pugi::xml_document doc = parse_xml(network_xml, "a libvirt network");
  for (pugi::xml_node ip : doc.document_element().children("ip")) {
    std::string family = ip.attribute("family").value();
    if (!family.empty() && family != "ipv4") continue;
    std::optional<Ipv4> addr = parse_ipv4(ip.attribute("address").value());
    if (!addr) continue;
    int prefix = -1;
    if (std::optional<Ipv4> mask = parse_ipv4(ip.attribute("netmask").value())) {
      prefix = prefix_of(*mask);
    } else if (!ip.attribute("prefix").empty()) {
      prefix = ip.attribute("prefix").as_int(-1);
    }
    if (prefix < 0 || prefix > 32) continue;
    std::uint32_t mask = prefix == 0 ? 0 : ~std::uint32_t{0} << (32 - prefix);
    out.push_back(Cidr{Ipv4{addr->value & mask}, prefix});
  }
  return out;
}

std::string xml_uuid(const std::string& object_xml) {
  pugi::xml_document doc = parse_xml(object_xml, "a libvirt object");
  return doc.document_element().child("uuid").text().as_string();
}

std::string with_uuid(const std::string& rendered_xml, const std::string& uuid) {
  pugi::xml_document doc = parse_xml(rendered_xml, "a rendered definition");
  pugi::xml_node root = doc.document_element();
  root.remove_child("uuid");
  root.insert_child_after("uuid", root.child("name")).text() = uuid.c_str();
  return to_xml_string(doc);
}

std::optional<std::string> interface_device(const std::string& domain_xml, const std::string& mac) {
  pugi::xml_document doc = parse_xml(domain_xml, "a libvirt domain");
  pugi::xml_node nic = find_interface(doc, mac);
  std::string dev = nic.child("target").attribute("dev").value();
  if (dev.empty()) return std::nullopt;
  return dev;
}

std::optional<bool> interface_link_up(const std::string& domain_xml, const std::string& mac) {
  pugi::xml_document doc = parse_xml(domain_xml, "a libvirt domain");
  pugi::xml_node nic = find_interface(doc, mac);
  if (!nic) return std::nullopt;
  return std::string_view(nic.child("link").attribute("state").value()) != "down";
}

std::optional<std::string> interface_with_link(const std::string& domain_xml,
                                               const std::string& mac, bool up) {
  pugi::xml_document doc = parse_xml(domain_xml, "a libvirt domain");
  pugi::xml_node nic = find_interface(doc, mac);
  if (!nic) return std::nullopt;
  pugi::xml_node link = nic.child("link");
  if (!link) link = nic.append_child("link");
  link.remove_attribute("state");
  link.append_attribute("state") = up ? "up" : "down";
  pugi::xml_document out;
  out.append_copy(nic);
  return to_xml_string(out);
}

std::vector<SnapshotDisk> snapshot_disks(const std::string& domain_xml) {
  std::vector<SnapshotDisk> out;
  pugi::xml_document doc = parse_xml(domain_xml, "a libvirt domain");
  for (pugi::xml_node disk : doc.document_element().child("devices").children("disk")) {
    std::string target = disk.child("target").attribute("dev").value();
    if (target.empty()) continue;
    out.push_back(SnapshotDisk{target, !disk.child("readonly")});
  }
  return out;
}

}  // namespace klab::lab::libvirt
