#pragma once
// FakeHttpFetcher: canned responses per URL (GET and POST; POSTs are recorded) for tests, with call
// counting and an optional gate that holds every Get() until Release(), to prove that concurrent
// callers share one fetch.
//
//   testing::FakeHttpFetcher http;
//   http.SetResponse("https://idp/jwks", 200, jwks_json, {{"cache-control", "max-age=600"}});
//   http.SetError("https://down/jwks", FetchErrorCode::kConnect);
//   EXPECT_EQ(http.Calls("https://idp/jwks"), 1);
//
// Thread-safe.

#include <condition_variable>
#include <map>
#include <mutex>

#include "portcullis/http/http_fetcher.h"

namespace portcullis::http::testing {

class FakeHttpFetcher final : public HttpFetcher {
 public:
  void SetResponse(const std::string& url, int status, std::string body,
                   std::vector<std::pair<std::string, std::string>> headers = {}) {
    std::lock_guard<std::mutex> guard(mu_);
    HttpResponse r;
    r.status = status;
    r.body = std::move(body);
    r.headers = std::move(headers);
    results_.insert_or_assign(url, FetchResult(std::move(r)));
  }
  void SetError(const std::string& url, FetchErrorCode code) {
    std::lock_guard<std::mutex> guard(mu_);
    results_.insert_or_assign(url, FetchResult(FetchError{code, "fake error"}));
  }
  // While held, Get() blocks until Release().
  void Hold() {
    std::lock_guard<std::mutex> guard(mu_);
    held_ = true;
  }
  void Release() {
    {
      std::lock_guard<std::mutex> guard(mu_);
      held_ = false;
    }
    cv_.notify_all();
  }
  // Number of Get() calls that have started for `url`.
  int Calls(const std::string& url) const {
    std::lock_guard<std::mutex> guard(mu_);
    auto it = calls_.find(url);
    return it == calls_.end() ? 0 : it->second;
  }
  int TotalCalls() const {
    std::lock_guard<std::mutex> guard(mu_);
    int total = 0;
    for (const auto& [url, n] : calls_) total += n;
    return total;
  }

  // A POST that was made, as the fake saw it.
  struct PostCall {
    std::string url;
    std::string content_type;
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;
  };
  std::vector<PostCall> Posts() const {
    std::lock_guard<std::mutex> guard(mu_);
    return posts_;
  }
  // Answers the next POSTs to `url` with these results, in order; the last one repeats.
  void SetPostSequence(const std::string& url, std::vector<FetchResult> results) {
    std::lock_guard<std::mutex> guard(mu_);
    post_sequences_.insert_or_assign(url, std::move(results));
  }

  FetchResult Post(const std::string& url, const std::string& content_type, const std::string& body,
                   const std::vector<std::pair<std::string, std::string>>& headers,
                   const FetchOptions& /*options*/) override {
    std::unique_lock<std::mutex> lock(mu_);
    ++calls_[url];
    posts_.push_back({url, content_type, body, headers});
    cv_.wait(lock, [&] { return !held_; });
    if (auto seq = post_sequences_.find(url);
        seq != post_sequences_.end() && !seq->second.empty()) {
      FetchResult next = seq->second.front();
      if (seq->second.size() > 1) seq->second.erase(seq->second.begin());
      return next;
    }
    auto it = results_.find(url);
    if (it == results_.end()) return FetchError{FetchErrorCode::kConnect, "no fake for " + url};
    return it->second;
  }

  FetchResult Get(const std::string& url, const FetchOptions& /*options*/) override {
    std::unique_lock<std::mutex> lock(mu_);
    ++calls_[url];
    cv_.wait(lock, [&] { return !held_; });
    auto it = results_.find(url);
    if (it == results_.end()) return FetchError{FetchErrorCode::kConnect, "no fake for " + url};
    return it->second;
  }

 private:
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::map<std::string, FetchResult> results_;                      // GUARDED_BY(mu_)
  std::map<std::string, int> calls_;                                // GUARDED_BY(mu_)
  std::vector<PostCall> posts_;                                     // GUARDED_BY(mu_)
  std::map<std::string, std::vector<FetchResult>> post_sequences_;  // GUARDED_BY(mu_)
  bool held_ = false;                                               // GUARDED_BY(mu_)
};

}  // namespace portcullis::http::testing
