// ensure_kubeconfigs: render each kubeconfig from the CA and client pair on disk and
// write it when it differs from the file (new certificate, moved VIP, first run).
#include "base/atomic_file.hpp"
#include "base/error.hpp"
#include "base/files.hpp"
#include "provisioner/pki/catalog.hpp"
#include "provisioner/pki/ensure_steps.hpp"
#include "provisioner/pki/kubeconfig.hpp"

namespace klab::provisioner::pki {

namespace {
std::string read_required(const fs::path& path) {
  std::optional<std::string> text = base::read_file_if_exists(path);
  if (!text) throw infra_error(path.string() + " vanished while the PKI was being written: run the pki phase again");
  return *text;
}
}  // namespace

void ensure_kubeconfigs(const lab::Plan& plan, const fs::path& root, EnsureReport& report) {
  const std::string ca_pem = read_required(root / ca_spec(CaId::kubernetes).cert_file());
  const std::string server = apiserver_url(plan);
  for (const KubeconfigSpec& spec : required_kubeconfigs(plan)) {
    KubeconfigContent content{plan.lab, server, spec.user, ca_pem,
                              read_required(root / (spec.cert_id + ".crt")),
                              read_required(root / (spec.cert_id + ".key"))};
    const std::string text = render_kubeconfig(content);
    const fs::path path = root / spec.file();
    std::optional<std::string> existing = base::read_file_if_exists(path);
    if (existing && *existing == text) {
      tighten_private_mode(path, report);
      report.items.push_back({spec.file(), ItemKind::kubeconfig, Action::reused, {}});
      continue;
    }
    base::write_file_atomic(path, text, base::private_file_mode);
    report.items.push_back({spec.file(), ItemKind::kubeconfig,
                            existing ? Action::updated : Action::created,
                            existing ? "embedded certificate, CA or server " + server + " changed"
                                     : std::string()});
  }
}

}  // namespace klab::provisioner::pki
