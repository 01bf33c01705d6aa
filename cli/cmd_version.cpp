#include <nlohmann/json.hpp>
#include <ostream>

#include <libvirt/libvirt.h>

#include "cli/commands.hpp"

namespace klab::cli {

namespace {
std::string libvirt_version() {
  unsigned long v = 0;
  if (virGetVersion(&v, nullptr, nullptr) != 0) return "unknown";
  return std::to_string(v / 1000000) + "." + std::to_string(v / 1000 % 1000) + "." +
         std::to_string(v % 1000);
}
}  // namespace

void add_version_command(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand("version", "print klab's version and the libvirt it was built with");
  cmd->footer("Example:\n  klab version\n  klab version --output json");
  cmd->callback([&ctx] {
    if (ctx.json()) {
      ctx.out << nlohmann::json{{"klab", KLAB_VERSION}, {"libvirt", libvirt_version()}}.dump(2)
              << "\n";
    } else {
      ctx.out << "klab " << KLAB_VERSION << " (libvirt " << libvirt_version() << ")\n";
    }
  });
}

}  // namespace klab::cli
