#pragma once
// The lab's VRRP PASS secret: random, made once per lab and kept in the lab directory
// (mode 0600), so every deploy renders the same keepalived.conf and a redeploy changes
// nothing. It is not derived from the lab name, which anyone can see.
//
// Not a security boundary: VRRP PASS travels in clear in every advertisement. It only
// keeps two labs on one host from taking part in each other's elections by accident.
#include <filesystem>
#include <string>

namespace klab::provisioner {

/// VRRP PASS authentication carries at most 8 characters (RFC 2338 5.3.10).
inline constexpr std::size_t kVrrpAuthPassLength = 8;

/// <lab dir>/state/vrrp-auth-pass
std::filesystem::path vrrp_auth_pass_path(const std::filesystem::path& lab_dir);

/// The stored secret, created (8 random letters and digits, 0600) when there is none.
/// Two deploys racing here end up with the same secret: the first file written wins.
/// A damaged file is an infrastructure Error naming it.
std::string ensure_vrrp_auth_pass(const std::filesystem::path& lab_dir);

/// 8 random letters and digits (OpenSSL RAND_bytes): nothing keepalived.conf would parse
/// as a comment, quote or separator.
std::string random_vrrp_auth_pass();

}  // namespace klab::provisioner
