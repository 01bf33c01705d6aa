#include "lab/diagnostics.hpp"

#include "base/strings.hpp"

namespace klab::lab {

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
    : Error(ErrorKind::usage, base::join(diagnostics, "\n", [](const Diagnostic& d) { return d.str(); })),
      diagnostics_(std::move(diagnostics)) {}

}  // namespace klab::lab
