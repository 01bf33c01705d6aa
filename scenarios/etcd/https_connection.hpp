#pragma once
// One HTTP/1.1-over-TLS connection on an Asio event loop, for etcd's JSON gateway and
// the apiserver's /readyz. Connects (TCP + TLS handshake, server verified against the
// CA and the endpoint's host) on the first request, keeps the connection alive between
// requests when the server allows it, and reports every failure as text a user can act
// on. One request at a time. All calls and callbacks run on the loop's thread.
//
// A request carries a deadline (steady clock): connect, handshake, write and read must
// all finish before it or the request fails with "no answer within ..." and the
// connection is closed. close() aborts whatever is in flight (its callback runs with
// an error) and the next request connects anew.
#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include <boost/asio/io_context.hpp>

#include "scenarios/etcd/endpoint.hpp"
#include "scenarios/etcd/tls_files.hpp"

namespace klab::scenarios {

enum class HttpMethod { get, post };

struct HttpRequest {
  HttpMethod method = HttpMethod::get;
  std::string target;  // "/health"
  std::string body;    // JSON for POST
  bool keep_alive = true;
};

struct HttpResponse {
  unsigned status = 0;
  std::string body;
};

/// error is empty on success (any HTTP status); otherwise the response is empty.
using HttpHandler = std::function<void(const std::string& error, HttpResponse response)>;

class HttpsConnection : public std::enable_shared_from_this<HttpsConnection> {
 public:
  static std::shared_ptr<HttpsConnection> create(boost::asio::io_context& io, TlsClient tls,
                                                 Endpoint endpoint);
  ~HttpsConnection();
  HttpsConnection(const HttpsConnection&) = delete;
  HttpsConnection& operator=(const HttpsConnection&) = delete;

  void async_request(HttpRequest request, std::chrono::steady_clock::time_point deadline,
                     HttpHandler handler);
  void close();

  /// True between a completed handshake and a failure, close() or "Connection: close".
  bool connected() const;
  bool busy() const;
  const Endpoint& endpoint() const;

 private:
  struct Impl;
  struct Flow;  // the request's steps: connect, handshake, write, read, deliver or fail
  explicit HttpsConnection(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace klab::scenarios
