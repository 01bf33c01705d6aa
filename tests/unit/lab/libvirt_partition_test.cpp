// nft partition rendering and the parsing of `nft -j -a list table` output captured on
// the lab host (nft 1.0.6).
#include <gtest/gtest.h>

#include "base/error.hpp"
#include "lab/libvirt/nft_partition.hpp"

namespace klab::lab::libvirt {
namespace {

using Argv = std::vector<std::string>;

const PartitionEnd m1{"kube-master1", "52:54:00:8f:c3:eb"};
const PartitionEnd m2{"kube-master2", "52:54:00:8e:04:16"};

TEST(LibvirtPartition, TableNameIsAnNftIdentifier) {
  EXPECT_EQ(partition_table("sc"), "klab_sc");
  EXPECT_EQ(partition_table("my-lab.2"), "klab_my_lab_2");
}

TEST(LibvirtPartition, CommentIsOrderIndependent) {
  EXPECT_EQ(partition_comment("kube-master2", "kube-master1"), "klab-partition kube-master1 kube-master2");
  EXPECT_EQ(partition_comment("kube-master1", "kube-master2"), partition_comment("kube-master2", "kube-master1"));
  EXPECT_EQ(partition_pair("klab-partition a b"), (std::pair<std::string, std::string>{"a", "b"}));
  EXPECT_EQ(partition_pair("something else"), (std::pair<std::string, std::string>{}));
}

TEST(LibvirtPartition, AddIsOneTransactionWithBothDirections) {
  const Argv argv = partition_add_argv("sc", m1, m2);
  ASSERT_EQ(argv.size(), 2u);
  EXPECT_EQ(argv[0], "nft");
  const std::string& s = argv[1];
  EXPECT_NE(s.find("add table bridge klab_sc;"), std::string::npos);
  EXPECT_NE(s.find("add chain bridge klab_sc partition { type filter hook forward priority -200; policy accept; }"),
            std::string::npos);
  EXPECT_NE(s.find("ether saddr 52:54:00:8f:c3:eb ether daddr 52:54:00:8e:04:16 drop comment "
                   "\"klab-partition kube-master1 kube-master2\""),
            std::string::npos);
  EXPECT_NE(s.find("ether saddr 52:54:00:8e:04:16 ether daddr 52:54:00:8f:c3:eb drop comment "
                   "\"klab-partition kube-master1 kube-master2\""),
            std::string::npos);
}

TEST(LibvirtPartition, RefusesAMissingMac) {
  EXPECT_THROW(partition_add_argv("sc", m1, PartitionEnd{"x", ""}), Error);
  EXPECT_THROW(partition_add_argv("sc", m1, PartitionEnd{"x", "52:54:00:8e:04:16; drop"}), Error);
}

TEST(LibvirtPartition, DeleteCommands) {
  EXPECT_EQ(partition_delete_rules_argv("sc", {4, 5}),
            (Argv{"nft", "delete rule bridge klab_sc partition handle 4; delete rule bridge klab_sc partition handle 5"}));
  EXPECT_EQ(partition_delete_table_argv("sc"), (Argv{"nft", "delete", "table", "bridge", "klab_sc"}));
  EXPECT_EQ(partition_list_argv("sc"), (Argv{"nft", "-j", "-a", "list", "table", "bridge", "klab_sc"}));
}

TEST(LibvirtPartition, ParsesCapturedListing) {
  const std::string json =
      R"({"nftables": [{"metainfo": {"version": "1.0.6", "release_name": "Lester Gooch #5", "json_schema_version": 1}},)"
      R"( {"table": {"family": "bridge", "name": "klab_sc", "handle": 7}},)"
      R"( {"chain": {"family": "bridge", "table": "klab_sc", "name": "partition", "handle": 1, "type": "filter", "hook": "forward", "prio": -200, "policy": "accept"}},)"
      R"( {"rule": {"family": "bridge", "table": "klab_sc", "chain": "partition", "handle": 2, "comment": "klab-partition a b", "expr": [{"match": {"op": "==", "left": {"payload": {"protocol": "ether", "field": "daddr"}}, "right": "52:54:00:00:00:02"}}, {"match": {"op": "==", "left": {"payload": {"protocol": "ether", "field": "saddr"}}, "right": "52:54:00:00:00:01"}}, {"drop": null}]}},)"
      R"( {"rule": {"family": "bridge", "table": "klab_sc", "chain": "partition", "handle": 3, "expr": [{"drop": null}]}}]})";
  const auto rules = parse_partition_rules(json);
  ASSERT_EQ(rules.size(), 2u);
  EXPECT_EQ(rules[0].handle, 2);
  EXPECT_EQ(rules[0].comment, "klab-partition a b");
  EXPECT_EQ(rules[0].chain, "partition");
  EXPECT_EQ(rules[1].handle, 3);
  EXPECT_EQ(rules[1].comment, "");
}

TEST(LibvirtPartition, MissingTableAndGarbage) {
  EXPECT_TRUE(nft_table_missing("Error: No such file or directory\nlist table bridge klab_sc\n"));
  EXPECT_FALSE(nft_table_missing("Error: Operation not permitted"));
  EXPECT_THROW(parse_partition_rules("table bridge klab_sc {"), Error);
}

}  // namespace
}  // namespace klab::lab::libvirt
