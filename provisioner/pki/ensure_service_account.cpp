// ensure_service_account: sa.key signs service-account tokens (controller-manager),
// sa.pub verifies them (apiserver). Like a CA, sa.key is never replaced once it exists.
#include "base/atomic_file.hpp"
#include "base/error.hpp"
#include "base/files.hpp"
#include "provisioner/pki/ensure_steps.hpp"
#include "provisioner/pki/key.hpp"

namespace klab::provisioner::pki {

namespace {
constexpr const char* sa_key_file = "sa.key";
constexpr const char* sa_pub_file = "sa.pub";

/// Why sa.pub must be rewritten from `key`, or nullopt when it is right.
std::optional<std::string> stale_public_key(const fs::path& pub_path, EVP_PKEY* key) {
  std::optional<std::string> pem = base::read_file_if_exists(pub_path);
  if (!pem) return std::string(sa_pub_file) + " is missing";
  try {
    EvpPkeyPtr pub = public_key_from_pem(*pem, pub_path.string());
    if (!same_public_key(pub.get(), key)) return std::string(sa_pub_file) + " did not match sa.key";
  } catch (const Error& e) {
    return std::string(e.what());
  }
  return std::nullopt;
}
}  // namespace

void ensure_service_account(const fs::path& root, EnsureReport& report) {
  const fs::path key_path = root / sa_key_file;
  const fs::path pub_path = root / sa_pub_file;
  for (const fs::path& p : {key_path, pub_path}) base::remove_stale_temp_files(p);
  std::optional<std::string> key_pem = base::read_file_if_exists(key_path);
  if (!key_pem) {
    EvpPkeyPtr key = generate_key(KeyAlgorithm::rsa_2048);
    base::write_file_atomic(key_path, private_key_to_pem(key.get()), base::private_file_mode);
    base::write_file_atomic(pub_path, public_key_to_pem(key.get()), base::public_file_mode);
    report.items.push_back({"sa", ItemKind::key_pair, Action::created, {}});
    return;
  }
  EvpPkeyPtr key;
  try {
    key = private_key_from_pem(*key_pem, key_path.string());
  } catch (const Error& e) {
    throw infra_error(std::string(e.what()) +
                      ": restore it from a backup; klab never replaces sa.key by itself, because "
                      "every service-account token signed with it would be rejected (to start "
                      "over, delete sa.key and sa.pub and restart the control plane)");
  }
  tighten_private_mode(key_path, report);
  if (std::optional<std::string> why = stale_public_key(pub_path, key.get())) {
    base::write_file_atomic(pub_path, public_key_to_pem(key.get()), base::public_file_mode);
    report.items.push_back({"sa", ItemKind::key_pair, Action::updated, "sa.pub rewritten: " + *why});
    return;
  }
  report.items.push_back({"sa", ItemKind::key_pair, Action::reused, {}});
}

}  // namespace klab::provisioner::pki
