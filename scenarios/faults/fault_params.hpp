#pragma once
// Fault parameters: each fault type declares its parameters (name, kind, default); the
// scenario parser validates what a file says against that, and faults read typed
// values through FaultParams with the defaults applied.
#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace klab::scenarios {

enum class ParamKind {
  text,      // a word: a systemd unit, a path
  path,      // an absolute path, at least two levels deep (wiped directories)
  duration,  // "200ms", "5s"
  percent,   // 0..100, "10" or "10%"
  boolean,   // true | false
  choice,    // one of ParamSpec::choices
  hosts,     // a list of host names or "all-others"
};

struct ParamSpec {
  std::string name;
  ParamKind kind = ParamKind::text;
  std::string default_value;  // empty with required = false: absent means "not set"
  bool required = false;
  std::vector<std::string> choices;  // for ParamKind::choice
  std::string help;
};

/// nullopt when `value` suits `spec`; otherwise what is wrong with it.
std::optional<std::string> check_param(const ParamSpec& spec, const std::string& value);

/// Validated parameter values with defaults applied. Getters throw a usage Error for a
/// name the fault type does not declare (a programming error, caught by the tests).
class FaultParams {
 public:
  FaultParams(std::vector<ParamSpec> specs, std::map<std::string, std::string> values);
  bool has(const std::string& name) const;
  std::string text(const std::string& name) const;
  std::chrono::milliseconds duration(const std::string& name) const;
  double percent(const std::string& name) const;
  bool boolean(const std::string& name) const;
  std::vector<std::string> list(const std::string& name) const;  // hosts: comma-separated

 private:
  const std::string& raw(const std::string& name) const;
  std::vector<ParamSpec> specs_;
  std::map<std::string, std::string> values_;
};

}  // namespace klab::scenarios
