#include "provisioner/render/etcd_manifest.hpp"

#include <yaml-cpp/yaml.h>

namespace klab::provisioner {

namespace {

YAML::Node probe(const std::string& path, int port, int initial_delay_s, int failures) {
  YAML::Node p;
  p["httpGet"]["host"] = "127.0.0.1";
  p["httpGet"]["path"] = path;
  p["httpGet"]["port"] = port;
  p["httpGet"]["scheme"] = "HTTP";
  p["initialDelaySeconds"] = initial_delay_s;
  p["periodSeconds"] = 10;
  p["timeoutSeconds"] = 15;  // a TCG guest answers slowly under load
  p["failureThreshold"] = failures;
  return p;
}

YAML::Node host_path_volume(const std::string& name, const std::string& path) {
  YAML::Node v;
  v["name"] = name;
  v["hostPath"]["path"] = path;
  v["hostPath"]["type"] = "DirectoryOrCreate";
  return v;
}

YAML::Node mount(const std::string& name, const std::string& path, bool read_only) {
  YAML::Node m;
  m["name"] = name;
  m["mountPath"] = path;
  if (read_only) m["readOnly"] = true;
  return m;
}

}  // namespace

RenderedFile render_etcd_static_pod(const RenderContext& ctx, const lab::HostPlan& host,
                                    const EtcdClusterSpec& spec) {
  const EtcdSettings& e = ctx.settings.etcd;
  const FlagList flags = etcd_flags(ctx.settings, host, spec);

  YAML::Node container;
  container["name"] = "etcd";
  container["image"] = e.static_pod_image;
  container["imagePullPolicy"] = "IfNotPresent";
  container["command"].push_back("etcd");
  for (const auto& [flag, value] : flags) container["command"].push_back("--" + flag + "=" + value);
  container["resources"]["requests"]["cpu"] = "100m";
  container["resources"]["requests"]["memory"] = "100Mi";
  // Startup allows a slow TCG bootstrap (up to 5 minutes); liveness must not kill a
  // member that is merely waiting for quorum, hence the serializable health check.
  container["startupProbe"] = probe("/health?serializable=false", e.metrics_port, 10, 30);
  container["livenessProbe"] = probe("/health?serializable=true", e.metrics_port, 10, 8);
  container["volumeMounts"].push_back(mount("etcd-data", e.data_dir, false));
  container["volumeMounts"].push_back(mount("etcd-certs", e.pki_dir, true));

  YAML::Node pod;
  pod["apiVersion"] = "v1";
  pod["kind"] = "Pod";
  pod["metadata"]["name"] = "etcd";
  pod["metadata"]["namespace"] = "kube-system";
  pod["metadata"]["labels"]["component"] = "etcd";
  pod["metadata"]["labels"]["tier"] = "control-plane";
  pod["metadata"]["annotations"]["klab.io/lab"] = ctx.plan.lab;
  pod["metadata"]["annotations"]["klab.io/etcd-client-url"] = client_url(e, host.ip);
  pod["spec"]["hostNetwork"] = true;
  pod["spec"]["priorityClassName"] = "system-node-critical";
  pod["spec"]["securityContext"]["seccompProfile"]["type"] = "RuntimeDefault";
  pod["spec"]["containers"].push_back(container);
  pod["spec"]["volumes"].push_back(host_path_volume("etcd-data", e.data_dir));
  pod["spec"]["volumes"].push_back(host_path_volume("etcd-certs", e.pki_dir));

  YAML::Emitter out;
  out << YAML::BeginDoc << pod;
  std::string text = "# Rendered by klab for lab " + ctx.plan.lab + " (" + host.name +
                     "), emitted with yaml-cpp.\n" + out.c_str() + "\n";
  return RenderedFile{
      "/etc/kubernetes/manifests/etcd.yaml", std::move(text), 0600, "root", "root", "yaml-cpp"};
}

}  // namespace klab::provisioner
