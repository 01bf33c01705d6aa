#include <cstdio>
#include <cstdlib>
#include <exception>
#include <iostream>
#include <string>

#include "cli/commands.hpp"
#include "base/error.hpp"

namespace {

// The last resort for an exception that escaped a thread the CLI does not wait on:
// one line and exit 2 (infrastructure), as for every other failure, not abort (134).
[[noreturn]] void exit_on_terminate() noexcept {
  const std::exception_ptr e = std::current_exception();
  const std::string what = e ? klab::exception_text(e) : "std::terminate called without an exception";
  std::fprintf(stderr, "klab: error: internal error: %s\n", what.c_str());
  std::fflush(stderr);
  std::_Exit(klab::exit_code::infrastructure);
}

}  // namespace

int main(int argc, char** argv) {
  std::set_terminate(exit_on_terminate);
  return klab::cli::run(argc, argv, std::cout, std::cerr);
}
