#include "lab/libvirt/ownership.hpp"

#include <openssl/evp.h>

#include <array>
#include <cstdio>
#include <string_view>

#include "base/error.hpp"
#include "lab/libvirt/xml_text.hpp"

namespace klab::lab::libvirt {

namespace {

std::array<unsigned char, 32> sha256(std::string_view data) {
  std::array<unsigned char, 32> md{};
  unsigned int len = 0;
  if (EVP_Digest(data.data(), data.size(), md.data(), &len, EVP_sha256(), nullptr) != 1) {
    throw infra_error("OpenSSL could not compute a SHA-256 digest");
  }
  return md;
}

std::string hex(const unsigned char* bytes, std::size_t n) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < n; ++i) {
    out += digits[bytes[i] >> 4];
    out += digits[bytes[i] & 0xf];
  }
  return out;
}

const std::string owner_element = std::string(kOwnerPrefix) + ":owner";

}  // namespace

std::string sha256_hex(const std::string& data) {
  auto md = sha256(data);
  return hex(md.data(), md.size());
}

pugi::xml_node append_owner(pugi::xml_node object_root, const Owner& owner) {
  pugi::xml_node meta = object_root.append_child("metadata");
  pugi::xml_node el = meta.append_child(owner_element.c_str());
  el.append_attribute((std::string("xmlns:") + kOwnerPrefix).c_str()) = kOwnerNamespace;
  el.append_attribute("lab") = owner.lab.c_str();
  if (!owner.host.empty()) el.append_attribute("host") = owner.host.c_str();
  if (!owner.role.empty()) el.append_attribute("role") = owner.role.c_str();
  el.append_attribute("version") = owner.version.c_str();
  if (owner.creator.known()) {
    el.append_attribute("uid") = owner.creator.uid.c_str();
    el.append_attribute("machine") = owner.creator.machine.c_str();
    el.append_attribute("state-dir") = owner.creator.state_dir.c_str();
  }
  if (!owner.lab_key.empty()) el.append_attribute("lab-key") = owner.lab_key.c_str();
  el.append_attribute("spec") = owner.spec.c_str();
  return el;
}

void seal_spec(pugi::xml_document& doc, pugi::xml_node owner_node) {
  owner_node.attribute("spec").set_value("");
  std::string digest = sha256_hex(to_xml_string(doc));
  owner_node.attribute("spec").set_value(digest.c_str());
}

std::optional<Owner> owner_from_xml(const std::string& object_xml) {
  pugi::xml_document doc;
  if (!doc.load_string(object_xml.c_str())) return std::nullopt;
  pugi::xml_node meta = doc.document_element().child("metadata");
  for (pugi::xml_node el : meta.children()) {
    // libvirt keeps the prefix it was given, but match on the namespace URI: that
    // is what identifies the vocabulary.
    std::string_view name = el.name();
    std::size_t colon = name.find(':');
    if (colon == std::string_view::npos || name.substr(colon + 1) != "owner") continue;
    std::string xmlns = "xmlns:" + std::string(name.substr(0, colon));
    if (std::string_view(el.attribute(xmlns.c_str()).value()) != kOwnerNamespace) continue;
    Owner owner{el.attribute("lab").value(),
                el.attribute("host").value(),
                el.attribute("role").value(),
                el.attribute("version").value(),
                el.attribute("spec").value(),
                {el.attribute("uid").value(), el.attribute("machine").value(),
                 el.attribute("state-dir").value()},
                el.attribute("lab-key").value()};
    if (owner.lab.empty()) return std::nullopt;
    return owner;
  }
  return std::nullopt;
}

std::string pool_uuid_for(const std::string& pool_name) {
  auto md = sha256("klab storage pool\n" + pool_name);
  md[6] = static_cast<unsigned char>((md[6] & 0x0f) | 0x50);  // version 5 layout
  md[8] = static_cast<unsigned char>((md[8] & 0x3f) | 0x80);  // RFC 4122 variant
  std::string h = hex(md.data(), 16);
  return h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" + h.substr(16, 4) +
         "-" + h.substr(20, 12);
}

std::optional<std::string> pool_owner(const std::string& pool_name, const std::string& uuid) {
  std::string_view prefix = kNamePrefix;
  if (pool_name.size() <= prefix.size() || pool_name.compare(0, prefix.size(), prefix) != 0) {
    return std::nullopt;
  }
  if (uuid != pool_uuid_for(pool_name)) return std::nullopt;
  return pool_name.substr(prefix.size());
}

}  // namespace klab::lab::libvirt
