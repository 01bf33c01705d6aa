#include "scenarios/etcd/hash_kv_grpc.hpp"

#include <curl/curl.h>

#include <cctype>
#include <memory>
#include <mutex>
#include <string>

#include "base/error.hpp"
#include "scenarios/etcd/hash_kv_proto.hpp"
#include "base/strings.hpp"

namespace klab::scenarios {
namespace {

struct CurlDeleter {
  void operator()(CURL* c) const noexcept { curl_easy_cleanup(c); }
  void operator()(curl_slist* l) const noexcept { curl_slist_free_all(l); }
};
using CurlPtr = std::unique_ptr<CURL, CurlDeleter>;
using SlistPtr = std::unique_ptr<curl_slist, CurlDeleter>;

struct Reply {
  std::string body;
  std::string grpc_status;   // from the trailers (or a trailers-only response)
  std::string grpc_message;  // percent-encoded on the wire
};

size_t on_body(char* data, size_t size, size_t n, void* user) {
  static_cast<Reply*>(user)->body.append(data, size * n);
  return size * n;
}

size_t on_header(char* data, size_t size, size_t n, void* user) {
  std::string line(data, size * n);
  auto colon = line.find(':');
  if (colon != std::string::npos) {
    const std::string name = base::to_lower(line.substr(0, colon));
    const std::string value(base::trim(std::string_view(line).substr(colon + 1)));
    auto* reply = static_cast<Reply*>(user);
    if (name == "grpc-status") reply->grpc_status = value;
    if (name == "grpc-message") reply->grpc_message = value;
  }
  return size * n;
}

std::string percent_decode(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
      out.push_back(static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16)));
      i += 2;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

void global_init() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

}  // namespace

HashKv grpc_hash_kv(const Endpoint& endpoint, const TlsFiles& tls, std::int64_t revision,
                    std::chrono::milliseconds timeout) {
  global_init();
  std::string where = "etcd at " + to_string(endpoint) + ": HashKV at revision " + std::to_string(revision);
  CurlPtr curl(curl_easy_init());
  if (!curl) throw infra_error(where + ": cannot create a libcurl handle");
  SlistPtr headers(curl_slist_append(nullptr, "Content-Type: application/grpc"));
  headers.reset(curl_slist_append(headers.release(), "TE: trailers"));
  std::string url = to_url(endpoint) + "/etcdserverpb.Maintenance/HashKV";
  std::string request = hash_kv_proto::framed_request(revision);
  Reply reply;
  char errbuf[CURL_ERROR_SIZE] = {};
  CURL* c = curl.get();
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_2TLS);
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(c, CURLOPT_POST, 1L);
  curl_easy_setopt(c, CURLOPT_POSTFIELDS, request.data());
  curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, static_cast<long>(request.size()));
  curl_easy_setopt(c, CURLOPT_CAINFO, tls.ca.c_str());
  curl_easy_setopt(c, CURLOPT_SSLCERT, tls.cert.c_str());
  curl_easy_setopt(c, CURLOPT_SSLKEY, tls.key.c_str());
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout.count()));
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_NOPROXY, "*");
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &reply);
  curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(c, CURLOPT_HEADERDATA, &reply);

  CURLcode rc = curl_easy_perform(c);
  if (rc != CURLE_OK) {
    std::string detail = errbuf[0] ? errbuf : curl_easy_strerror(rc);
    if (rc == CURLE_OPERATION_TIMEDOUT) {
      throw infra_error(where + ": no answer within " + std::to_string(timeout.count()) + " ms");
    }
    throw infra_error(where + ": " + detail + " (check that the member runs and that " + tls.cert.string() +
                      " is signed by the CA it trusts)");
  }
  long http_version = 0;
  curl_easy_getinfo(c, CURLINFO_HTTP_VERSION, &http_version);
  long status = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
  if (http_version != CURL_HTTP_VERSION_2_0 || status != 200) {
    throw infra_error(where + ": not a gRPC endpoint (HTTP status " + std::to_string(status) +
                      "): HashKV needs a direct etcd client port, not an HTTP/1 proxy");
  }
  if (reply.grpc_status != "0") {
    std::string message = percent_decode(reply.grpc_message);
    throw infra_error(where + ": " + (message.empty() ? "failed" : message) + " (gRPC status " +
                      (reply.grpc_status.empty() ? "missing" : reply.grpc_status) +
                      "); pick a revision between the compacted one and the current one");
  }
  auto parsed = hash_kv_proto::parse_framed_response(reply.body);
  if (!parsed) throw infra_error(where + ": malformed HashKV response (" + std::to_string(reply.body.size()) + " bytes)");
  parsed->revision = revision;
  return *parsed;
}

}  // namespace klab::scenarios
