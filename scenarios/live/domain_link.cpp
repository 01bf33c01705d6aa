#include "scenarios/live/domain_link.hpp"

#include <algorithm>
#include <cctype>

#include <pugixml.hpp>

#include "base/error.hpp"

namespace klab::scenarios {

namespace {

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
  return text;
}

}  // namespace

std::optional<bool> interface_link_up(const std::string& domain_xml, const std::string& mac) {
  pugi::xml_document doc;
  if (!doc.load_string(domain_xml.c_str()))
    throw infra_error("libvirt returned a domain XML that does not parse");
  for (pugi::xml_node nic : doc.document_element().child("devices").children("interface")) {
    if (lower(nic.child("mac").attribute("address").value()) != lower(mac)) continue;
    pugi::xml_node link = nic.child("link");
    return !link || std::string(link.attribute("state").value()) != "down";
  }
  return std::nullopt;
}

}  // namespace klab::scenarios
