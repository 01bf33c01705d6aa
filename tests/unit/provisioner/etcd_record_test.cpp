// <lab_dir>/state/etcd.json: the cluster ID is recorded once and never overwritten.
#include "provisioner/etcd/record.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "fixtures/render/default_lab.hpp"

namespace klab::provisioner {
namespace {

namespace fs = std::filesystem;

const std::vector<std::string> kMasters = {"kube-master1", "kube-master2", "kube-master3"};

TEST(EtcdState, RecordsTheClusterIdOnceWithoutARecordYet) {
  testing::TempDir dir;
  std::optional<EtcdRecord> record;
  ASSERT_TRUE(record_cluster_id(dir.path(), record, "a1b71436b6d8b40f", "klab-ha-1", kMasters));
  ASSERT_TRUE(record);
  EXPECT_EQ(record->cluster_id, "a1b71436b6d8b40f");
  EXPECT_EQ(load_etcd_record(dir.path()), record) << "on disk as in memory";
  EXPECT_EQ(record->token, "klab-ha-1");
  EXPECT_EQ(record->members, kMasters);
  EXPECT_FALSE(record->bootstrapped_at.empty());
  EXPECT_EQ(fs::status(etcd_record_path(dir.path())).permissions() & fs::perms::all,
            fs::perms::owner_read | fs::perms::owner_write);
  // The atomic write leaves nothing but the record behind.
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(etcd_record_path(dir.path()).parent_path()))
    names.push_back(e.path().filename().string());
  EXPECT_EQ(names, std::vector<std::string>{"etcd.json"});

  EXPECT_FALSE(record_cluster_id(dir.path(), record, "8e9e05c52164694d", "klab-ha-2", {})) << "never overwritten";
  EXPECT_EQ(load_etcd_record(dir.path())->cluster_id, "a1b71436b6d8b40f");
}

TEST(EtcdState, KeepsTheBootstrapsTokenWhenItAddsTheId) {
  testing::TempDir dir;
  std::optional<EtcdRecord> record = EtcdRecord{std::nullopt, "klab-ha-boot", kMasters, "2024-05-01T10:00:00Z"};
  save_etcd_record(dir.path(), *record);
  ASSERT_TRUE(record_cluster_id(dir.path(), record, "a1b71436b6d8b40f", "klab-ha-other", {}));
  const auto loaded = load_etcd_record(dir.path());
  ASSERT_TRUE(loaded);
  EXPECT_EQ(loaded->token, "klab-ha-boot");
  EXPECT_EQ(loaded->bootstrapped_at, "2024-05-01T10:00:00Z");
  EXPECT_EQ(loaded->cluster_id, "a1b71436b6d8b40f");
}

}  // namespace
}  // namespace klab::provisioner
