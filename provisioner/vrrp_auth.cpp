#include "provisioner/vrrp_auth.hpp"

#include <openssl/rand.h>

#include <algorithm>
#include <cctype>
#include <optional>
#include <string_view>

#include "base/atomic_file.hpp"
#include "base/files.hpp"
#include "base/error.hpp"

namespace klab::provisioner {

namespace {

namespace fs = std::filesystem;

constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

bool is_valid_pass(const std::string& text) {
  return !text.empty() && text.size() <= kVrrpAuthPassLength &&
         std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isalnum(c) != 0; });
}

std::string read_pass(const fs::path& path, const std::string& text) {
  std::string pass = text;
  if (!pass.empty() && pass.back() == '\n') pass.pop_back();
  if (!is_valid_pass(pass))
    throw infra_error(path.string() + " is damaged (not 1 to 8 letters and digits): delete it, and the next " +
                      "`klab deploy` makes a new VRRP secret and renders it on every host");
  return pass;
}

}  // namespace

fs::path vrrp_auth_pass_path(const fs::path& lab_dir) { return lab_dir / "state" / "vrrp-auth-pass"; }

std::string random_vrrp_auth_pass() {
  // Rejection sampling: 248 = 4 x 62, so every character is equally likely.
  const unsigned limit = 256 - 256 % kAlphabet.size();
  std::string out;
  while (out.size() < kVrrpAuthPassLength) {
    unsigned char bytes[16];
    if (RAND_bytes(bytes, sizeof bytes) != 1)
      throw infra_error("OpenSSL RAND_bytes failed: no randomness for the VRRP secret");
    for (unsigned char b : bytes)
      if (b < limit && out.size() < kVrrpAuthPassLength) out += kAlphabet[b % kAlphabet.size()];
  }
  return out;
}

std::string ensure_vrrp_auth_pass(const fs::path& lab_dir) {
  const fs::path path = vrrp_auth_pass_path(lab_dir);
  if (std::optional<std::string> existing = base::read_file_if_exists(path)) return read_pass(path, *existing);
  base::ensure_private_dir(path.parent_path());
  // keep = link(2): a concurrent deploy's secret, if it was first, wins and is read back.
  base::write_file_atomic(path, random_vrrp_auth_pass() + "\n", base::private_file_mode, base::IfExists::keep);
  const std::optional<std::string> created = base::read_file_if_exists(path);
  if (!created) throw infra_error(path.string() + " vanished right after it was created");
  return read_pass(path, *created);
}

}  // namespace klab::provisioner
