#include "scenarios/live/tool_runner.hpp"

#include "base/error.hpp"

namespace klab::scenarios {

ToolRunner process_tool_runner() {
  return [](const std::vector<std::string>& argv) { return base::run_process(argv); };
}

std::string run_tool_checked(const ToolRunner& run, const std::vector<std::string>& argv,
                             const std::string& purpose) {
  const base::ProcessResult r = run(argv);
  if (r.ok()) return r.output;
  std::string errors = r.errors;
  while (!errors.empty() && (errors.back() == '\n' || errors.back() == ' ')) errors.pop_back();
  throw infra_error(purpose + ": `" + base::describe_command(argv) + "` exited with status " +
                        std::to_string(r.exit_code) + (errors.empty() ? "" : ": " + errors) +
                        " (host-side faults need root and must run inside the lab's network namespace: "
                        "scripts/lab-env run -- klab ...)");
}

}  // namespace klab::scenarios
