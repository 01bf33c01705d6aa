#pragma once
// Diagnostics for user input (klab.yaml, scenario files): every problem names
// file:line:column, the field, what is wrong and what to do. Validation collects
// them all and throws once, so a user fixes a file in one pass.
#include <string>
#include <vector>

#include "base/error.hpp"

namespace klab::lab {

struct SourcePos {
  std::string file;
  int line = 0;    // 1-based; 0 when unknown
  int column = 0;  // 1-based; 0 when unknown
  std::string str() const;  // "file:line:column" (parts omitted when unknown)
};

struct Diagnostic {
  SourcePos pos;
  std::string field;    // "hosts[1].memory", "network.vip"; empty for whole-file problems
  std::string message;  // what is wrong, and what to do about it
  std::string str() const;  // "klab.yaml:7:38: hosts[1].memory: ..."
};

/// A usage-class Error (exit 64) holding every diagnostic found in one input.
class ConfigError : public Error {
 public:
  explicit ConfigError(std::vector<Diagnostic> diagnostics);
  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }

 private:
  std::vector<Diagnostic> diagnostics_;
};

}  // namespace klab::lab
