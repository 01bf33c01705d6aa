#pragma once
// Enforcing a command's deadline on the host itself. Closing the SSH channel does not
// stop a remote command (`sleep 30` keeps running), and OpenSSH refuses the SSH
// "signal" request for root logins (root sessions run without privilege separation:
// "session signalling requires privilege separation"), which is how klab logs in. So
// a command with a deadline runs under coreutils' timeout(1), which puts it in a
// process group of its own and SIGKILLs that whole group when the time is up:
//
//   exec timeout -s KILL 1.500s env SHLVL=1 "${SHELL:-/bin/sh}" -c '<command>'
//
// "$SHELL" (set by sshd) keeps the command's semantics: sshd itself runs commands as
// `$SHELL -c <command>`; the outer shell has read the startup files already (exported
// variables pass through), SHLVL=1 keeps bash from reading ~/.bashrc a second time. Exit statuses and signals pass through unchanged. Processes
// the command detaches with setsid (daemons it starts) are deliberately not touched.
#include <chrono>
#include <string>

namespace klab::provisioner {

/// `command` wrapped so the host kills it after `budget`; unchanged when the budget
/// is too large to matter (no deadline).
std::string with_remote_deadline(const std::string& command, std::chrono::milliseconds budget);

}  // namespace klab::provisioner
