#include <unistd.h>

#include <iostream>
#include <iterator>
#include <ostream>

#include "cli/commands.hpp"
#include "cli/host_arg.hpp"
#include "lab/paths.hpp"
#include "provisioner/lab_targets.hpp"
#include "provisioner/transport/openssh_config.hpp"
#include "provisioner/transport/remote_command.hpp"

namespace klab::cli {

namespace {

struct SshOptions {
  std::string host;
  std::vector<std::string> command;  // after `--`; empty: interactive login
  bool send_stdin = false;
  int timeout_seconds = 0;  // 0: as long as the command takes
};

// `klab ssh HOST -- CMD`: libssh, output streamed, CMD's exit status becomes klab's.
int run_command(const provisioner::SshTarget& target, const SshOptions& opts) {
  provisioner::SshTransport transport(target);
  std::string input;
  if (opts.send_stdin) input.assign(std::istreambuf_iterator<char>(std::cin), {});
  const auto deadline = opts.timeout_seconds > 0
                            ? std::chrono::milliseconds(std::chrono::seconds(opts.timeout_seconds))
                            : provisioner::no_deadline;
  return transport
      .run_streaming(provisioner::join_remote_command(opts.command), deadline,
                     provisioner::fd_sink(STDOUT_FILENO, STDERR_FILENO), input)
      .exit_status;
}

}  // namespace

void add_ssh_command(CLI::App& app, Context& ctx) {
  auto opts = std::make_shared<SshOptions>();
  auto* cmd = app.add_subcommand("ssh", "log in to a host, or run a command on it (-- CMD)");
  cmd->add_option("host", opts->host, "host name or FQDN (see `klab status`)")->required();
  cmd->add_option("command", opts->command, "command and arguments, after --");
  cmd->add_flag("-i,--stdin", opts->send_stdin, "send klab's standard input to CMD");
  cmd->add_option("--timeout", opts->timeout_seconds, "kill CMD after this many seconds")
      ->check(CLI::PositiveNumber);
  cmd->footer(
      "As root, with the lab's key, and only to the host key klab generated for the host\n"
      "(pinned). With CMD: runs it, streams its output and exits with its exit status\n"
      "(128+N when killed by signal N). Without CMD: an interactive OpenSSH session.\n"
      "Examples:\n"
      "  klab ssh kube-master1                          # interactive shell\n"
      "  klab ssh kube-master1 -- systemctl is-active etcd\n"
      "  klab ssh kube-master1.example.com -- 'echo $HOSTNAME; exit 3'   # exits 3\n"
      "  tar c dir | klab ssh -i kube-master1 -- tar x -C /tmp\n"
      "  scripts/lab-env run -- klab ssh kube-master1   # private libvirt: lab in a netns");
  cmd->callback([&ctx, opts] {
    const lab::Plan plan = ctx.load_plan();
    const lab::HostPlan& host = must_find_host_arg(plan, opts->host);
    const auto keys = provisioner::must_load_lab_keys(plan);
    provisioner::SshTarget target = provisioner::ssh_target_for(host, keys);
    if (!opts->command.empty()) {
      target.reconnect_deadline = std::chrono::seconds(15);
      ctx.exit_code = run_command(target, *opts);
      return;
    }
    if (opts->send_stdin) throw usage_error("--stdin needs a command: klab ssh HOST -i -- CMD");
    const auto files = provisioner::write_openssh_files(provisioner::lab_ssh_targets(plan, keys),
                                                        lab::lab_dir(plan.lab) / "openssh");
    ctx.out.flush();
    provisioner::exec_program(provisioner::interactive_ssh_argv(target, files));
  });
}

}  // namespace klab::cli
