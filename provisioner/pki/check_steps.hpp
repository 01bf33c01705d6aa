#pragma once
// The non-certificate findings of check_pki (check.hpp). Internal to the PKI module.
#include <vector>

#include "lab/plan.hpp"
#include "provisioner/pki/check.hpp"

namespace klab::provisioner::pki {

/// sa.key present, parses, mode 0600; sa.pub present and its public half.
FileCheck check_service_account(const fs::path& root);

/// Each kubeconfig the plan needs: present, 0600, parses, points at apiserver_url(plan),
/// and embeds exactly the CA, certificate and key files now on disk.
std::vector<FileCheck> check_kubeconfigs(const lab::Plan& plan, const fs::path& root);

}  // namespace klab::provisioner::pki
