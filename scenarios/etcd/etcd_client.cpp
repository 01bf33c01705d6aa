#include "scenarios/etcd/etcd_client.hpp"

#include "base/error.hpp"
#include "scenarios/etcd/etcd_json.hpp"
#include "scenarios/etcd/hash_kv_grpc.hpp"

namespace klab::scenarios {

EtcdClient::EtcdClient(Endpoint endpoint, const TlsFiles& tls, std::chrono::milliseconds timeout)
    : EtcdClient(std::move(endpoint), make_tls_client(tls), timeout) {}

EtcdClient::EtcdClient(Endpoint endpoint, TlsClient tls, std::chrono::milliseconds timeout)
    : endpoint_(std::move(endpoint)), tls_(std::move(tls)), timeout_(timeout) {
  connection_ = HttpsConnection::create(io_, tls_, endpoint_);
}

EtcdClient::~EtcdClient() {
  connection_->close();
  io_.restart();
  io_.run();  // let aborted operations finish before the sockets go
}

std::string EtcdClient::call(HttpMethod method, const std::string& path, std::string body, bool accept_503) {
  std::string error;
  std::optional<HttpResponse> response;
  bool done = false;
  auto deadline = std::chrono::steady_clock::now() + timeout_;
  connection_->async_request(HttpRequest{method, path, std::move(body), true}, deadline,
                             [&](const std::string& e, HttpResponse r) {
                               done = true;
                               error = e;
                               if (e.empty()) response = std::move(r);
                             });
  io_.restart();
  // The connection's own deadline ends every step; the margin only guards a bug there.
  io_.run_until(deadline + std::chrono::milliseconds(500));
  if (!done) {
    connection_->close();
    io_.restart();
    io_.run();
    error = to_string(endpoint_) + ": no answer within " + std::to_string(timeout_.count()) + " ms";
  }
  std::string what = "etcd at " + to_string(endpoint_) + " (" + path + ")";
  if (!error.empty()) {
    throw infra_error(what + ": " + error + "; is the member running and reachable from this host?");
  }
  if (response->status == 200 || (accept_503 && response->status == 503)) return std::move(response->body);
  throw infra_error(what + ": HTTP " + std::to_string(response->status) + ": " +
                    etcd_json::error_message(response->body));
}

EtcdHealth EtcdClient::health() {
  return etcd_json::parse_health(call(HttpMethod::get, "/health", {}, true));
}

ResponseHeader EtcdClient::put(std::string_view key, std::string_view value) {
  return etcd_json::parse_put(call(HttpMethod::post, "/v3/kv/put", etcd_json::put_request(key, value)));
}

std::optional<KeyValue> EtcdClient::get(std::string_view key) {
  RangeResult r = etcd_json::parse_range(call(HttpMethod::post, "/v3/kv/range", etcd_json::range_request(key, false)));
  if (r.kvs.empty()) return std::nullopt;
  return r.kvs.front();
}

RangeResult EtcdClient::get_prefix(std::string_view prefix) {
  return etcd_json::parse_range(call(HttpMethod::post, "/v3/kv/range", etcd_json::range_request(prefix, true)));
}

provisioner::etcd::MemberList EtcdClient::member_list() {
  const std::string body = call(HttpMethod::post, "/v3/cluster/member/list", "{}");
  provisioner::etcd::ParsedMemberList parsed = provisioner::etcd::parse_member_list(body);
  if (!parsed.list) etcd_json::malformed("member list (" + parsed.error + ")", body);
  return std::move(*parsed.list);
}

EndpointStatus EtcdClient::status() {
  return etcd_json::parse_status(call(HttpMethod::post, "/v3/maintenance/status", "{}"));
}

HashKv EtcdClient::hash_kv(std::int64_t revision) {
  return grpc_hash_kv(endpoint_, tls_.files, revision, timeout_);
}

}  // namespace klab::scenarios
