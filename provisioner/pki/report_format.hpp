#pragma once
// Text and JSON renderings of the PKI reports, for `klab certs check` and the pki
// phase of `klab deploy` (the CLI chooses which and prints it).
#include <nlohmann/json.hpp>
#include <string>

#include "provisioner/pki/check.hpp"
#include "provisioner/pki/ensure.hpp"

namespace klab::provisioner::pki {

nlohmann::json to_json(const CheckReport& report);
nlohmann::json to_json(const EnsureReport& report);

/// One line per certificate (status, days left, id, not-after, SAN coverage, chain),
/// each problem indented below it, and a summary line.
std::string to_text(const CheckReport& report);
/// A summary ("34 reused, 2 reissued, ...") and one line per item that changed.
std::string to_text(const EnsureReport& report);

}  // namespace klab::provisioner::pki
