#pragma once
// What every command handler gets: the global options, the output streams, the one
// way to turn them into a Plan (file, preset, ./klab.yaml, or the ha preset) and the
// one place a command gets its provider from.
#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

#include "lab/diagnostics.hpp"
#include "lab/plan.hpp"
#include "lab/provider.hpp"

namespace klab::cli {

struct GlobalOptions {
  std::string file;            // -f/--file
  std::string preset;          // --preset
  std::string output = "text"; // --output text|json
  int verbosity = 0;           // -v (repeatable)
};

struct Context {
  GlobalOptions globals;
  std::ostream& out;
  std::ostream& err;
  int exit_code = 0;  // set by a handler when it finishes with something other than 0

  bool json() const { return globals.output == "json"; }
  /// Prints "klab: warning: <diagnostic>" for each warning.
  void warn(const std::vector<lab::Diagnostic>& warnings) const;
  /// Resolves the topology named by the global options; throws ConfigError (exit 64).
  lab::Plan load_plan() const;
  /// Where the topology came from: a path, "preset:<name>" or "./klab.yaml".
  std::string topology_source() const;
  /// The provider (lab::make_provider), built on first use and kept for the command.
  lab::Provider& provider();

  std::unique_ptr<lab::Provider> opened_provider = {};  // provider()'s; empty until then
};

}  // namespace klab::cli
