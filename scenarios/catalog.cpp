#include "scenarios/catalog.hpp"

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>

#include "lab/diagnostics.hpp"
#include "base/error.hpp"
#include "lab/spelling.hpp"
#include "scenarios/builtin_scenarios.hpp"
#include "scenarios/scenario_parse.hpp"
#include "base/strings.hpp"

namespace klab::scenarios {

namespace {

std::string read_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw usage_error("cannot read scenario file " + file.string() + ": " + errno_string(errno));
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

std::vector<Scenario> load_catalog(const std::vector<std::filesystem::path>& dirs) {
  std::vector<Scenario> out;
  std::vector<lab::Diagnostic> problems;
  auto add = [&](const std::string& text, const std::string& source) {
    try {
      out.push_back(parse_scenario(text, source));
    } catch (const lab::ConfigError& e) {
      problems.insert(problems.end(), e.diagnostics().begin(), e.diagnostics().end());
    }
  };
  for (const BuiltinScenario& b : builtin_scenarios())
    add(std::string(b.text), "builtin:" + std::string(b.file));
  for (const std::filesystem::path& dir : dirs) {
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec))
      throw usage_error("--scenario-dir " + dir.string() + " is not a directory");
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(dir))
      if (entry.is_regular_file() && entry.path().extension() == ".yaml") files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    for (const auto& file : files) add(read_file(file), file.string());
  }
  if (!problems.empty()) throw lab::ConfigError(problems);
  std::map<std::string, std::string> seen;
  for (const Scenario& s : out) {
    auto [it, fresh] = seen.emplace(s.name, s.source);
    if (!fresh)
      throw usage_error("scenario name '" + s.name + "' is defined twice, in " + it->second + " and " + s.source +
                        ": rename the one in " + s.source);
  }
  return out;
}

std::vector<Scenario> select_scenarios(const std::vector<Scenario>& catalog, const std::vector<std::string>& names) {
  std::vector<Scenario> out;
  std::vector<std::string> known;
  for (const Scenario& s : catalog) known.push_back(s.name);
  for (const std::string& name : names) {
    auto it = std::find_if(catalog.begin(), catalog.end(), [&](const Scenario& s) { return s.name == name; });
    if (it != catalog.end()) {
      out.push_back(*it);
      continue;
    }
    std::string message = "unknown scenario '" + name + "'";
    if (auto guess = lab::closest_match(name, known)) message += " (did you mean '" + *guess + "'?)";
    std::string all = base::join(known, ", ");
    throw usage_error(message + "; known scenarios: " + all);
  }
  return out;
}

}  // namespace klab::scenarios
