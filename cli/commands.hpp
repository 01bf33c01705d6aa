#pragma once
// Every klab subcommand registers itself here: one file per command (cmd_<name>.cpp),
// each turning flags into options and making one library call.
#include <CLI/CLI.hpp>

#include "cli/context.hpp"

namespace klab::cli {

void add_version_command(CLI::App& app, Context& ctx);
void add_init_command(CLI::App& app, Context& ctx);
void add_plan_command(CLI::App& app, Context& ctx);
void add_doctor_command(CLI::App& app, Context& ctx);
void add_image_command(CLI::App& app, Context& ctx);
void add_up_command(CLI::App& app, Context& ctx);
void add_down_command(CLI::App& app, Context& ctx);
void add_status_command(CLI::App& app, Context& ctx);
void add_ssh_command(CLI::App& app, Context& ctx);
void add_ssh_config_command(CLI::App& app, Context& ctx);
void add_console_command(CLI::App& app, Context& ctx);
void add_logs_command(CLI::App& app, Context& ctx);
void add_snapshot_command(CLI::App& app, Context& ctx);
void add_gc_command(CLI::App& app, Context& ctx);
void add_deploy_command(CLI::App& app, Context& ctx);
void add_etcdctl_command(CLI::App& app, Context& ctx);
void add_certs_command(CLI::App& app, Context& ctx);
void add_scenario_command(CLI::App& app, Context& ctx);

/// Builds the whole command tree (used by main and by in-process CLI tests).
void add_all_commands(CLI::App& app, Context& ctx);

/// Runs klab with argv against the given streams and returns the exit code.
int run(int argc, const char* const* argv, std::ostream& out, std::ostream& err);

/// The one line and exit code (2) for an exception that is not a klab::Error.
int report_foreign_exception(const std::exception_ptr& e, std::ostream& err);

}  // namespace klab::cli
