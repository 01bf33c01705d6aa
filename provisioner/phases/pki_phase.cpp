#include "provisioner/phases/pki_phase.hpp"

#include "base/error.hpp"
#include "provisioner/pki/ensure.hpp"

namespace klab::provisioner {

void PkiPhase::run(PhaseContext& ctx) {
  pki::EnsureReport report;
  try {
    report = pki::ensure_pki(ctx.plan, ctx.pki_dir());
  } catch (const Error& e) {
    rethrow_with_context(e, "phase pki");
  }
  const int created = report.count(pki::Action::created);
  const int reissued = report.count(pki::Action::reissued);
  const int updated = report.count(pki::Action::updated);
  ctx.note("pki: " + std::to_string(report.items.size()) + " items in " + report.root.string() + ": " +
           std::to_string(created) + " created, " + std::to_string(reissued) + " reissued, " +
           std::to_string(updated) + " updated, " + std::to_string(report.count(pki::Action::reused)) +
           " reused");
  for (const pki::EnsureItem& item : report.items) {
    if (item.action == pki::Action::reused) continue;
    ctx.action("local", pki::to_string(item.action) + " " + item.name +
                            (item.reason.empty() ? "" : " (" + item.reason + ")"));
  }
  for (const std::string& w : report.warnings) ctx.note("pki: warning: " + w);
}

}  // namespace klab::provisioner
