// Whole-lab operations: inventory (gc), remove_lab and snapshots against the test driver.
#include <algorithm>

#include "lab/libvirt/inventory.hpp"
#include "libvirt_fixture.hpp"

namespace klab::testing {
namespace {

using lab::HostState;
using namespace lab::libvirt;

TEST_F(LibvirtTest, InventoryListsEveryOwnedObjectPerLab) {
  lab::Plan a = plan("inva");
  lab::Plan b = plan("invb", "10.50.0.0/24");
  build_lab(a);
  build_lab(b);
  lab::Inventory all = provider_->list_owned(kTestUri);
  EXPECT_EQ(all.labs(), (std::vector<std::string>{"inva", "invb"}));
  EXPECT_EQ(all.domains.size(), 8u);
  lab::Inventory only_a = provider_->list_owned(kTestUri, "inva");
  EXPECT_EQ(only_a.domains.size(), 4u);
  ASSERT_EQ(only_a.networks.size(), 1u);
  EXPECT_EQ(only_a.networks[0].name, "klab-inva");
  ASSERT_EQ(only_a.pools.size(), 1u);
  EXPECT_EQ(only_a.pools[0].volumes.size(), 9u);  // base + 4 overlays + 4 seeds
  // The test driver's own objects are not klab's.
  for (const auto& d : all.domains) EXPECT_NE(d.name, "test");
}

TEST_F(LibvirtTest, InventoryTellsWhoCreatedEachObjectAndWithWhichLabKey) {
  lab::Plan p = plan("invo");
  build_lab(p, "SHA256:labkey");
  const lab::Inventory inv = provider_->list_owned(kTestUri, "invo");
  ASSERT_EQ(inv.domains.size(), 4u);
  const lab::LabOwner me = lab::this_owner("invo");
  EXPECT_EQ(me.state_dir, (state_dir_ / "invo").string());
  for (const auto& d : inv.domains) {
    EXPECT_EQ(d.owner, me) << d.name;
    EXPECT_EQ(d.lab_key, "SHA256:labkey") << d.name;
    EXPECT_FALSE(d.active()) << d.name;
  }
  ASSERT_EQ(inv.networks.size(), 1u);
  EXPECT_EQ(inv.networks[0].owner, me);
}

TEST_F(LibvirtTest, RemoveLabLeavesNothingOwnedAndSparesOthers) {
  lab::Plan a = plan("rma");
  lab::Plan b = plan("rmb", "10.51.0.0/24");
  build_lab(a);
  build_lab(b);
  for (const auto& h : a.hosts) provider_->start(h);
  provider_->snapshot_save(a, "s");  // snapshot metadata must not block undefine
  provider_->suspend(a.hosts[1]);
  provider_->destroy(a.hosts[2]);
  lab::RemoveReport r = provider_->remove_lab(kTestUri, "rma");
  EXPECT_TRUE(r.ok()) << (r.errors.empty() ? "" : r.errors.front());
  EXPECT_EQ(std::count_if(r.removed.begin(), r.removed.end(),
                          [](const std::string& s) { return s.rfind("domain ", 0) == 0; }),
            4);
  EXPECT_TRUE(provider_->list_owned(kTestUri, "rma").empty());
  EXPECT_FALSE(conn().try_network("klab-rma"));
  EXPECT_FALSE(conn().try_pool("klab-rma"));
  EXPECT_EQ(provider_->list_owned(kTestUri, "rmb").domains.size(), 4u);
  EXPECT_TRUE(conn().try_domain("test"));
  EXPECT_TRUE(conn().try_network("default"));
  // Removing again finds nothing and fails nothing.
  lab::RemoveReport again = provider_->remove_lab(kTestUri, "rma");
  EXPECT_TRUE(again.ok());
  EXPECT_TRUE(again.removed.empty());
}

TEST_F(LibvirtTest, RemoveLabKeepingTheBaseKeepsOnlyThePoolAndBase) {
  lab::Plan p = plan("rmk");
  build_lab(p);
  lab::RemoveReport r = provider_->remove_lab(kTestUri, "rmk", {/*keep_base=*/true});
  EXPECT_TRUE(r.ok()) << (r.errors.empty() ? "" : r.errors.front());
  lab::Inventory left = provider_->list_owned(kTestUri, "rmk");
  EXPECT_TRUE(left.domains.empty());
  EXPECT_TRUE(left.networks.empty());
  ASSERT_EQ(left.pools.size(), 1u);
  ASSERT_FALSE(left.pools[0].volumes.empty());
  for (const auto& v : left.pools[0].volumes) EXPECT_EQ(v.rfind("klab-rmk-base-", 0), 0u) << v;
  // A later full removal takes the rest.
  EXPECT_TRUE(provider_->remove_lab(kTestUri, "rmk").ok());
  EXPECT_TRUE(provider_->list_owned(kTestUri, "rmk").empty());
}

TEST_F(LibvirtTest, RemoveLabToleratesMissingPieces) {
  lab::Plan p = plan("rmc");
  build_lab(p);
  // Someone already removed the network and one domain by hand.
  Network net = conn().try_network("klab-rmc");
  virNetworkDestroy(net.get());
  virNetworkUndefine(net.get());
  Domain d = conn().try_domain("klab-rmc-kube-master2");
  virDomainUndefine(d.get());
  lab::RemoveReport r = provider_->remove_lab(kTestUri, "rmc");
  EXPECT_TRUE(r.ok());
  EXPECT_TRUE(provider_->list_owned(kTestUri, "rmc").empty());
}

TEST_F(LibvirtTest, SnapshotSaveListRestoreRemove) {
  lab::Plan p = plan("snap1");
  build_lab(p);
  for (const auto& h : p.hosts) provider_->start(h);
  provider_->suspend(p.hosts[3]);  // a paused host stays paused through save
  provider_->snapshot_save(p, "deployed");
  EXPECT_EQ(provider_->state(p.hosts[0]), HostState::running);
  EXPECT_EQ(provider_->state(p.hosts[3]), HostState::paused);

  std::vector<lab::LabSnapshot> list = provider_->snapshot_list(p);
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0].name, "deployed");
  EXPECT_TRUE(list[0].complete);
  EXPECT_EQ(list[0].hosts.size(), 4u);
  EXPECT_FALSE(list[0].created.empty());

  expect_error([&] { provider_->snapshot_save(p, "deployed"); },
               "snapshot deployed already exists");

  provider_->destroy(p.hosts[0]);
  provider_->snapshot_restore(p, "deployed");
  for (const auto& h : p.hosts) EXPECT_EQ(provider_->state(h), HostState::running) << h.name;

  lab::RemoveReport r = provider_->snapshot_remove(p, "deployed");
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(r.removed.size(), 4u);
  EXPECT_TRUE(provider_->snapshot_list(p).empty());
  expect_error([&] { provider_->snapshot_restore(p, "deployed"); }, "has no snapshot deployed");
}

TEST_F(LibvirtTest, SnapshotNeedsEveryHostRunning) {
  lab::Plan p = plan("snap2");
  build_lab(p);
  provider_->start(p.hosts[0]);
  expect_error([&] { provider_->snapshot_save(p, "x"); }, "host kube-master1 is shut off");
  EXPECT_TRUE(provider_->snapshot_list(p).empty());
  EXPECT_EQ(provider_->state(p.hosts[0]), HostState::running);
}

TEST_F(LibvirtTest, IncompleteSnapshotIsListedAsSuch) {
  lab::Plan p = plan("snap3");
  build_lab(p);
  for (const auto& h : p.hosts) provider_->start(h);
  provider_->snapshot_save(p, "s1");
  Domain d = conn().try_domain(p.hosts[2].domain_name);
  Snapshot s(virDomainSnapshotLookupByName(d.get(), "s1", 0));
  ASSERT_EQ(virDomainSnapshotDelete(s.get(), 0), 0);
  std::vector<lab::LabSnapshot> list = provider_->snapshot_list(p);
  ASSERT_EQ(list.size(), 1u);
  EXPECT_FALSE(list[0].complete);
  EXPECT_EQ(list[0].hosts.size(), 3u);
  expect_error([&] { provider_->snapshot_restore(p, "s1"); },
               "host kube-master2 has no snapshot s1");
}

TEST(MakeProvider, OnlyLibvirtIsKnown) {
  EXPECT_TRUE(lab::is_valid_provider("libvirt"));
  EXPECT_FALSE(lab::is_valid_provider("docker"));
  expect_error([] { lab::make_provider({"docker"}); }, "unknown provider 'docker': the only provider is libvirt");
  EXPECT_EQ(lab::make_provider({"libvirt", kTestUri})->name(), "libvirt");
  EXPECT_EQ(lab::make_provider()->name(), lab::default_provider);
}

TEST(MakeProvider, LibvirtHasLinkControlAndInspection) {
  const std::unique_ptr<lab::Provider> p = lab::make_provider({lab::default_provider, kTestUri});
  EXPECT_NE(p->links(), nullptr);
  EXPECT_NE(p->inspection(), nullptr);
}

}  // namespace
}  // namespace klab::testing
