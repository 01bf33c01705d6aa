#include "lab/libvirt/libvirt_error.hpp"

#include <libvirt/virterror.h>

#include <mutex>

namespace klab::lab::libvirt {

namespace {
void quiet(void*, virErrorPtr) {}
}  // namespace

void install_quiet_error_handler() {
  static std::once_flag once;
  std::call_once(once, [] { virSetErrorFunc(nullptr, quiet); });
}

int last_error_code() {
  virErrorPtr err = virGetLastError();
  return err ? err->code : 0;
}

Error last_error(const std::string& action) {
  virErrorPtr err = virGetLastError();
  std::string message = action + ": ";
  std::string detail;
  if (err && err->message) {
    message += err->message;
    detail = "libvirt error code " + std::to_string(err->code) + ", domain " +
             std::to_string(err->domain);
  } else {
    message += "libvirt reported a failure without a message";
  }
  virResetLastError();
  return infra_error(std::move(message), std::move(detail));
}

void throw_last_error(const std::string& action) { throw last_error(action); }

}  // namespace klab::lab::libvirt
