#pragma once
// How the live lab control runs host tools (tc, nft): argv vectors through fork/exec
// (base/process.hpp), never a shell. A function type so unit tests can capture the
// commands and feed recorded outputs back.
#include <functional>
#include <string>
#include <vector>

#include "base/process.hpp"

namespace klab::scenarios {

using ToolRunner = std::function<base::ProcessResult(const std::vector<std::string>& argv)>;

/// The real runner: base::run_process.
ToolRunner process_tool_runner();

/// Runs `argv`; a non-zero exit throws an infrastructure Error naming `purpose`, the
/// command and its stderr, with a hint about running klab inside the lab namespace.
std::string run_tool_checked(const ToolRunner& run, const std::vector<std::string>& argv,
                             const std::string& purpose);

}  // namespace klab::scenarios
