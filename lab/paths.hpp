#pragma once
// Where klab keeps things on the host, following the XDG base directory spec.
#include <filesystem>
#include <string>

namespace klab::lab {

/// $XDG_STATE_HOME/klab (default ~/.local/state/klab); KLAB_STATE_DIR overrides.
std::filesystem::path state_root();
/// The lab directory: SSH keys, PKI, console logs, reports, state.json.
std::filesystem::path lab_dir(const std::string& lab);
/// The serial console log of a host: <lab dir>/console/<host>.log
std::filesystem::path console_log_path(const std::string& lab, const std::string& host);
/// $XDG_CACHE_HOME/klab (default ~/.cache/klab); KLAB_CACHE_DIR overrides.
std::filesystem::path cache_root();
/// $XDG_CACHE_HOME/klab/images/<name>/
std::filesystem::path image_dir(const std::string& image);

}  // namespace klab::lab
