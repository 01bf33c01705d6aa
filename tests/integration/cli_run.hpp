#pragma once
// Runs klab commands in-process (klab::cli::run), so they share the test driver's
// in-memory hypervisor (test:///default) with the fixture's connection.
#include <sstream>
#include <string>
#include <vector>

#include "lab/cli/commands.hpp"

namespace klab::testing {

struct CliResult {
  int code = 0;
  std::string out, err;
  bool says(const std::string& part) const {
    return out.find(part) != std::string::npos || err.find(part) != std::string::npos;
  }
};

inline CliResult run_cli(std::vector<std::string> args) {
  args.insert(args.begin(), "klab");
  std::vector<const char*> argv;
  for (const auto& a : args) argv.push_back(a.c_str());
  std::ostringstream out, err;
  const int code = cli::run(static_cast<int>(argv.size()), argv.data(), out, err);
  return {code, out.str(), err.str()};
}

}  // namespace klab::testing
