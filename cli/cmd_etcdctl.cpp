#include <unistd.h>

#include <ostream>

#include "cli/commands.hpp"
#include "cli/host_arg.hpp"
#include "lab/paths.hpp"
#include "provisioner/etcd/etcdctl.hpp"
#include "provisioner/lab_targets.hpp"
#include "provisioner/render/lab_view.hpp"
#include "provisioner/transport/remote_command.hpp"
#include "provisioner/transport/ssh_transport.hpp"

namespace klab::cli {

namespace {

struct EtcdctlArgs {
  std::string host;               // a master; empty: the first that answers
  std::vector<std::string> args;  // after --
};

}  // namespace

void add_etcdctl_command(CLI::App& app, Context& ctx) {
  auto a = std::make_shared<EtcdctlArgs>();
  auto* cmd = app.add_subcommand("etcdctl", "run etcdctl on a master with the lab's etcd certificates");
  cmd->add_option("--host", a->host, "the master to run it on (default: the first that answers)");
  cmd->add_option("args", a->args, "etcdctl arguments, after --")->required();
  cmd->footer(
      "Runs `etcdctl --endpoints=<every member> --cacert --cert --key ARGS` on a master (the\n"
      "healthcheck client certificate klab installed), streams its output and exits with\n"
      "etcdctl's exit status.\n"
      "Examples:\n"
      "  klab etcdctl -- member list -w table\n"
      "  klab etcdctl -- endpoint status --cluster -w table\n"
      "  klab etcdctl --host kube-master2 -- put /klab/hello world");
  cmd->callback([&ctx, a] {
    const lab::Plan plan = ctx.load_plan();
    const provisioner::Settings settings = provisioner::default_settings(plan);
    std::vector<const lab::HostPlan*> candidates;
    if (!a->host.empty()) {
      const lab::HostPlan& h = must_find_host_arg(plan, a->host);
      if (h.role != lab::Role::master)
        throw usage_error(h.name + " is not a master: etcdctl runs where the etcd certificates are (a master)");
      candidates.push_back(&h);
    } else {
      candidates = provisioner::etcd_hosts(plan);
    }
    if (candidates.empty()) throw usage_error("lab '" + plan.lab + "' has no master: there is no etcd to talk to");
    const auto keys = provisioner::must_load_lab_keys(plan);
    const std::string command = provisioner::etcd::etcdctl_command(
        settings, provisioner::etcd::member_client_urls(plan, settings.etcd), a->args, provisioner::etcd::EtcdctlTimeouts{0, 0});
    std::string failures;
    for (const lab::HostPlan* h : candidates) {
      provisioner::SshTarget target = provisioner::ssh_target_for(*h, keys);
      target.reconnect_deadline = std::chrono::seconds(10);
      provisioner::SshTransport transport(target);
      try {
        transport.connect();
      } catch (const Error& e) {
        failures += std::string("\n  ") + e.what();
        continue;  // the next master
      }
      ctx.out.flush();
      ctx.exit_code = provisioner::run_remote_command(transport, command, STDOUT_FILENO, STDERR_FILENO);
      return;
    }
    throw infra_error("no master answered over SSH, so etcdctl could not run:" + failures);
  });
}

}  // namespace klab::cli
