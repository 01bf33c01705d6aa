#include "lab/libvirt/xml_text.hpp"

#include <sstream>

#include "base/error.hpp"

namespace klab::lab::libvirt {

std::string to_xml_string(const pugi::xml_document& doc) {
  std::ostringstream out;
  doc.save(out, "  ", pugi::format_indent | pugi::format_no_declaration);
  return out.str();
}

pugi::xml_document parse_xml(const std::string& text, const std::string& what) {
  pugi::xml_document doc;
  pugi::xml_parse_result r = doc.load_string(text.c_str());
  if (!r) {
    throw infra_error("cannot parse the XML of " + what + ": " + r.description() + " at offset " +
                      std::to_string(r.offset));
  }
  return doc;
}

}  // namespace klab::lab::libvirt
