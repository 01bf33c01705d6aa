#pragma once
// Standard base64 (RFC 4648, with padding, no line breaks), as kubeconfig *-data
// fields use it.
#include <optional>
#include <string>

namespace klab::provisioner::pki {

std::string base64_encode(const std::string& bytes);
/// nullopt when `text` is not valid base64.
std::optional<std::string> base64_decode(const std::string& text);

}  // namespace klab::provisioner::pki
