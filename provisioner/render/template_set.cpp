#include "provisioner/render/template_set.hpp"

#include <fstream>
#include <sstream>
#include <system_error>

#include "base/error.hpp"
#include "provisioner/templates/builtin_templates.hpp"
#include "base/strings.hpp"

namespace klab::provisioner {

namespace {

constexpr const char* kBuiltin = "built-in";

std::string known_names(const std::map<std::string, std::string>& names) {
  return base::join(names, ", ", [](const auto& entry) { return entry.first; });
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw usage_error("cannot read template override " + path.string() +
                      "; check that it exists and is readable");
  }
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

kainjow::mustache::mustache compile(const std::string& text, const std::string& origin) {
  kainjow::mustache::mustache tmpl(text);
  if (!tmpl.is_valid()) {
    throw usage_error("template " + origin + " is not valid mustache: " + tmpl.error_message() +
                      "; fix it or remove it to use the built-in");
  }
  // Config files, not HTML: {{value}} must come out verbatim ("&&", "<", quotes).
  tmpl.set_custom_escape([](const std::string& s) { return s; });
  return tmpl;
}

}  // namespace

TemplateSet TemplateSet::builtin() {
  TemplateSet set;
  for (const BuiltinTemplate& t : builtin_templates()) {
    set.entries_[std::string(t.name)] = Entry{std::string(t.text), kBuiltin};
  }
  return set;
}

TemplateSet TemplateSet::with_overrides(const std::filesystem::path& dir) {
  TemplateSet set = builtin();
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) {
    throw usage_error("--templates " + dir.string() +
                      " is not a directory; pass a directory holding *.mustache overrides");
  }
  std::map<std::string, std::string> known;
  for (const auto& [name, e] : set.entries_) known[name] = e.origin;
  std::filesystem::directory_iterator it(dir, ec);
  if (ec) {
    throw usage_error("cannot list --templates " + dir.string() + ": " + ec.message());
  }
  for (const std::filesystem::directory_entry& file : it) {
    const std::string name = file.path().filename().string();
    if (!file.is_regular_file(ec)) continue;  // subdirectories, sockets: not templates
    if (!known.contains(name)) {
      throw usage_error(
          "template override " + file.path().string() +
          " matches no built-in template; rename it to one of: " + known_names(known));
    }
    Entry entry{read_file(file.path()), file.path().string()};
    compile(entry.text, entry.origin);  // reject a broken override before any deploy work
    set.entries_[name] = std::move(entry);
  }
  return set;
}

const TemplateSet::Entry& TemplateSet::entry(const std::string& name) const {
  const auto it = entries_.find(name);
  if (it == entries_.end()) {
    throw infra_error("klab bug: no template named " + name);
  }
  return it->second;
}

std::string TemplateSet::render(const std::string& name,
                                const kainjow::mustache::data& data) const {
  const Entry& e = entry(name);
  kainjow::mustache::mustache tmpl = compile(e.text, e.origin == kBuiltin ? name : e.origin);
  std::string out = tmpl.render(data);
  if (!tmpl.is_valid()) {
    throw usage_error("rendering template " + e.origin + " (" + name +
                      ") failed: " + tmpl.error_message());
  }
  return out;
}

const std::string& TemplateSet::text(const std::string& name) const { return entry(name).text; }
const std::string& TemplateSet::origin(const std::string& name) const { return entry(name).origin; }
bool TemplateSet::overridden(const std::string& name) const {
  return entry(name).origin != kBuiltin;
}

std::vector<std::string> TemplateSet::names() const {
  std::vector<std::string> out;
  for (const auto& [name, unused] : entries_) out.push_back(name);
  return out;
}

}  // namespace klab::provisioner
