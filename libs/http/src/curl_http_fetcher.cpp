#include "portcullis/http/curl_http_fetcher.h"

#include <curl/curl.h>

#include <memory>
#include <mutex>

namespace portcullis::http {
namespace {

struct CurlDeleter {
  void operator()(CURL* c) const { curl_easy_cleanup(c); }
};

struct Transfer {
  HttpResponse response;
  size_t max_body = 0;
  bool too_large = false;
};

size_t OnBody(char* data, size_t size, size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  const size_t n = size * count;
  if (t->response.body.size() + n > t->max_body) {
    t->too_large = true;
    return 0;  // aborts the transfer with CURLE_WRITE_ERROR
  }
  t->response.body.append(data, n);
  return n;
}

size_t OnHeader(char* data, size_t size, size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  const size_t n = size * count;
  std::string_view line(data, n);
  if (line.starts_with("HTTP/")) {
    t->response.headers.clear();  // a new response (after 100 Continue): keep only the last
    return n;
  }
  const size_t colon = line.find(':');
  if (colon == std::string_view::npos) return n;
  std::string name(line.substr(0, colon));
  for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::string_view value = line.substr(colon + 1);
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == '\r' || value.back() == '\n' || value.back() == ' ')) {
    value.remove_suffix(1);
  }
  t->response.headers.emplace_back(std::move(name), std::string(value));
  return n;
}

}  // namespace

CurlHttpFetcher::CurlHttpFetcher() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

namespace {

struct SlistDeleter {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};

}  // namespace

FetchResult CurlHttpFetcher::Get(const std::string& url, const FetchOptions& options) {
  return Perform(url, nullptr, options);
}

FetchResult CurlHttpFetcher::Post(const std::string& url, const std::string& content_type,
                                  const std::string& body,
                                  const std::vector<std::pair<std::string, std::string>>& headers,
                                  const FetchOptions& options) {
  PostBody post{content_type, body, headers};
  return Perform(url, &post, options);
}

FetchResult CurlHttpFetcher::Perform(const std::string& url, const PostBody* post,
                                     const FetchOptions& options) {
  if (!url.starts_with("http://") && !url.starts_with("https://")) {
    return FetchError{FetchErrorCode::kInvalidUrl, "not an http(s) URL: " + url};
  }
  std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
  if (!curl) return FetchError{FetchErrorCode::kTransport, "curl_easy_init failed"};
  Transfer t;
  t.max_body = options.max_body_bytes;
  CURL* c = curl.get();
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(options.timeout.count()));
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options.timeout.count()));
  curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
  curl_easy_setopt(c, CURLOPT_USERAGENT, "portcullis/1");
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, OnBody);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &t);
  curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, OnHeader);
  curl_easy_setopt(c, CURLOPT_HEADERDATA, &t);
  std::unique_ptr<curl_slist, SlistDeleter> header_list;
  if (post != nullptr) {
    curl_easy_setopt(c, CURLOPT_POST, 1L);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, post->body.data());
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(post->body.size()));
    // A small token request must not wait for "100 Continue".
    std::vector<std::string> lines = {"Content-Type: " + post->content_type, "Expect:"};
    for (const auto& [name, value] : post->headers) lines.push_back(name + ": " + value);
    curl_slist* list = nullptr;
    for (const std::string& line : lines) {
      curl_slist* next = curl_slist_append(list, line.c_str());
      if (next == nullptr) {
        curl_slist_free_all(list);
        return FetchError{FetchErrorCode::kTransport, "out of memory building headers"};
      }
      list = next;
    }
    header_list.reset(list);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, header_list.get());
  }
  const CURLcode rc = curl_easy_perform(c);
  if (t.too_large) {
    return FetchError{FetchErrorCode::kBodyTooLarge,
                      "body exceeds " + std::to_string(options.max_body_bytes) + " bytes"};
  }
  if (rc != CURLE_OK) {
    FetchErrorCode code = FetchErrorCode::kTransport;
    if (rc == CURLE_OPERATION_TIMEDOUT) {
      code = FetchErrorCode::kTimeout;
    } else if (rc == CURLE_COULDNT_CONNECT || rc == CURLE_COULDNT_RESOLVE_HOST ||
               rc == CURLE_SSL_CONNECT_ERROR || rc == CURLE_PEER_FAILED_VERIFICATION) {
      code = FetchErrorCode::kConnect;
    } else if (rc == CURLE_URL_MALFORMAT || rc == CURLE_UNSUPPORTED_PROTOCOL) {
      code = FetchErrorCode::kInvalidUrl;
    }
    return FetchError{code, curl_easy_strerror(rc)};
  }
  long status = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
  t.response.status = static_cast<int>(status);
  return std::move(t.response);
}

}  // namespace portcullis::http
