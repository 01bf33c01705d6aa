#pragma once
// Progress of a long image operation, for the CLI to render (libraries never print).
#include <functional>
#include <optional>
#include <string>

namespace klab::images {

struct ProgressEvent {
  std::string step;                // "bootstrap", "configure", "filesystem", "download", ...
  std::string message;             // one human-readable line
  std::optional<double> fraction;  // 0..1 when the step knows how far it is
};

using ProgressFn = std::function<void(const ProgressEvent&)>;

}  // namespace klab::images
