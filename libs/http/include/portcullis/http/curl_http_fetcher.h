#pragma once
// CurlHttpFetcher: HttpFetcher (GET and POST) over libcurl's easy interface. Only http and https
// are allowed, redirects are not followed (a key-set URL that moves is a configuration error, not
// something to chase), TLS peers are verified with the system trust store, and no signals are used
// so it is safe in threaded services. One easy handle per call; the object holds no state and is
// thread-safe. libcurl's global initialisation happens once, on first construction.

#include "portcullis/http/http_fetcher.h"

namespace portcullis::http {

class CurlHttpFetcher final : public HttpFetcher {
 public:
  CurlHttpFetcher();
  FetchResult Get(const std::string& url, const FetchOptions& options) override;
  FetchResult Post(const std::string& url, const std::string& content_type, const std::string& body,
                   const std::vector<std::pair<std::string, std::string>>& headers,
                   const FetchOptions& options) override;

 private:
  struct PostBody {
    const std::string& content_type;
    const std::string& body;
    const std::vector<std::pair<std::string, std::string>>& headers;
  };
  FetchResult Perform(const std::string& url, const PostBody* post, const FetchOptions& options);
};

}  // namespace portcullis::http
