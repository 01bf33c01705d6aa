#pragma once
// Commands the guest-side faults and checks run over a Transport: systemd units,
// journals, directories, and the one-line edits of an environment file (with a backup
// the revert restores byte for byte).
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "provisioner/transport/transport.hpp"

namespace klab::scenarios {

/// Generous: under TCG `systemctl stop etcd` alone can take tens of seconds.
inline constexpr std::chrono::seconds guest_deadline{120};

/// `systemctl <verb> <unit>`, throwing klab::Error with the output when it fails.
/// `no_block` for starts that must not wait for a Type=notify unit to report ready.
void systemctl(provisioner::Transport& t, const std::string& verb, const std::string& unit,
               bool no_block = false);
/// The guest's wall clock right after a command took effect (`date +%s%N` run by the
/// same shell), or nullopt when the guest printed no time. Guest clocks are set from the
/// host at `klab up` and after a snapshot restore (skew ~10 ms), so this places the
/// moment a fault took effect without the SSH round trip back (seconds under TCG).
using GuestTime = std::optional<std::chrono::system_clock::time_point>;
/// `systemctl kill -s <signal> --kill-who=all <unit>`; when the guest's kill returned.
GuestTime kill_unit(provisioner::Transport& t, const std::string& unit, const std::string& signal);
/// `systemctl stop <unit>`; when the stop returned.
GuestTime stop_unit(provisioner::Transport& t, const std::string& unit);
/// A runtime drop-in (/run, gone at reboot) with Restart=no for `unit`, so a killed unit
/// stays down; daemon-reload included. clear_no_restart removes it (absent: nothing).
void set_no_restart(provisioner::Transport& t, const std::string& unit);
void clear_no_restart(provisioner::Transport& t, const std::string& unit);
bool has_no_restart(provisioner::Transport& t, const std::string& unit);
bool unit_active(provisioner::Transport& t, const std::string& unit);

/// The guest's own clock, seconds since the epoch: journal scans start from it, so a
/// guest whose clock differs from the host's is scanned over the right window.
std::string guest_epoch(provisioner::Transport& t);
/// The units' journal lines since `epoch` (from guest_epoch), message text only.
std::string journal_since(provisioner::Transport& t, const std::vector<std::string>& units,
                          const std::string& epoch);

/// Deletes everything inside `path` and keeps the directory itself (with its owner and
/// mode, which the service needs). Refuses paths less than two levels deep.
void wipe_directory(provisioner::Transport& t, const std::string& path);
bool directory_empty(provisioner::Transport& t, const std::string& path);

/// Sets KEY="value" in a shell-style environment file, keeping the original in
/// `<file>.klab-fault-backup` on the first edit.
void set_env_value(provisioner::Transport& t, const std::string& file, const std::string& key,
                   const std::string& value);
/// Moves the backup back over the file; nothing to do without a backup.
void restore_env_file(provisioner::Transport& t, const std::string& file);
bool env_file_edited(provisioner::Transport& t, const std::string& file);
std::string env_backup_path(const std::string& file);

}  // namespace klab::scenarios
