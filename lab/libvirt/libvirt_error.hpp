#pragma once
// Turning libvirt's thread-local last error into klab::Error at the call site.
// libvirt prints every error to stderr unless told otherwise; install_quiet_error_handler
// silences that so only cli/main.cpp ever prints.
#include <string>

#include "base/error.hpp"

namespace klab::lab::libvirt {

/// Idempotent and thread-safe; Connection::open calls it.
void install_quiet_error_handler();

/// The code of the last libvirt error on this thread (virErrorNumber), 0 if none.
int last_error_code();

/// An infrastructure Error "<action>: <libvirt message>"; detail carries the libvirt
/// error code and domain. Resets the last error.
Error last_error(const std::string& action);
[[noreturn]] void throw_last_error(const std::string& action);

/// As throw_last_error, for messages that name the object: libvirt's accessors
/// (virDomainGetName, ...) reset the last error, so the message is built only
/// after the error has been captured.
template <typename MakeAction>
[[noreturn]] void throw_last_error_for(MakeAction&& make_action) {
  Error e = last_error("");
  std::string message = e.what();  // ": <libvirt message>"
  throw Error(e.kind(), make_action() + message, e.detail());
}

}  // namespace klab::lab::libvirt
