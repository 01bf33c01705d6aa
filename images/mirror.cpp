// effective_mirror(): the Debian mirror a build uses when the recipe names none.
// A host that already reaches Debian through some mirror (a proxy, a local cache)
// builds images through the same one.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include "images/recipe.hpp"

namespace klab::images {

namespace {

constexpr const char* kDefaultMirror = "http://deb.debian.org/debian";

struct AptSource {
  std::string uri;
  std::vector<std::string> suites;
};

std::vector<std::string> words(const std::string& line) {
  std::istringstream in(line);
  std::vector<std::string> out;
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

// One-line format: deb [option=value ...] uri suite [component ...]
void parse_list(std::istream& in, std::vector<AptSource>& out) {
  for (std::string line; std::getline(in, line);) {
    line = line.substr(0, line.find('#'));
    if (auto open = line.find('['); open != std::string::npos) {
      auto close = line.find(']', open);
      if (close == std::string::npos) continue;
      line.erase(open, close - open + 1);
    }
    std::vector<std::string> w = words(line);
    if (w.size() >= 3 && w[0] == "deb") out.push_back({w[1], {w[2]}});
  }
}

// deb822 format: paragraphs of "Field: value" separated by blank lines.
void parse_sources(std::istream& in, std::vector<AptSource>& out) {
  std::vector<std::string> types, uris, suites;
  bool enabled = true;
  auto flush = [&] {
    if (enabled && std::count(types.begin(), types.end(), "deb")) {
      for (const auto& u : uris) out.push_back({u, suites});
    }
    types.clear(), uris.clear(), suites.clear();
    enabled = true;
  };
  for (std::string line; std::getline(in, line);) {
    if (line.starts_with("#")) continue;
    if (words(line).empty()) {
      flush();
      continue;
    }
    auto colon = line.find(':');
    if (colon == std::string::npos || line[0] == ' ' || line[0] == '\t') continue;
    std::string field = line.substr(0, colon);
    std::vector<std::string> value = words(line.substr(colon + 1));
    if (field == "Types") types = value;
    if (field == "URIs") uris = value;
    if (field == "Suites") suites = value;
    if (field == "Enabled") enabled = value.empty() || value[0] != "no";
  }
  flush();
}

std::vector<AptSource> host_sources(const std::filesystem::path& apt_etc) {
  std::vector<AptSource> out;
  if (std::ifstream main(apt_etc / "sources.list"); main) parse_list(main, out);
  std::error_code ec;
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(apt_etc / "sources.list.d", ec)) files.push_back(e.path());
  std::sort(files.begin(), files.end());  // apt reads them in this order too
  for (const auto& f : files) {
    std::ifstream in(f);
    if (f.extension() == ".list") parse_list(in, out);
    if (f.extension() == ".sources") parse_sources(in, out);
  }
  return out;
}

}  // namespace

std::string effective_mirror(const Recipe& recipe, const std::string& apt_etc) {
  if (!recipe.mirror.empty()) return recipe.mirror;
  // The entry that serves the recipe's suite itself (not -updates or -security).
  for (const auto& s : host_sources(apt_etc)) {
    if (std::count(s.suites.begin(), s.suites.end(), recipe.suite)) {
      std::string uri = s.uri;
      while (uri.size() > 1 && uri.back() == '/') uri.pop_back();
      return uri;
    }
  }
  return kDefaultMirror;
}

}  // namespace klab::images
