#include <gtest/gtest.h>

#include <sstream>

#include "lab/libvirt/ownership.hpp"

namespace klab::lab::libvirt {
namespace {

TEST(OwnerFromXml, ReadsTheKlabElementWhateverItsPrefix) {
  std::string xml = R"(<domain><name>klab-a-h</name><metadata>
      <other:x xmlns:other="urn:someone:else"/>
      <k:owner xmlns:k="urn:klab:ownership:1" lab="a" host="h" role="lb" version="1" spec="abc"/>
    </metadata></domain>)";
  std::optional<Owner> owner = owner_from_xml(xml);
  ASSERT_TRUE(owner);
  EXPECT_EQ(owner->lab, "a");
  EXPECT_EQ(owner->host, "h");
  EXPECT_EQ(owner->role, "lb");
  EXPECT_EQ(owner->spec, "abc");
}

TEST(OwnerFromXml, ReadsTheCreatorAndLabKeyOrLeavesThemUnknown) {
  std::optional<Owner> owner = owner_from_xml(R"(<domain><metadata>
      <klab:owner xmlns:klab="urn:klab:ownership:1" lab="a" host="h" uid="1000" machine="ws1"
                  state-dir="/home/u/.local/state/klab/a" lab-key="SHA256:k" version="1" spec="x"/>
    </metadata></domain>)");
  ASSERT_TRUE(owner);
  EXPECT_TRUE(owner->creator.known());
  EXPECT_EQ(owner->creator, (LabOwner{"1000", "ws1", "/home/u/.local/state/klab/a"}));
  EXPECT_EQ(owner->creator.describe(), "uid 1000 on host ws1, state dir /home/u/.local/state/klab/a");
  EXPECT_EQ(owner->lab_key, "SHA256:k");
  // Written by a klab before the owner record: known as klab's, creator unknown.
  std::optional<Owner> old = owner_from_xml(R"(<network><metadata>
      <klab:owner xmlns:klab="urn:klab:ownership:1" lab="a" version="0.1.0" spec="x"/></metadata></network>)");
  ASSERT_TRUE(old);
  EXPECT_FALSE(old->creator.known());
  EXPECT_EQ(old->creator.describe(), "owner unknown");
  EXPECT_EQ(old->lab_key, "");
}

TEST(OwnerFromXml, AppendOwnerRoundTripsTheCreator) {
  pugi::xml_document doc;
  pugi::xml_node root = doc.append_child("network");
  Owner written{"l", "", "", "1", "", LabOwner{"0", "m", "/s/l"}, ""};
  seal_spec(doc, append_owner(root, written));
  std::ostringstream xml;
  doc.save(xml);
  std::optional<Owner> read = owner_from_xml(xml.str());
  ASSERT_TRUE(read);
  EXPECT_EQ(read->creator, written.creator);
}

TEST(OwnerFromXml, RejectsLookAlikesInAnotherNamespace) {
  EXPECT_FALSE(owner_from_xml(R"(<domain><metadata>
      <klab:owner xmlns:klab="https://example.com/not-klab" lab="a"/></metadata></domain>)"));
  EXPECT_FALSE(owner_from_xml(R"(<domain><metadata><owner lab="a"/></metadata></domain>)"));
  EXPECT_FALSE(owner_from_xml(R"(<domain><name>klab-a-h</name></domain>)"));
  EXPECT_FALSE(owner_from_xml("not xml"));
}

TEST(OwnerFromXml, RequiresALabName) {
  EXPECT_FALSE(owner_from_xml(R"(<network><metadata>
      <klab:owner xmlns:klab="urn:klab:ownership:1" lab=""/></metadata></network>)"));
}

TEST(SealSpec, HashIgnoresTheSpecAttributeItself) {
  pugi::xml_document doc;
  pugi::xml_node root = doc.append_child("network");
  root.append_child("name").text() = "n";
  pugi::xml_node owner = append_owner(root, Owner{"l", "", "", "1", "stale", {}, ""});
  seal_spec(doc, owner);
  std::string first = owner.attribute("spec").value();
  seal_spec(doc, owner);  // sealing twice gives the same hash
  EXPECT_EQ(first, owner.attribute("spec").value());
  EXPECT_EQ(first.size(), 64u);
}

TEST(Sha256, KnownVector) {
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

}  // namespace
}  // namespace klab::lab::libvirt
