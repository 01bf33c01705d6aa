#pragma once
// The set of text templates a deploy renders with: the built-ins compiled into klab,
// each optionally replaced by a file of the same name in a `--templates DIR` directory.
// Rendering uses kainjow mustache with HTML escaping turned off (these are config files).
#include <filesystem>
#include <kainjow/mustache.hpp>
#include <map>
#include <string>
#include <vector>

namespace klab::provisioner {

class TemplateSet {
 public:
  /// Only the built-in templates.
  static TemplateSet builtin();
  /// The built-ins, with every file in `dir` replacing the built-in of the same name.
  /// Throws a usage Error when `dir` is not a readable directory, when a file in it
  /// matches no built-in name (a typo would otherwise be silently ignored), or when a
  /// file is not a valid mustache template (the message names the file and the problem).
  static TemplateSet with_overrides(const std::filesystem::path& dir);

  /// Renders template `name` ("haproxy.cfg.mustache"). Throws a usage Error naming the
  /// template's origin if rendering fails.
  std::string render(const std::string& name, const kainjow::mustache::data& data) const;

  /// The template text; throws an infrastructure Error for an unknown name (a klab bug).
  const std::string& text(const std::string& name) const;
  /// Where the template came from: "built-in" or the override file's path.
  const std::string& origin(const std::string& name) const;
  bool overridden(const std::string& name) const;
  std::vector<std::string> names() const;

 private:
  struct Entry {
    std::string text;
    std::string origin;
  };
  const Entry& entry(const std::string& name) const;
  std::map<std::string, Entry> entries_;
};

}  // namespace klab::provisioner
