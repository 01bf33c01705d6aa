#include "scenarios/faults/fault_params.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <sstream>

#include "base/error.hpp"
#include "scenarios/duration.hpp"
#include "base/strings.hpp"

namespace klab::scenarios {

namespace {

std::optional<double> parse_percent(std::string text) {
  if (!text.empty() && text.back() == '%') text.pop_back();
  double value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc{} || ptr != text.data() + text.size()) return std::nullopt;
  if (value < 0 || value > 100) return std::nullopt;
  return value;
}

bool is_unit_word(const std::string& text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
           return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' ||
                  c == '.' || c == '@';
         });
}

}  // namespace

std::optional<std::string> check_param(const ParamSpec& spec, const std::string& value) {
  switch (spec.kind) {
    case ParamKind::text:
      if (!is_unit_word(value))
        return "'" + value + "' is not a plain word (letters, digits, - _ . @): for example etcd";
      return std::nullopt;
    case ParamKind::path: {
      const auto depth = std::count(value.begin(), value.end(), '/');
      if (value.empty() || value[0] != '/' || depth < 2 || value.find("..") != std::string::npos ||
          value.back() == '/' || value.find_first_of(" '\"\\$`*?") != std::string::npos)
        return "'" + value + "' is not a safe absolute path two levels deep or more "
               "(for example /var/lib/etcd/klab): klab will not wipe '/' or a top-level folder";
      return std::nullopt;
    }
    case ParamKind::duration:
      if (!parse_duration(value)) return "'" + value + "' is not a duration: write it like 200ms, 5s or 2m";
      return std::nullopt;
    case ParamKind::percent:
      if (!parse_percent(value)) return "'" + value + "' is not a percentage from 0 to 100 (for example 10%)";
      return std::nullopt;
    case ParamKind::boolean:
      if (value != "true" && value != "false") return "'" + value + "' is not true or false";
      return std::nullopt;
    case ParamKind::choice:
      if (std::find(spec.choices.begin(), spec.choices.end(), value) == spec.choices.end()) {
        std::string all = base::join(spec.choices, ", ");
        return "'" + value + "' is not one of: " + all;
      }
      return std::nullopt;
    case ParamKind::hosts: {
      std::istringstream in(value);
      for (std::string word; std::getline(in, word, ',');)
        if (!is_unit_word(word)) return "'" + word + "' is not a host name";
      if (value.empty()) return "expected at least one host name";
      return std::nullopt;
    }
  }
  return std::nullopt;
}

FaultParams::FaultParams(std::vector<ParamSpec> specs, std::map<std::string, std::string> values)
    : specs_(std::move(specs)), values_(std::move(values)) {
  for (const ParamSpec& spec : specs_)
    if (!values_.count(spec.name) && !spec.default_value.empty())
      values_[spec.name] = spec.default_value;
}

const std::string& FaultParams::raw(const std::string& name) const {
  const bool declared = std::any_of(specs_.begin(), specs_.end(),
                                    [&](const ParamSpec& s) { return s.name == name; });
  if (!declared) throw usage_error("fault parameter '" + name + "' is not declared by the fault type");
  auto it = values_.find(name);
  if (it == values_.end())
    throw usage_error("fault parameter '" + name + "' is not set and has no default: add it to the scenario's fault");
  return it->second;
}

bool FaultParams::has(const std::string& name) const { return values_.count(name) != 0; }
std::string FaultParams::text(const std::string& name) const { return raw(name); }

std::chrono::milliseconds FaultParams::duration(const std::string& name) const {
  auto d = parse_duration(raw(name));
  if (!d) throw usage_error("fault parameter '" + name + "' is not a duration: " + raw(name));
  return *d;
}

double FaultParams::percent(const std::string& name) const {
  auto p = parse_percent(raw(name));
  if (!p) throw usage_error("fault parameter '" + name + "' is not a percentage: " + raw(name));
  return *p;
}

bool FaultParams::boolean(const std::string& name) const { return raw(name) == "true"; }

std::vector<std::string> FaultParams::list(const std::string& name) const {
  std::vector<std::string> out;
  std::istringstream in(raw(name));
  for (std::string word; std::getline(in, word, ',');)
    if (!word.empty()) out.push_back(word);
  return out;
}

}  // namespace klab::scenarios
