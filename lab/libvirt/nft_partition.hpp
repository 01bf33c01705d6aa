#pragma once
// Partitions between two lab hosts: nftables rules in a klab-owned bridge table
// (`table bridge klab_<lab>`, chain `partition`, hooked at forward) that drop every
// frame between the two hosts' MACs in both directions. Only frames the lab bridge
// forwards from one VM to another are affected: the host (probes, SSH) still reaches
// both. Each pair's two rules carry the comment "klab-partition A B" (A < B), which is
// how they are found again. Pure rendering and parsing here; the HostFaults runs them.
#include <string>
#include <vector>

namespace klab::lab::libvirt {

/// One end of a partition: the host's plan name and its MAC on the lab network.
struct PartitionEnd {
  std::string host;
  std::string mac;
};

/// "klab_<lab>" with characters nft identifiers do not take replaced by '_'.
std::string partition_table(const std::string& lab);
/// "klab-partition A B", hosts in sorted order.
std::string partition_comment(const std::string& a, const std::string& b);

/// One `nft` argv that creates the table and chain when missing and adds both rules.
std::vector<std::string> partition_add_argv(const std::string& lab, const PartitionEnd& a, const PartitionEnd& b);
/// `nft -j -a list table bridge klab_<lab>`.
std::vector<std::string> partition_list_argv(const std::string& lab);
/// One `nft` argv deleting the rules with these handles.
std::vector<std::string> partition_delete_rules_argv(const std::string& lab, const std::vector<long>& handles);
/// `nft delete table bridge klab_<lab>`.
std::vector<std::string> partition_delete_table_argv(const std::string& lab);

/// A rule of the table, from `nft -j -a list table` output.
struct PartitionRule {
  long handle = 0;
  std::string comment;  // "" for a rule klab did not comment
  std::string chain;
};
/// The rules of the listed table; throws an infrastructure Error when the text is not
/// nft's JSON.
std::vector<PartitionRule> parse_partition_rules(const std::string& nft_json);
/// Whether `nft list` failed only because the table does not exist.
bool nft_table_missing(const std::string& nft_stderr);

/// The pair ("A", "B") of a "klab-partition A B" comment; empty strings otherwise.
std::pair<std::string, std::string> partition_pair(const std::string& comment);

}  // namespace klab::lab::libvirt
