// The top of klab: parse the command line, dispatch, print an error once and map it to
// an exit code (DESIGN.md: 0 ok, 1 check failed, 2 infrastructure, 3 inconclusive,
// 64 usage/configuration).
#include <algorithm>
#include <filesystem>
#include <new>
#include <ostream>

#include "cli/commands.hpp"
#include "lab/diagnostics.hpp"
#include "lab/spelling.hpp"

namespace klab::cli {

namespace {

constexpr const char* description =
    "klab — reproduce a highly available Kubernetes lab on one Linux machine and break it\n"
    "on purpose, repeatably: libvirt/QEMU VMs, a bundled provisioner, failure scenarios.";

constexpr const char* footer =
    "Topology: -f FILE, else --preset NAME, else ./klab.yaml, else the built-in `ha` preset\n"
    "(an LB and three masters, 192.168.49.150-153). Exit codes: 0 ok, 1 a check failed,\n"
    "2 infrastructure error, 3 inconclusive, 64 invalid command line or configuration.\n"
    "Run `klab COMMAND --help` for a command's options and examples.";

void add_global_options(CLI::App& app, Context& ctx) {
  app.add_option("-f,--file", ctx.globals.file, "topology file (klab.yaml)");
  app.add_option("--preset", ctx.globals.preset, "built-in topology: ha or single");
  app.add_option("--output", ctx.globals.output, "output format")
      ->check(CLI::IsMember({"text", "json"}));
  app.add_flag("-v,--verbose", ctx.globals.verbosity, "more detail (repeat for more)");
}

std::vector<std::string> subcommand_names(const CLI::App& app) {
  std::vector<std::string> names;
  for (const auto* sub : app.get_subcommands({})) names.push_back(sub->get_name());
  return names;
}

// The first word that is not an option or an option's value: the command the user typed.
std::string first_command_word(int argc, const char* const* argv) {
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "-f" || arg == "--file" || arg == "--preset" || arg == "--output") {
      ++i;
      continue;
    }
    if (!arg.empty() && arg[0] != '-') return arg;
  }
  return {};
}

// CLI11 reports a mistyped command as "a subcommand is required" or "arguments not
// expected"; say which word was wrong and what was probably meant.
int report_parse_error(const CLI::App& app, const CLI::ParseError& e, const std::string& word,
                       std::ostream& err) {
  const auto names = subcommand_names(app);
  if (word.empty()) {
    err << "klab: error: no command given; run `klab --help` for the list\n";
    return exit_code::usage;
  }
  if (std::find(names.begin(), names.end(), word) == names.end()) {
    std::string message = "klab: error: unknown command '" + word + "'";
    if (auto guess = lab::closest_match(word, names)) message += " (did you mean '" + *guess + "'?)";
    err << message << "; run `klab --help` for the list\n";
    return exit_code::usage;
  }
  err << "klab: error: " << e.what() << "; see `klab " << word << " --help`\n";
  return exit_code::usage;
}

void print_error(const Error& e, const Context& ctx) {
  if (const auto* config = dynamic_cast<const lab::ConfigError*>(&e)) {
    for (const auto& d : config->diagnostics()) ctx.err << "klab: error: " << d.str() << "\n";
    const std::size_t n = config->diagnostics().size();
    if (n > 1) ctx.err << "klab: " << n << " problems found; nothing was created\n";
    return;
  }
  ctx.err << "klab: error: " << e.what() << "\n";
  if (!e.detail().empty()) ctx.err << e.detail() << (e.detail().back() == '\n' ? "" : "\n");
}

}  // namespace

// Anything that is not a klab::Error (a filesystem error, memory, a library's own
// exception) is still an infrastructure failure of this run: one line, exit 2, never
// std::terminate's abort (134) and core file.
int report_foreign_exception(const std::exception_ptr& e, std::ostream& err) {
  try {
    std::rethrow_exception(e);
  } catch (const std::bad_alloc&) {
    err << "klab: error: out of memory\n";
  } catch (const std::filesystem::filesystem_error& x) {
    err << "klab: error: " << x.what() << "\n";
  } catch (...) {
    err << "klab: error: internal error: " << exception_text(e) << "\n";
  }
  return exit_code::infrastructure;
}

void add_all_commands(CLI::App& app, Context& ctx) {
  add_global_options(app, ctx);
  add_version_command(app, ctx);
  add_init_command(app, ctx);
  add_plan_command(app, ctx);
  add_doctor_command(app, ctx);
  add_image_command(app, ctx);
  add_up_command(app, ctx);
  add_down_command(app, ctx);
  add_status_command(app, ctx);
  add_ssh_command(app, ctx);
  add_ssh_config_command(app, ctx);
  add_console_command(app, ctx);
  add_logs_command(app, ctx);
  add_snapshot_command(app, ctx);
  add_gc_command(app, ctx);
  add_deploy_command(app, ctx);
  add_etcdctl_command(app, ctx);
  add_certs_command(app, ctx);
  add_scenario_command(app, ctx);
}

int run(int argc, const char* const* argv, std::ostream& out, std::ostream& err) {
  Context ctx{{}, out, err};
  CLI::App app(description, "klab");
  app.footer(footer);
  app.require_subcommand(1);
  app.fallthrough();  // global options work after the command too: `klab plan -f x.yaml`
  add_all_commands(app, ctx);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    out << app.help();
    return exit_code::ok;
  } catch (const CLI::CallForAllHelp&) {
    out << app.help("", CLI::AppFormatMode::All);
    return exit_code::ok;
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return exit_code::ok;
    // Help for a subcommand is raised from inside it; CLI11 prints it via exit().
    return report_parse_error(app, e, first_command_word(argc, argv), err);
  } catch (const Error& e) {
    print_error(e, ctx);
    return exit_code_for(e.kind());
  } catch (...) {
    return report_foreign_exception(std::current_exception(), err);
  }
  return ctx.exit_code;
}

}  // namespace klab::cli
