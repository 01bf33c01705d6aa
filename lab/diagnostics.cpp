#include "lab/diagnostics.hpp"

namespace klab::lab {

namespace {
std::string join_lines(const std::vector<Diagnostic>& diagnostics) {
  std::string out;
  for (const auto& d : diagnostics) {
    if (!out.empty()) out += '\n';
    out += d.str();
  }
  return out;
}
}  // namespace

std::string SourcePos::str() const {
  std::string out = file;
  if (line > 0) out += ":" + std::to_string(line);
  if (line > 0 && column > 0) out += ":" + std::to_string(column);
  return out;
}

std::string Diagnostic::str() const {
  std::string out = pos.str();
  if (!field.empty()) out += (out.empty() ? "" : ": ") + field;
  return out + (out.empty() ? "" : ": ") + message;
}

ConfigError::ConfigError(std::vector<Diagnostic> diagnostics)
    : Error(ErrorKind::usage, join_lines(diagnostics)), diagnostics_(std::move(diagnostics)) {}

}  // namespace klab::lab
