#include <ostream>

#include "cli/commands.hpp"
#include "lab/paths.hpp"
#include "provisioner/lab_targets.hpp"
#include "provisioner/transport/openssh_config.hpp"

namespace klab::cli {

void add_ssh_config_command(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand("ssh-config", "print an OpenSSH config block for every host of the lab");
  cmd->footer(
      "Each host gets a `Host <name>` block: its address, root, the lab's key, and a\n"
      "known_hosts file in the lab directory holding only the pinned host keys\n"
      "(StrictHostKeyChecking yes). The lab must exist (`klab up`).\n"
      "Examples:\n"
      "  ssh -F <(klab ssh-config) kube-master1\n"
      "  klab ssh-config > lab.ssh; scp -F lab.ssh file kube-master1:/tmp/\n"
      "  scripts/lab-env run -- sh -c 'ssh -F lab.ssh kube-master1 uptime'");
  cmd->callback([&ctx] {
    const lab::Plan plan = ctx.load_plan();
    const auto keys = provisioner::must_load_lab_keys(plan);
    const auto targets = provisioner::lab_ssh_targets(plan, keys);
    // Written (0600) rather than only printed: the config refers to the known_hosts file.
    const auto files = provisioner::write_openssh_files(targets, lab::lab_dir(plan.lab) / "openssh");
    ctx.out << "# klab lab " << plan.lab << " (" << plan.source << ")\n"
            << provisioner::render_ssh_config(targets, files.known_hosts);
  });
}

}  // namespace klab::cli
