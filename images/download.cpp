#include "images/download.hpp"

#include <curl/curl.h>

#include <chrono>
#include <cstdio>
#include <memory>
#include <mutex>

#include "base/error.hpp"

namespace klab::images {

namespace fs = std::filesystem;

namespace {

struct CurlFree {
  void operator()(CURL* c) const { curl_easy_cleanup(c); }
};
using CurlHandle = std::unique_ptr<CURL, CurlFree>;
using File = std::unique_ptr<FILE, int (*)(FILE*)>;

void global_init() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct Transfer {
  FILE* out = nullptr;
  std::uint64_t offset = 0;
  const ProgressFn* progress = nullptr;
  std::chrono::steady_clock::time_point last_report{};
};

std::size_t on_data(char* data, std::size_t size, std::size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  return std::fwrite(data, size, count, t->out) * size;
}

int on_progress(void* user, curl_off_t total, curl_off_t now, curl_off_t, curl_off_t) {
  auto* t = static_cast<Transfer*>(user);
  auto tick = std::chrono::steady_clock::now();
  if (!*t->progress || tick - t->last_report < std::chrono::milliseconds(500)) return 0;
  t->last_report = tick;
  std::uint64_t done = t->offset + static_cast<std::uint64_t>(now);
  std::optional<double> fraction;
  std::string message = std::to_string(done >> 20) + " MiB";
  if (total > 0) {
    std::uint64_t all = t->offset + static_cast<std::uint64_t>(total);
    fraction = static_cast<double>(done) / static_cast<double>(all);
    message += " of " + std::to_string(all >> 20) + " MiB";
  }
  (*t->progress)(ProgressEvent{"download", message, fraction});
  return 0;
}

// One attempt from `offset`. Returns the curl code; `http` gets the response status.
CURLcode attempt(const std::string& url, const fs::path& part, std::uint64_t offset, const ProgressFn& progress,
                 long& http, std::string& error) {
  File out(std::fopen(part.c_str(), offset ? "ab" : "wb"), &std::fclose);
  if (!out) throw infra_error("cannot write " + part.string() + ": " + errno_string(errno));
  CurlHandle curl(curl_easy_init());
  if (!curl) throw infra_error("libcurl could not create a transfer handle");
  Transfer t{out.get(), offset, &progress, {}};
  char errbuf[CURL_ERROR_SIZE] = {};
  CURL* c = curl.get();
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "file,http,https");
  curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(c, CURLOPT_MAXREDIRS, 10L);
  curl_easy_setopt(c, CURLOPT_FAILONERROR, 1L);
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 30L);
  // A stalled transfer fails (and the next call resumes) instead of hanging forever.
  curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 1024L);
  curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, 60L);
  curl_easy_setopt(c, CURLOPT_USERAGENT, "klab/" KLAB_VERSION);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &t);
  curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress);
  curl_easy_setopt(c, CURLOPT_XFERINFODATA, &t);
  if (offset) curl_easy_setopt(c, CURLOPT_RESUME_FROM_LARGE, static_cast<curl_off_t>(offset));
  CURLcode rc = curl_easy_perform(c);
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &http);
  if (std::fflush(out.get()) != 0 && rc == CURLE_OK) rc = CURLE_WRITE_ERROR;
  error = errbuf[0] ? errbuf : curl_easy_strerror(rc);
  return rc;
}

std::uint64_t size_of(const fs::path& p) {
  std::error_code ec;
  std::uintmax_t n = fs::file_size(p, ec);
  return ec ? 0 : n;
}

}  // namespace

std::string source_url(const std::string& source) {
  if (source.find("://") != std::string::npos) return source;
  std::string path = fs::absolute(source).lexically_normal().string();
  std::string url = "file://";
  static const char* hex = "0123456789ABCDEF";
  for (unsigned char ch : path) {
    if (std::isalnum(ch) || std::string_view("/-._~").find(static_cast<char>(ch)) != std::string_view::npos) {
      url += static_cast<char>(ch);
    } else {
      url += '%';
      url += hex[ch >> 4];
      url += hex[ch & 15];
    }
  }
  return url;
}

DownloadResult download(const std::string& url, const fs::path& part, const ProgressFn& progress) {
  global_init();
  DownloadResult result;
  result.resumed_from = size_of(part);
  long http = 0;
  std::string error;
  CURLcode rc = attempt(url, part, result.resumed_from, progress, http, error);
  if (result.resumed_from && (rc == CURLE_RANGE_ERROR || (rc == CURLE_OK && http == 200))) {
    // The server sent the whole file instead of the rest: start over.
    result.resumed_from = 0;
    rc = attempt(url, part, 0, progress, http, error);
  }
  if (rc == CURLE_HTTP_RETURNED_ERROR && http == 416 && result.resumed_from) {
    rc = CURLE_OK;  // nothing left to fetch: the .part file is already complete
  }
  if (rc != CURLE_OK) {
    throw infra_error("download of " + url + " failed: " + error +
                      (size_of(part) ? ": run the import again to resume from " + std::to_string(size_of(part)) +
                                           " bytes"
                                     : ""));
  }
  result.size = size_of(part);
  return result;
}

}  // namespace klab::images
