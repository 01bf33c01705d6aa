// Resuming over HTTP against a tiny loopback server: a server that honours Range gets
// asked for the rest only; one that ignores it (200) makes the download start over.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "images/download.hpp"
#include "temp_cache.hpp"

namespace klab::images {
namespace {

class LoopbackHttpServer {
 public:
  LoopbackHttpServer(std::string body, bool honour_range, int connections = 1)
      : body_(std::move(body)), honour_range_(honour_range), connections_(connections) {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    EXPECT_EQ(::bind(fd_, reinterpret_cast<sockaddr*>(&addr), len), 0);
    EXPECT_EQ(::listen(fd_, 1), 0);
    timeval timeout{10, 0};  // accept() gives up if the client never comes: no hung test
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { serve(); });
  }
  ~LoopbackHttpServer() {
    finish();
    ::close(fd_);
  }
  /// Waits for the server to have answered every connection; returns the requests.
  std::vector<std::string> finish() {
    if (thread_.joinable()) thread_.join();
    return requests_;
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/disk.img"; }

 private:
  void serve() {
    for (int i = 0; i < connections_; ++i) serve_one();
  }

  void serve_one() {
    int c = ::accept(fd_, nullptr, nullptr);
    if (c < 0) return;
    std::string request;
    char buf[4096];
    while (request.find("\r\n\r\n") == std::string::npos) {
      ssize_t n = ::read(c, buf, sizeof buf);
      if (n <= 0) break;
      request.append(buf, static_cast<std::size_t>(n));
    }
    std::size_t from = 0;
    if (auto r = request.find("Range: bytes="); r != std::string::npos && honour_range_) {
      from = std::stoul(request.substr(r + 13));
    }
    std::string part = body_.substr(from);
    std::string head = from ? "HTTP/1.1 206 Partial Content\r\nContent-Range: bytes " + std::to_string(from) + "-" +
                                  std::to_string(body_.size() - 1) + "/" + std::to_string(body_.size()) + "\r\n"
                            : "HTTP/1.1 200 OK\r\n";
    head += "Content-Length: " + std::to_string(part.size()) + "\r\nConnection: close\r\n\r\n";
    std::string out = head + part;
    for (std::size_t sent = 0; sent < out.size();) {
      ssize_t n = ::write(c, out.data() + sent, out.size() - sent);
      if (n <= 0) break;
      sent += static_cast<std::size_t>(n);
    }
    ::close(c);
    requests_.push_back(request);
  }

  std::string body_;
  bool honour_range_;
  int connections_;
  std::vector<std::string> requests_;
  int fd_ = -1;
  int port_ = 0;
  std::thread thread_;
};

std::string payload() {
  std::string data(1 << 20, '\0');
  for (std::size_t i = 0; i < data.size(); ++i) data[i] = static_cast<char>(i * 131 >> 3);
  return data;
}

TEST(DownloadHttp, ResumesWithARangeRequest) {
  testing::TempDir dir;
  std::string data = payload();
  testing::write_file(dir.path() / "x.part", data.substr(0, 300000));
  LoopbackHttpServer server(data, /*honour_range=*/true);
  DownloadResult r = download(server.url(), dir.path() / "x.part");
  std::vector<std::string> requests = server.finish();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_NE(requests[0].find("Range: bytes=300000-"), std::string::npos) << requests[0];
  EXPECT_EQ(r.resumed_from, 300000u);
  EXPECT_EQ(testing::read_file(dir.path() / "x.part"), data);
}

TEST(DownloadHttp, ServerIgnoringRangeRestartsFromZero) {
  testing::TempDir dir;
  std::string data = payload();
  testing::write_file(dir.path() / "x.part", std::string(300000, 'Z'));
  // First answer: 200 with the whole body to a range request (libcurl stops it);
  // klab then asks again from zero.
  LoopbackHttpServer server(data, /*honour_range=*/false, /*connections=*/2);
  DownloadResult r = download(server.url(), dir.path() / "x.part");
  std::vector<std::string> requests = server.finish();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_NE(requests[0].find("Range: bytes=300000-"), std::string::npos) << requests[0];
  EXPECT_EQ(requests[1].find("Range:"), std::string::npos) << requests[1];
  EXPECT_EQ(r.resumed_from, 0u);
  EXPECT_EQ(r.size, data.size());
  EXPECT_EQ(testing::read_file(dir.path() / "x.part"), data);
}

}  // namespace
}  // namespace klab::images
