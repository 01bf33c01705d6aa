#pragma once
// klab's command line run in-process (klab::cli::run) with its exit code and both
// streams captured, for the CLI tests.
#include <sstream>
#include <string>
#include <vector>

#include "cli/commands.hpp"

namespace klab::testing {

struct CliResult {
  int code;
  std::string out, err;
};

inline CliResult run_klab(std::vector<std::string> args) {
  args.insert(args.begin(), "klab");
  std::vector<const char*> argv;
  for (const auto& a : args) argv.push_back(a.c_str());
  std::ostringstream out, err;
  const int code = klab::cli::run(static_cast<int>(argv.size()), argv.data(), out, err);
  return {code, out.str(), err.str()};
}

}  // namespace klab::testing
