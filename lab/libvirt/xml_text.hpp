#pragma once
// Small pugixml helpers shared by the XML renderers and the readers of libvirt XML.
#include <pugixml.hpp>
#include <string>

namespace klab::lab::libvirt {

/// Two-space indented, no XML declaration: the form the golden files use.
std::string to_xml_string(const pugi::xml_document& doc);

/// Parses XML libvirt gave back; throws an infrastructure Error naming `what`.
pugi::xml_document parse_xml(const std::string& text, const std::string& what);

}  // namespace klab::lab::libvirt
