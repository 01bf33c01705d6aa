#include "base/error.hpp"

#include <cstring>

namespace klab {

int exit_code_for(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::usage: return exit_code::usage;
    case ErrorKind::infrastructure: return exit_code::infrastructure;
    case ErrorKind::check_failed: return exit_code::check_failed;
    case ErrorKind::inconclusive: return exit_code::inconclusive;
  }
  return exit_code::infrastructure;
}

void rethrow_with_context(const Error& e, const std::string& context) {
  throw Error(e.kind(), context + ": " + e.what(), e.detail());
}

std::string exception_text(const std::exception_ptr& e) {
  try {
    std::rethrow_exception(e);
  } catch (const std::exception& x) {
    return x.what();
  } catch (...) {
    return "unknown exception";
  }
}

std::string errno_string(int err) {
  char buf[256];
  // GNU strerror_r returns the message pointer (which may not be buf).
  return ::strerror_r(err, buf, sizeof buf);
}

}  // namespace klab
