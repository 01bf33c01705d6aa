#include <ostream>

#include "cli/commands.hpp"
#include "provisioner/pki/check.hpp"
#include "provisioner/pki/ensure.hpp"
#include "provisioner/pki/report_format.hpp"

namespace klab::cli {

void add_certs_command(CLI::App& app, Context& ctx) {
  auto* certs = app.add_subcommand("certs", "inspect the lab's PKI");
  certs->require_subcommand(1);
  auto* check = certs->add_subcommand("check", "audit every certificate: expiry, SANs, chain, key; exit 1 on a problem");
  check->footer(
      "Reads the lab directory's pki/ (written by `klab deploy --phase pki`); changes nothing.\n"
      "Examples:\n"
      "  klab certs check\n"
      "  klab certs check --output json");
  check->callback([&ctx] {
    const lab::Plan plan = ctx.load_plan();
    const provisioner::pki::CheckReport report =
        provisioner::pki::check_pki(plan, provisioner::pki::pki_dir(plan));
    if (ctx.json()) ctx.out << provisioner::pki::to_json(report).dump(2) << "\n";
    else ctx.out << provisioner::pki::to_text(report);
    if (report.overall() != provisioner::pki::CheckStatus::ok) ctx.exit_code = exit_code::check_failed;
  });
}

}  // namespace klab::cli
