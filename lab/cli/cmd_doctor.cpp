#include "lab/cli/commands.hpp"

namespace klab::cli {

void add_doctor_command(CLI::App&, Context&) {}

}  // namespace klab::cli
