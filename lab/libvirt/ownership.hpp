#pragma once
// Ownership: how klab recognises the libvirt objects it created, so that it never
// modifies or deletes anything else.
//
// - Domains and networks carry a <metadata><klab:owner .../></metadata> element in the
//   klab namespace (network XML keeps <metadata> in libvirt 9.0; only the
//   virNetworkGetMetadata API is newer, so klab reads the full network XML).
// - Storage pools cannot carry metadata (libvirt's pool XML has none). A klab pool's
//   UUID is derived from its name (pool_uuid_for); a pool is owned only when its name
//   starts with "klab-" AND its UUID matches, which a hand-made pool will not.
//   Volumes are owned through their pool: a klab pool's directory is klab's alone.
// - The owner element also records `spec`, a hash of the XML klab rendered, so a
//   later run can tell whether the definition is out of date without diffing libvirt's
//   expanded XML.
// - And who created the object (uid, machine, state-dir: LabOwner), so gc never takes
//   another user's lab for a leftover; domains also record lab-key, the fingerprint of
//   the lab SSH key their seed authorizes, so `up` can tell that a running host expects
//   a key this lab directory does not have. Objects of older klab versions lack these
//   attributes: their owner is unknown.
#include <optional>
#include <pugixml.hpp>
#include <string>

#include "lab/lab_owner.hpp"

namespace klab::lab::libvirt {

inline constexpr const char* kOwnerNamespace = "urn:klab:ownership:1";
inline constexpr const char* kOwnerPrefix = "klab";
inline constexpr const char* kNamePrefix = "klab-";

struct Owner {
  std::string lab;
  std::string host;     // domains only
  std::string role;     // domains only
  std::string version;  // klab version that wrote the object
  std::string spec;     // sha256 of the rendered definition (see seal_spec)
  LabOwner creator;     // who created it; empty on objects of older klab versions
  std::string lab_key;  // domains only: "SHA256:..." of the lab key the seed authorizes
};

/// Appends <metadata><klab:owner .../></metadata> to `object_root` (a <domain> or
/// <network> node) and returns the owner node.
pugi::xml_node append_owner(pugi::xml_node object_root, const Owner& owner);

/// Computes the spec hash of `doc` with the owner's spec attribute empty, then sets it.
void seal_spec(pugi::xml_document& doc, pugi::xml_node owner_node);

/// The klab owner recorded in a domain or network XML, if any. Matched by namespace
/// URI, not by prefix, so a look-alike element in another namespace is not ours.
std::optional<Owner> owner_from_xml(const std::string& object_xml);

/// Deterministic UUID (RFC 4122 layout, version 5 bits) for the klab pool `pool_name`.
std::string pool_uuid_for(const std::string& pool_name);

/// The lab a pool belongs to, when the pool is klab's (prefix + derived UUID).
std::optional<std::string> pool_owner(const std::string& pool_name, const std::string& uuid);

/// Lower-case hex SHA-256.
std::string sha256_hex(const std::string& data);

}  // namespace klab::lab::libvirt
