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
  s.request = {};
  s.request.method(request.method == HttpMethod::get ? http::verb::get : http::verb::post);
  s.request.target(request.target);
  s.request.version(11);
  s.request.set(http::field::host, to_string(s.endpoint));
  s.request.set(http::field::user_agent, "klab-probe");
  s.request.keep_alive(request.keep_alive);
  if (request.method == HttpMethod::post) {
    s.request.set(http::field::content_type, "application/json");
    s.request.body() = std::move(request.body);
    s.request.prepare_payload();
  }
  s.buffer = std::make_shared<beast::flat_buffer>();
  s.response = std::make_shared<http::response<http::string_body>>();

  auto self = shared_from_this();
  // Exactly one of deliver/fail ends a request; after a failure the connection is closed.
  auto deliver = [self](const std::string& error, HttpResponse response) {
    Impl& st = *self->impl_;
    st.busy = false;
    HttpHandler h = std::move(st.handler);
    st.handler = nullptr;
    if (h) h(error, std::move(response));
  };
  auto fail = [self, deliver](beast::error_code ec, TransportStep step, const std::shared_ptr<Stream>& stream) {
    long verify = X509_V_OK;
    if (stream && step == TransportStep::handshake) verify = SSL_get_verify_result(stream->native_handle());
    bool first_after_tls13 = stream && self->impl_->requests_on_stream == 1 &&
                             (step == TransportStep::write || step == TransportStep::read) &&
                             SSL_version(stream->native_handle()) == TLS1_3_VERSION;
    std::string message = describe_transport_error(ec, step, self->impl_->endpoint, self->impl_->tls.files,
                                                   verify, first_after_tls13);
    if (ec == beast::error::timeout) {
      auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(self->impl_->deadline - self->impl_->started);
      message = to_string(self->impl_->endpoint) + ": no answer within " + std::to_string(ms.count()) +
                " ms (" + to_string(step) + ")";
    }
    if (stream == self->impl_->stream) self->close();
    deliver(message, {});
  };

  auto send = [self, fail, deliver](std::shared_ptr<Stream> stream) {
    Impl& st = *self->impl_;
    ++st.requests_on_stream;
    beast::get_lowest_layer(*stream).expires_at(st.deadline);
    http::async_write(*stream, st.request, [self, stream, fail, deliver](beast::error_code ec, std::size_t) {
      if (ec) return fail(ec, TransportStep::write, stream);
      Impl& st2 = *self->impl_;
      auto buffer = st2.buffer;
      auto response = st2.response;
      http::async_read(*stream, *buffer, *response,
                       [self, stream, buffer, response, fail, deliver](beast::error_code ec2, std::size_t) {
                         if (ec2) return fail(ec2, TransportStep::read, stream);
                         beast::get_lowest_layer(*stream).expires_never();
                         if (!response->keep_alive() && stream == self->impl_->stream) self->close();
                         deliver({}, HttpResponse{response->result_int(), std::move(response->body())});
                       });
    });
  };

  s.started = std::chrono::steady_clock::now();
  if (s.connected && s.stream) {
    send(s.stream);
    return;
  }
  close();
  auto stream = std::make_shared<Stream>(s.io, *s.tls.context);
  s.stream = stream;
  s.requests_on_stream = 0;
  boost::system::error_code addr_ec;
  auto address = asio::ip::make_address(s.endpoint.host, addr_ec);
  if (addr_ec) {
    // SNI only for names: RFC 6066 forbids IP literals there.
    SSL_set_tlsext_host_name(stream->native_handle(), s.endpoint.host.c_str());
  }
  stream->set_verify_mode(asio::ssl::verify_peer);
  stream->set_verify_callback(asio::ssl::host_name_verification(s.endpoint.host));
  beast::get_lowest_layer(*stream).expires_at(s.deadline);

  auto handshake = [self, stream, fail, send](beast::error_code ec) {
    if (ec) return fail(ec, TransportStep::connect, stream);
    stream->async_handshake(asio::ssl::stream_base::client, [self, stream, fail, send](beast::error_code ec2) {
      if (ec2) return fail(ec2, TransportStep::handshake, stream);
      self->impl_->connected = true;
      send(stream);
    });
  };
  if (!addr_ec) {
    beast::get_lowest_layer(*stream).async_connect(tcp::endpoint(address, s.endpoint.port), handshake);
    return;
  }
  s.resolver.async_resolve(s.endpoint.host, std::to_string(s.endpoint.port),
                           [self, stream, fail, handshake](beast::error_code ec, tcp::resolver::results_type results) {
                             if (ec) return fail(ec, TransportStep::resolve, stream);
                             beast::get_lowest_layer(*stream).async_connect(
                                 results, [handshake](beast::error_code ec2, const tcp::endpoint&) { handshake(ec2); });
                           });
}

}  // namespace klab::scenarios
