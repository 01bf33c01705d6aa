// One mutating command per lab at a time: the second is refused at once (exit 2) and
// told who holds the lab; a holder killed with SIGKILL leaves no stale lock.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <optional>

#include "base/error.hpp"
#include "lab/lab_lock.hpp"
#include "lab/paths.hpp"
#include "support/private_dir.hpp"

namespace klab::lab {
namespace {

std::optional<Error> refusal(const std::string& lab, const std::string& command) {
  try {
    LabLock::acquire(lab, command);
  } catch (const Error& e) {
    return e;
  }
  return std::nullopt;
}

class LabLockTest : public ::testing::Test {
 protected:
  klab::testing::PrivateStateRoot root_{"klab-lock-test"};
};

TEST_F(LabLockTest, ASecondCommandIsRefusedAndToldWhoHoldsTheLab) {
  const LabLock held = LabLock::acquire("ha", "klab deploy");
  const auto e = refusal("ha", "klab up");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->kind(), ErrorKind::infrastructure);
  const std::string text = e->what();
  EXPECT_NE(text.find("lab ha is busy: `klab deploy` (pid " + std::to_string(::getpid()) + ")"), std::string::npos)
      << text;
  EXPECT_NE(text.find("then run `klab up` again"), std::string::npos) << text;
}

TEST_F(LabLockTest, OtherLabsAreNotBlocked) {
  const LabLock held = LabLock::acquire("ha", "klab deploy");
  EXPECT_FALSE(refusal("twin", "klab up"));
}

TEST_F(LabLockTest, TheLockIsFreeOnceTheHolderIsGone) {
  { const LabLock held = LabLock::acquire("ha", "klab deploy"); }
  EXPECT_FALSE(refusal("ha", "klab up"));
}

TEST_F(LabLockTest, AHolderKilledWithSigkillLeavesNoStaleLock) {
  int ready[2];
  ASSERT_EQ(::pipe(ready), 0);
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    const LabLock held = LabLock::acquire("ha", "klab deploy");
    (void)!::write(ready[1], "x", 1);
    ::pause();
    ::_exit(0);
  }
  char c;
  ASSERT_EQ(::read(ready[0], &c, 1), 1);
  EXPECT_TRUE(refusal("ha", "klab up")) << "held by the child";
  ::kill(child, SIGKILL);
  ::waitpid(child, nullptr, 0);
  EXPECT_FALSE(refusal("ha", "klab up")) << "the kernel released the dead holder's lock";
  ::close(ready[0]);
  ::close(ready[1]);
}

TEST_F(LabLockTest, LockingCreatesNoLabDirectory) {
  const LabLock held = LabLock::acquire("absent", "klab down");
  EXPECT_FALSE(std::filesystem::exists(lab_dir("absent"))) << "down of a lab without state must not make one";
  EXPECT_TRUE(std::filesystem::exists(lab_lock_path("absent")));
}

}  // namespace
}  // namespace klab::lab
