#pragma once
// A synchronous etcd v3 client for one endpoint (a member's client URL or the VIP),
// over HTTPS with a client certificate, speaking etcd's JSON gRPC gateway (etcd 3.4).
// Keeps one keep-alive connection, reconnecting after a failure. Every call has a
// timeout (the constructor's) and throws klab::Error (infrastructure) with the
// endpoint, the call and what to check when it fails; expected outcomes (unhealthy,
// key absent) are values. Not thread-safe: one client per thread.
//
//   EtcdClient etcd(parse_endpoint("https://192.168.49.151:2379"), {ca, cert, key});
//   auto header = etcd.put("k", "v");            // header.revision: the write's revision
//   auto members = etcd.member_list().members;   // ids, names, URLs, learner, started()
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <boost/asio/io_context.hpp>

#include "scenarios/etcd/endpoint.hpp"
#include "scenarios/etcd/etcd_types.hpp"
#include "scenarios/etcd/https_connection.hpp"
#include "scenarios/etcd/tls_files.hpp"

namespace klab::scenarios {

inline constexpr std::chrono::milliseconds default_etcd_timeout{5000};

class EtcdClient {
 public:
  EtcdClient(Endpoint endpoint, const TlsFiles& tls,
             std::chrono::milliseconds timeout = default_etcd_timeout);
  /// Shares an already loaded TLS context (many clients, one PKI).
  EtcdClient(Endpoint endpoint, TlsClient tls, std::chrono::milliseconds timeout = default_etcd_timeout);
  ~EtcdClient();
  EtcdClient(const EtcdClient&) = delete;
  EtcdClient& operator=(const EtcdClient&) = delete;

  /// GET /health. Unhealthy (no leader, alarms) is a value; unreachable throws.
  EtcdHealth health();
  /// The write's header: header.revision is the revision that holds it.
  ResponseHeader put(std::string_view key, std::string_view value);
  std::optional<KeyValue> get(std::string_view key);
  /// Every key starting with `prefix`, in key order.
  RangeResult get_prefix(std::string_view prefix);
  provisioner::etcd::MemberList member_list();
  EndpointStatus status();
  /// HashKV at `revision` (0: current), over gRPC (see hash_kv_grpc.hpp).
  HashKv hash_kv(std::int64_t revision);

  const Endpoint& endpoint() const { return endpoint_; }
  std::chrono::milliseconds timeout() const { return timeout_; }

 private:
  /// One request with the timeout; returns the body of a 200 (or of a 503 when
  /// `accept_503`), throws otherwise.
  std::string call(HttpMethod method, const std::string& path, std::string body, bool accept_503 = false);

  Endpoint endpoint_;
  TlsClient tls_;
  std::chrono::milliseconds timeout_;
  boost::asio::io_context io_;
  std::shared_ptr<HttpsConnection> connection_;
};

}  // namespace klab::scenarios
