#include <ostream>

#include "cli/commands.hpp"
#include "ops/console_follow.hpp"
#include "cli/host_arg.hpp"
#include "lab/paths.hpp"

namespace klab::cli {

namespace {

struct ConsoleOptions {
  std::string host;
  bool follow = false;
};

}  // namespace

void add_console_command(CLI::App& app, Context& ctx) {
  auto opts = std::make_shared<ConsoleOptions>();
  auto* cmd = app.add_subcommand("console", "print a host's serial console log (boot messages, kernel, login)");
  cmd->add_option("host", opts->host, "host name or FQDN")->required();
  cmd->add_flag("-F,--follow", opts->follow, "keep printing new output as it arrives, until Ctrl-C");
  cmd->footer(
      "The serial console of every host is logged to <lab dir>/console/<host>.log from\n"
      "the moment the VM starts (kernel, systemd, cloud-init). --follow also survives a\n"
      "host restart (the log starts again from the top).\n"
      "Examples:\n"
      "  klab console kube-master1 | tail -50\n"
      "  klab console kube-master2 --follow      # watch a boot; Ctrl-C to stop");
  cmd->callback([&ctx, opts] {
    const lab::Plan plan = ctx.load_plan();
    const lab::HostPlan& host = must_find_host_arg(plan, opts->host);
    const auto path = lab::console_log_path(plan.lab, host.name);
    const ops::TextSink sink = [&ctx](std::string_view text) {
      ctx.out.write(text.data(), static_cast<std::streamsize>(text.size()));
      ctx.out.flush();
    };
    if (opts->follow) {
      ops::follow_file_until_interrupted(path, sink);
      return;
    }
    if (!ops::print_file(path, sink))
      throw infra_error("no console log for " + host.name + " at " + path.string() +
                        ": the host has not been started yet (klab up)");
  });
}

}  // namespace klab::cli
