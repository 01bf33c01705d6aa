// The libvirt provider's capabilities against the test driver: link state read back
// (LinkControl), domains and the network as LabInspection reports them, and the
// `klab logs export` bundle written from them.
#include <fstream>

#include "lab/inspection.hpp"
#include "lab/link_control.hpp"
#include "ops/logs_export.hpp"
#include "libvirt_fixture.hpp"

namespace klab::testing {
namespace {

using lab::HostState;

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

TEST_F(LibvirtTest, LinkStateReadsBackFromTheDomain) {
  lab::Plan p = plan("insl");
  lab::LinkControl& links = *provider_->links();
  expect_error([&] { links.link_up(p.hosts[0]); }, "host kube-master has no domain (klab-insl-kube-master at ");
  build_lab(p);
  EXPECT_EQ(links.link_up(p.hosts[0]), true);  // shut off: the defined NIC, link up
  provider_->start(p.hosts[0]);
  EXPECT_EQ(links.link_up(p.hosts[0]), true);
  lab::HostPlan renumbered = p.hosts[0];
  renumbered.mac = "52:54:00:00:00:99";  // a domain that does not match the plan
  EXPECT_EQ(links.link_up(renumbered), std::nullopt);
}

TEST_F(LibvirtTest, InspectionReportsDomainsAndTheNetwork) {
  lab::Plan p = plan("insp");
  lab::LabInspection& inspection = *provider_->inspection();
  EXPECT_EQ(inspection.domain(p.hosts[0]), std::nullopt);
  EXPECT_EQ(inspection.network(p), std::nullopt);
  build_lab(p);
  provider_->start(p.hosts[1]);
  const std::optional<lab::InspectedDomain> m1 = inspection.domain(p.hosts[1]);
  ASSERT_TRUE(m1);
  EXPECT_EQ(m1->state, HostState::running);
  EXPECT_NE(m1->xml.find("<name>klab-insp-kube-master1</name>"), std::string::npos) << m1->xml;
  EXPECT_EQ(inspection.domain(p.hosts[0])->state, HostState::shut_off);
  const std::optional<lab::InspectedNetwork> net = inspection.network(p);
  ASSERT_TRUE(net);
  EXPECT_TRUE(net->active);
  EXPECT_TRUE(net->persistent);
  EXPECT_NE(net->xml.find("<name>klab-insp</name>"), std::string::npos) << net->xml;
}

TEST_F(LibvirtTest, LogsExportBundlesWhatLibvirtReports) {
  lab::Plan p = plan("insb");
  build_lab(p);
  provider_->start(p.hosts[0]);
  const std::filesystem::path out = state_dir_ / "bundle";
  lab::Provider& provider = *provider_;  // as `klab logs export` has it: through inspection()
  const ops::LogsReport r = ops::export_logs(p, provider, out);
  EXPECT_EQ(r.network.state, "active");
  // The test driver has no virNetworkGetDHCPLeases: the bundle notes it and goes on.
  ASSERT_EQ(r.network.notes.size(), 1u);
  EXPECT_EQ(r.network.notes[0].rfind("reading the DHCP leases of network klab-insb: ", 0), 0u) << r.network.notes[0];
  EXPECT_FALSE(std::filesystem::exists(out / "network/dhcp-leases.json"));
  EXPECT_NE(read_file(out / "network/network.xml").find("<name>klab-insb</name>"), std::string::npos);
  EXPECT_NE(read_file(out / "network/status.json").find("\"persistent\": true"), std::string::npos);
  ASSERT_EQ(r.hosts.size(), p.hosts.size());
  EXPECT_EQ(r.hosts[0].state, "running");
  EXPECT_EQ(r.hosts[1].state, "shut off");
  EXPECT_NE(read_file(out / "kube-master/domain.xml").find("<name>klab-insb-kube-master</name>"), std::string::npos);
}

}  // namespace
}  // namespace klab::testing
