// klab::Error: the kinds map onto the documented exit codes, and context added at a
// module boundary keeps the kind and the detail.
#include "base/error.hpp"

#include <gtest/gtest.h>

#include <cerrno>

namespace klab {
namespace {

TEST(Error, KindsMapOntoTheDocumentedExitCodes) {
  EXPECT_EQ(exit_code_for(ErrorKind::usage), 64);
  EXPECT_EQ(exit_code_for(ErrorKind::infrastructure), 2);
  EXPECT_EQ(exit_code_for(ErrorKind::check_failed), 1);
  EXPECT_EQ(exit_code_for(ErrorKind::inconclusive), 3);
}

TEST(Error, ContextIsPrependedAndKindAndDetailKept) {
  try {
    rethrow_with_context(Error(ErrorKind::check_failed, "inner", "the output"), "host m1");
    FAIL() << "nothing thrown";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "host m1: inner");
    EXPECT_EQ(e.kind(), ErrorKind::check_failed);
    EXPECT_EQ(e.detail(), "the output");
  }
}

TEST(Error, ExceptionTextOfAnyException) {
  EXPECT_EQ(exception_text(std::make_exception_ptr(std::runtime_error("boom"))), "boom");
  EXPECT_EQ(exception_text(std::make_exception_ptr(42)), "unknown exception");
  EXPECT_EQ(errno_string(ENOENT), "No such file or directory");
}

}  // namespace
}  // namespace klab
