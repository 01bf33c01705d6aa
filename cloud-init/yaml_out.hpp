#pragma once
// Emitter helpers shared by the seed documents (internal to cloud-init/).
//
// cloud-init reads YAML with PyYAML, i.e. YAML 1.1: an unquoted 52:54:00:12:34:56 is a
// base-60 integer, 0644 an octal number, `no`/`off` booleans. So every string value is
// emitted double-quoted and stays a string whatever it contains.
#include <yaml-cpp/yaml.h>

#include <string>
#include <vector>

namespace klab::cloudinit::detail {

inline void put_string(YAML::Emitter& out, const char* key, const std::string& value) {
  out << YAML::Key << key << YAML::Value << YAML::DoubleQuoted << value;
}

inline void put_bool(YAML::Emitter& out, const char* key, bool value) {
  out << YAML::Key << key << YAML::Value << YAML::TrueFalseBool << value;
}

inline void put_strings(YAML::Emitter& out, const char* key, const std::vector<std::string>& values) {
  out << YAML::Key << key << YAML::Value << YAML::BeginSeq;
  for (const std::string& v : values) out << YAML::DoubleQuoted << v;
  out << YAML::EndSeq;
}

/// Multi-line text as a literal block; `text` must end with exactly one newline so
/// that the block reads back byte for byte.
void put_block(YAML::Emitter& out, const char* key, const std::string& text);

/// The emitted text plus a final newline; throws klab::Error if the emitter failed.
std::string finish(const YAML::Emitter& out, const char* document);

}  // namespace klab::cloudinit::detail
