// UniqueFd closes what it owns exactly once: on destruction, on reset, and never
// after a move or a release.
#include "base/unique_fd.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <utility>

namespace klab::base {
namespace {

bool is_open(int fd) { return ::fcntl(fd, F_GETFD) != -1; }

int open_null() { return ::open("/dev/null", O_RDONLY | O_CLOEXEC); }

TEST(UniqueFd, ClosesOnDestruction) {
  int raw = -1;
  {
    UniqueFd fd(open_null());
    raw = fd.get();
    ASSERT_TRUE(fd);
    EXPECT_TRUE(is_open(raw));
  }
  EXPECT_FALSE(is_open(raw));
}

TEST(UniqueFd, AMoveTransfersOwnershipAndClosesOnce) {
  UniqueFd a(open_null());
  const int raw = a.get();
  UniqueFd b(std::move(a));
  EXPECT_FALSE(a);
  EXPECT_EQ(b.get(), raw);
  UniqueFd c;
  c = std::move(b);
  EXPECT_FALSE(b);
  EXPECT_TRUE(is_open(raw));
  UniqueFd other(open_null());
  const int other_raw = other.get();
  c = std::move(other);  // the descriptor c held is closed, the moved one kept
  EXPECT_FALSE(is_open(raw));
  EXPECT_TRUE(is_open(other_raw));
}

TEST(UniqueFd, ResetClosesAndReleaseDoesNot) {
  UniqueFd fd(open_null());
  const int first = fd.get();
  fd.reset(open_null());
  EXPECT_FALSE(is_open(first));
  const int second = fd.release();
  EXPECT_FALSE(fd);
  EXPECT_EQ(fd.get(), -1);
  EXPECT_TRUE(is_open(second));
  ::close(second);
}

TEST(UniqueFd, AFailedOpenIsFalse) {
  UniqueFd fd(::open("/nonexistent/klab", O_RDONLY));
  EXPECT_FALSE(fd);
}

}  // namespace
}  // namespace klab::base
