#include "lab/libvirt/domain_xml.hpp"

#include <pugixml.hpp>

#include "lab/libvirt/ownership.hpp"
#include "lab/libvirt/xml_text.hpp"

namespace klab::lab::libvirt {

namespace {

pugi::xml_node text_child(pugi::xml_node parent, const char* name, const std::string& text) {
  pugi::xml_node n = parent.append_child(name);
  n.text() = text.c_str();
  return n;
}

void add_os(pugi::xml_node root, const DomainInputs& in) {
  pugi::xml_node os = root.append_child("os");
  pugi::xml_node type = text_child(os, "type", "hvm");
  type.append_attribute("arch") = "x86_64";
  type.append_attribute("machine") = "q35";
  if (!in.kernel_path.empty()) {
    text_child(os, "kernel", in.kernel_path);
    if (!in.initrd_path.empty()) text_child(os, "initrd", in.initrd_path);
    if (!in.cmdline.empty()) text_child(os, "cmdline", in.cmdline);
  } else {
    os.append_child("boot").append_attribute("dev") = "hd";
  }
}

void add_disk(pugi::xml_node devices, const std::string& path, const char* format, const char* dev,
              bool readonly) {
  pugi::xml_node disk = devices.append_child("disk");
  disk.append_attribute("type") = "file";
  disk.append_attribute("device") = "disk";
  pugi::xml_node driver = disk.append_child("driver");
  driver.append_attribute("name") = "qemu";
  driver.append_attribute("type") = format;
  if (!readonly) driver.append_attribute("discard") = "unmap";
  disk.append_child("source").append_attribute("file") = path.c_str();
  pugi::xml_node target = disk.append_child("target");
  target.append_attribute("dev") = dev;
  target.append_attribute("bus") = "virtio";
  if (readonly) disk.append_child("readonly");
}

void add_nic(pugi::xml_node devices, const Plan& plan, const HostPlan& host) {
  pugi::xml_node nic = devices.append_child("interface");
  nic.append_attribute("type") = "network";
  nic.append_child("mac").append_attribute("address") = host.mac.c_str();
  nic.append_child("source").append_attribute("network") = plan.network.name.c_str();
  nic.append_child("model").append_attribute("type") = kLabNicModel;
  nic.append_child("link").append_attribute("state") = "up";
}

void add_console(pugi::xml_node devices, const std::string& log) {
  // pty + <log>: virtlogd keeps a copy in the lab directory while `virsh console`
  // still works.
  pugi::xml_node serial = devices.append_child("serial");
  serial.append_attribute("type") = "pty";
  pugi::xml_node l = serial.append_child("log");
  l.append_attribute("file") = log.c_str();
  l.append_attribute("append") = "on";
  serial.append_child("target").append_attribute("port") = 0;
  pugi::xml_node console = devices.append_child("console");
  console.append_attribute("type") = "pty";
  pugi::xml_node target = console.append_child("target");
  target.append_attribute("type") = "serial";
  target.append_attribute("port") = 0;
}

}  // namespace

std::string render_domain(const Plan& plan, const HostPlan& host, const DomainInputs& in) {
  pugi::xml_document doc;
  pugi::xml_node root = doc.append_child("domain");
  root.append_attribute("type") = in.kvm ? "kvm" : "qemu";
  text_child(root, "name", host.domain_name);
  Owner stamp{plan.lab, host.name, to_string(host.role), in.version, "", in.creator, in.lab_key};
  pugi::xml_node owner = append_owner(root, stamp);

  const std::string mib = std::to_string(host.resources.memory_mib);
  text_child(root, "memory", mib).append_attribute("unit") = "MiB";
  text_child(root, "currentMemory", mib).append_attribute("unit") = "MiB";
  text_child(root, "vcpu", std::to_string(host.resources.vcpus));
  add_os(root, in);
  pugi::xml_node features = root.append_child("features");
  features.append_child("acpi");
  features.append_child("apic");
  if (in.kvm) {
    pugi::xml_node cpu = root.append_child("cpu");
    cpu.append_attribute("mode") = "host-passthrough";
    cpu.append_attribute("check") = "none";
  }
  root.append_child("clock").append_attribute("offset") = "utc";
  text_child(root, "on_poweroff", "destroy");
  text_child(root, "on_reboot", "restart");
  text_child(root, "on_crash", "destroy");

  pugi::xml_node devices = root.append_child("devices");
  add_disk(devices, in.disk_path, "qcow2", "vda", false);
  add_disk(devices, in.seed_path, "raw", "vdb", true);
  add_nic(devices, plan, host);
  add_console(devices, in.console_log);
  pugi::xml_node rng = devices.append_child("rng");
  rng.append_attribute("model") = "virtio";
  // Fresh guests generate SSH host keys and TLS material early; under TCG they
  // would otherwise wait for entropy.
  pugi::xml_node backend = text_child(rng, "backend", "/dev/urandom");
  backend.append_attribute("model") = "random";
  devices.append_child("memballoon").append_attribute("model") = "none";

  seal_spec(doc, owner);
  return to_xml_string(doc);
}

}  // namespace klab::lab::libvirt
