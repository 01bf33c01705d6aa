#include "scenarios/etcd/https_connection.hpp"

#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include "base/error.hpp"
#include "scenarios/etcd/transport_error.hpp"

namespace klab::scenarios {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using Stream = beast::ssl_stream<beast::tcp_stream>;

}  // namespace

// Every in-flight operation holds the connection (shared_from_this) and the stream it
// runs on, so close() or a reconnect never frees a stream under a pending operation.
struct HttpsConnection::Impl {
  asio::io_context& io;
  TlsClient tls;
  Endpoint endpoint;
  tcp::resolver resolver;
  std::shared_ptr<Stream> stream;
  bool connected = false;
  bool busy = false;
  int requests_on_stream = 0;  // including the one in flight
  std::chrono::steady_clock::time_point deadline;
  std::chrono::steady_clock::time_point started;
  HttpHandler handler;
  http::request<http::string_body> request;
  // Per request: a closed-and-reopened connection must not see a stale buffer.
  std::shared_ptr<beast::flat_buffer> buffer;
  std::shared_ptr<http::response<http::string_body>> response;

  Impl(asio::io_context& io_, TlsClient tls_, Endpoint endpoint_)
      : io(io_), tls(std::move(tls_)), endpoint(std::move(endpoint_)), resolver(io_) {}
};

std::shared_ptr<HttpsConnection> HttpsConnection::create(asio::io_context& io, TlsClient tls,
                                                         Endpoint endpoint) {
  auto impl = std::make_unique<Impl>(io, std::move(tls), std::move(endpoint));
  return std::shared_ptr<HttpsConnection>(new HttpsConnection(std::move(impl)));
}

HttpsConnection::HttpsConnection(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

HttpsConnection::~HttpsConnection() {
  if (impl_->stream) {
    beast::error_code ignored;
    beast::get_lowest_layer(*impl_->stream).socket().close(ignored);
  }
}

bool HttpsConnection::connected() const { return impl_->connected; }
bool HttpsConnection::busy() const { return impl_->busy; }
const Endpoint& HttpsConnection::endpoint() const { return impl_->endpoint; }

void HttpsConnection::close() {
  impl_->connected = false;
  impl_->resolver.cancel();
  if (impl_->stream) {
    beast::error_code ignored;
    beast::get_lowest_layer(*impl_->stream).socket().close(ignored);
    impl_->stream.reset();
  }
}

// The steps of one request, each a callback of the previous one. Every one holds the
// connection (`self`) and the stream it runs on. Exactly one of deliver/fail ends a
// request; after a failure the connection is closed.
struct HttpsConnection::Flow {
  using Self = std::shared_ptr<HttpsConnection>;
  using StreamPtr = std::shared_ptr<Stream>;

  static void deliver(const Self& self, const std::string& error, HttpResponse response) {
    Impl& st = *self->impl_;
    st.busy = false;
    HttpHandler h = std::move(st.handler);
    st.handler = nullptr;
    if (h) h(error, std::move(response));
  }

  static void fail(const Self& self, beast::error_code ec, TransportStep step, const StreamPtr& stream) {
    Impl& st = *self->impl_;
    long verify = X509_V_OK;
    if (stream && step == TransportStep::handshake) verify = SSL_get_verify_result(stream->native_handle());
    const bool first_after_tls13 = stream && st.requests_on_stream == 1 &&
                                   (step == TransportStep::write || step == TransportStep::read) &&
                                   SSL_version(stream->native_handle()) == TLS1_3_VERSION;
    std::string message = describe_transport_error(ec, step, st.endpoint, st.tls.files, verify, first_after_tls13);
    if (ec == beast::error::timeout) {
      auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(st.deadline - st.started);
      message = to_string(st.endpoint) + ": no answer within " + std::to_string(ms.count()) + " ms (" +
                to_string(step) + ")";
    }
    if (stream == st.stream) self->close();
    deliver(self, message, {});
  }

  static void read(const Self& self, const StreamPtr& stream) {
    auto buffer = self->impl_->buffer;
    auto response = self->impl_->response;
    http::async_read(*stream, *buffer, *response, [self, stream, buffer, response](beast::error_code ec, std::size_t) {
      if (ec) return fail(self, ec, TransportStep::read, stream);
      beast::get_lowest_layer(*stream).expires_never();
      if (!response->keep_alive() && stream == self->impl_->stream) self->close();
      deliver(self, {}, HttpResponse{response->result_int(), std::move(response->body())});
    });
  }

  static void send(const Self& self, const StreamPtr& stream) {
    Impl& st = *self->impl_;
    ++st.requests_on_stream;
    beast::get_lowest_layer(*stream).expires_at(st.deadline);
    http::async_write(*stream, st.request, [self, stream](beast::error_code ec, std::size_t) {
      if (ec) return fail(self, ec, TransportStep::write, stream);
      read(self, stream);
    });
  }

  static void handshake(const Self& self, const StreamPtr& stream, beast::error_code connect_error) {
    if (connect_error) return fail(self, connect_error, TransportStep::connect, stream);
    stream->async_handshake(asio::ssl::stream_base::client, [self, stream](beast::error_code ec) {
      if (ec) return fail(self, ec, TransportStep::handshake, stream);
      self->impl_->connected = true;
      send(self, stream);
    });
  }

  // A new stream, verifying the server against the CA and the endpoint's host.
  static StreamPtr open_stream(Impl& st, bool host_is_name) {
    auto stream = std::make_shared<Stream>(st.io, *st.tls.context);
    st.stream = stream;
    st.requests_on_stream = 0;
    // SNI only for names: RFC 6066 forbids IP literals there.
    if (host_is_name) SSL_set_tlsext_host_name(stream->native_handle(), st.endpoint.host.c_str());
    stream->set_verify_mode(asio::ssl::verify_peer);
    stream->set_verify_callback(asio::ssl::host_name_verification(st.endpoint.host));
    beast::get_lowest_layer(*stream).expires_at(st.deadline);
    return stream;
  }

  static void connect(const Self& self) {
    Impl& st = *self->impl_;
    self->close();
    boost::system::error_code addr_ec;
    const auto address = asio::ip::make_address(st.endpoint.host, addr_ec);
    const StreamPtr stream = open_stream(st, static_cast<bool>(addr_ec));
    if (!addr_ec) {
      beast::get_lowest_layer(*stream).async_connect(
          tcp::endpoint(address, st.endpoint.port), [self, stream](beast::error_code ec) { handshake(self, stream, ec); });
      return;
    }
    st.resolver.async_resolve(st.endpoint.host, std::to_string(st.endpoint.port),
                              [self, stream](beast::error_code ec, tcp::resolver::results_type results) {
                                if (ec) return fail(self, ec, TransportStep::resolve, stream);
                                beast::get_lowest_layer(*stream).async_connect(
                                    results, [self, stream](beast::error_code ec2, const tcp::endpoint&) {
                                      handshake(self, stream, ec2);
                                    });
                              });
  }
};

namespace {

http::request<http::string_body> to_beast(HttpRequest request, const Endpoint& endpoint) {
  http::request<http::string_body> out;
  out.method(request.method == HttpMethod::get ? http::verb::get : http::verb::post);
  out.target(request.target);
  out.version(11);
  out.set(http::field::host, to_string(endpoint));
  out.set(http::field::user_agent, "klab-probe");
  out.keep_alive(request.keep_alive);
  if (request.method == HttpMethod::post) {
    out.set(http::field::content_type, "application/json");
    out.body() = std::move(request.body);
    out.prepare_payload();
  }
  return out;
}

}  // namespace

void HttpsConnection::async_request(HttpRequest request,
                                    std::chrono::steady_clock::time_point deadline,
                                    HttpHandler handler) {
  Impl& s = *impl_;
  if (s.busy) {
    throw infra_error("internal: a second request on the connection to " + to_string(s.endpoint) +
                      " while one is in flight");
  }
  s.busy = true;
  s.deadline = deadline;
  s.handler = std::move(handler);
  s.request = to_beast(std::move(request), s.endpoint);
  // Per request: a closed-and-reopened connection must not see a stale buffer.
  s.buffer = std::make_shared<beast::flat_buffer>();
  s.response = std::make_shared<http::response<http::string_body>>();
  s.started = std::chrono::steady_clock::now();
  if (s.connected && s.stream) Flow::send(shared_from_this(), s.stream);
  else Flow::connect(shared_from_this());
}

}  // namespace klab::scenarios
