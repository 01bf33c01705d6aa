#pragma once
// Where klab keeps things on the host, following the XDG base directory spec.
#include <filesystem>
#include <string>

namespace klab::lab {

/// $XDG_STATE_HOME/klab (default ~/.local/state/klab); KLAB_STATE_DIR overrides.
std::filesystem::path state_root();
/// The lab directory: SSH keys, PKI, console logs, reports, state.json.
std::filesystem::path lab_dir(const std::string& lab);

/// Throws an infrastructure Error (exit 2) when `dir` exists but is not a directory
/// owned by this process's effective uid, or is writable by group or others: SSH keys
/// and certificates in it could have been planted, replaced or read by someone else.
/// `what` names it in the message ("the lab directory").
void check_private_dir(const std::filesystem::path& dir, const std::string& what);
/// lab_dir(lab), after check_private_dir of the state root and the lab directory (each
/// when it exists). Every command that reads or removes lab state goes through this.
std::filesystem::path checked_lab_dir(const std::string& lab);
/// Creates `dir` with mode 0700 when missing, then check_private_dir(dir, what).
void make_private_dir(const std::filesystem::path& dir, const std::string& what);
/// The state root, created (0700) when missing and checked as check_private_dir does.
std::filesystem::path make_state_root();
/// As checked_lab_dir, creating the state root and the lab directory (0700) when missing.
std::filesystem::path make_lab_dir(const std::string& lab);
/// The serial console log of a host: <lab dir>/console/<host>.log
std::filesystem::path console_log_path(const std::string& lab, const std::string& host);
/// $XDG_CACHE_HOME/klab (default ~/.cache/klab); KLAB_CACHE_DIR overrides.
std::filesystem::path cache_root();
/// $XDG_CACHE_HOME/klab/images/<name>/
std::filesystem::path image_dir(const std::string& image);

}  // namespace klab::lab
