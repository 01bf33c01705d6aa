#pragma once
// POSIX shell quoting for building remote commands from data.
#include <string>
#include <string_view>
#include <vector>

namespace klab::provisioner {

/// 'text' with every ' written as '\'' : safe as one word in any POSIX shell.
std::string shell_quote(std::string_view text);

/// The words quoted and joined by spaces: a command line that runs exactly `argv`.
std::string shell_join(const std::vector<std::string>& argv);

}  // namespace klab::provisioner
