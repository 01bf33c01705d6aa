// upload(): many files, one round trip, verified on disk (the "host" is this machine).
#include <gtest/gtest.h>
#include <grp.h>
#include <pwd.h>
#include <sys/stat.h>

#include <fstream>
#include <sstream>

#include "base/error.hpp"
#include "provisioner/transport/ssh_transport.hpp"
#include "provisioner/transport/upload_script.hpp"
#include "ssh_test_target.hpp"

namespace klab::provisioner {
namespace {

using namespace std::chrono_literals;
using klab::testing::SshdServer;
using testing::target_for;

std::string read_bytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

int count_occurrences(const std::string& text, const std::string& needle) {
  int n = 0;
  for (auto pos = text.find(needle); pos != std::string::npos; pos = text.find(needle, pos + 1)) ++n;
  return n;
}

// Sessions sshd started, from its own log: an independent count of round trips.
int sessions_started(const SshdServer& sshd) { return count_occurrences(sshd.log(), "Starting session: command"); }

class SshUpload : public ::testing::Test {
 protected:
  void SetUp() override {
    KLAB_REQUIRE_SSHD();
    sshd_.emplace();
    sshd_->start();
  }
  std::optional<SshdServer> sshd_;
};

TEST_F(SshUpload, WritesEveryFileWithContentModeAndOwnerInOneRoundTrip) {
  const bool root = ::geteuid() == 0;
  const std::string other_user = root ? "nobody" : ::getpwuid(::geteuid())->pw_name;
  const std::string other_group = root ? "nogroup" : ::getgrgid(::getegid())->gr_name;
  const passwd* me = ::getpwuid(::geteuid());
  const group* my_group = ::getgrgid(::getegid());
  const std::filesystem::path base = sshd_->dir() / "up" / "nested dir";  // missing parents, a space
  std::string binary;
  for (int i = 0; i < 256; ++i) binary += static_cast<char>(i);
  binary += std::string(100000, '\0') + "end";
  const std::vector<FileUpload> files = {
      {(base / "etcd.conf").string(), "name: kube-master1\n'quotes' \"and\" $dollars `ticks`\n", 0644,
       me->pw_name, my_group->gr_name},
      {(base / "server.key").string(), binary, 0600, other_user, other_group},
      {(base / "KLAB_UPLOAD_EOF").string(), "KLAB_UPLOAD_EOF\n", 0755, me->pw_name, other_group},
      {(base / "empty").string(), "", 0640, me->pw_name, my_group->gr_name},
  };
  SshTransport t(target_for(*sshd_));
  t.connect();
  const int sessions_before = sessions_started(*sshd_);
  const TransportStats before = t.stats();
  t.upload(files);
  const TransportStats d = t.stats() - before;
  EXPECT_EQ(d.round_trips, 1u);
  EXPECT_EQ(d.uploads, 1u);
  EXPECT_EQ(d.files_uploaded, 4u);
  EXPECT_EQ(d.bytes_uploaded, files[0].content.size() + binary.size() + 16u);
  EXPECT_EQ(sessions_started(*sshd_) - sessions_before, 1) << "sshd saw more than one exec";

  for (const FileUpload& f : files) {
    SCOPED_TRACE(f.path);
    EXPECT_TRUE(read_bytes(f.path) == f.content);
    struct stat st {};
    ASSERT_EQ(::stat(f.path.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 07777, f.mode);
    EXPECT_EQ(st.st_uid, ::getpwnam(f.owner.c_str())->pw_uid);
    EXPECT_EQ(st.st_gid, ::getgrnam(f.group.c_str())->gr_gid);
  }
  // New parent directories are 0755; no temporary files are left behind.
  struct stat dir {};
  ASSERT_EQ(::stat(base.c_str(), &dir), 0);
  EXPECT_EQ(dir.st_mode & 07777, 0755u);
  int entries = 0;
  for (const auto& entry : std::filesystem::directory_iterator(base)) {
    EXPECT_EQ(entry.path().string().find(".klab-tmp"), std::string::npos) << entry.path();
    ++entries;
  }
  EXPECT_EQ(entries, 4);
}

TEST_F(SshUpload, ReplacesExistingFilesByRename) {
  const std::filesystem::path path = sshd_->dir() / "replace.conf";
  std::ofstream(path) << "old contents that are longer than the new ones\n";
  struct stat old {};
  ASSERT_EQ(::stat(path.c_str(), &old), 0);
  SshTransport t(target_for(*sshd_));
  const passwd* me = ::getpwuid(::geteuid());
  const group* g = ::getgrgid(::getegid());
  t.upload({{path.string(), "new\n", 0600, me->pw_name, g->gr_name}});
  EXPECT_EQ(read_bytes(path), "new\n");
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_NE(st.st_ino, old.st_ino) << "the file was rewritten in place, not replaced atomically";
}

TEST_F(SshUpload, UnknownOwnerFailsNamingHostAndFileAndLeavesNothing) {
  const std::filesystem::path path = sshd_->dir() / "etcd" / "member.conf";
  SshTransport t(target_for(*sshd_, "kube-master2"));
  try {
    t.upload({{path.string(), "x\n", 0644, "klab-no-such-user", "root"}});
    FAIL() << "upload with an unknown owner succeeded";
  } catch (const Error& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("kube-master2"), std::string::npos) << msg;
    EXPECT_NE(msg.find(path.string()), std::string::npos) << msg;
    EXPECT_NE(msg.find("klab-no-such-user"), std::string::npos) << msg;  // chown's own message
  }
  EXPECT_FALSE(std::filesystem::exists(path));
  EXPECT_FALSE(std::filesystem::exists(path.parent_path() / ".member.conf.klab-tmp"));
}

TEST(UploadValidation, RejectsBadPathsOwnersModesAndDuplicates) {
  auto rejects = [](std::vector<FileUpload> files, const std::string& why) {
    try {
      validate_uploads(files, "kube-master1");
      ADD_FAILURE() << "accepted: " << why;
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find("kube-master1"), std::string::npos) << e.what();
    }
  };
  rejects({{"etc/relative", "", 0644}}, "relative path");
  rejects({{"/etc/../shadow", "", 0644}}, "dot-dot");
  rejects({{"/etc//double", "", 0644}}, "empty part");
  rejects({{"/etc/dir/", "", 0644}}, "trailing slash");
  rejects({{"/", "", 0644}}, "root");
  rejects({{"/etc/a\nb", "", 0644}}, "newline");
  rejects({{"/etc/a", "", 010000}}, "mode");
  rejects({{"/etc/a", "", 0644, "root;rm -rf /", "root"}}, "owner");
  rejects({{"/etc/a", "", 0644, "root", "Root Group"}}, "group");
  rejects({{"/etc/a", "", 0644}, {"/etc/a", "", 0600}}, "duplicate");
  EXPECT_NO_THROW(validate_uploads({{"/etc/etcd/pki/server.key", "k", 0600, "etcd", "etcd"},
                                    {"/etc/haproxy/haproxy.cfg", "c", 0644, "0", "haproxy"}},
                                   "kube-master1"));
}

TEST(UploadValidation, DescribesFilesBriefly) {
  std::vector<FileUpload> files;
  for (int i = 0; i < 5; ++i) files.push_back({"/f" + std::to_string(i), ""});
  EXPECT_EQ(describe_uploads(files), "/f0, /f1, /f2 and 2 more");
}

}  // namespace
}  // namespace klab::provisioner
