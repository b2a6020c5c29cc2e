#include "portcullis/token/remote_key_set.h"

#include <algorithm>

#include "portcullis/token/json.h"

namespace portcullis::token {
namespace {

TokenError Unavailable(std::string detail) {
  return TokenError{TokenErrorCode::kKeySetUnavailable, std::move(detail)};
}

TokenResult<std::string> GetBody(http::HttpFetcher& fetcher, const std::string& url,
                                 const http::FetchOptions& options,
                                 std::optional<std::chrono::seconds>* max_age) {
  const http::FetchResult r = fetcher.Get(url, options);
  if (!r.ok()) {
    return Unavailable(url + ": " + std::string(http::ToString(r.error().code)) + ": " +
                       r.error().detail);
  }
  if (r->status != 200) return Unavailable(url + ": HTTP " + std::to_string(r->status));
  if (max_age) {
    if (auto cc = r->Header("cache-control")) *max_age = http::CacheControlMaxAge(*cc);
  }
  return r->body;
}

}  // namespace

RemoteKeySet::RemoteKeySet(http::HttpFetcher& fetcher, const Clock& clock,
                           RemoteKeySetOptions options)
    : fetcher_(fetcher), clock_(clock), options_(std::move(options)) {
  resolved_jwks_uri_ = options_.jwks_uri;
}

uint64_t RemoteKeySet::fetch_count() const {
  std::lock_guard<std::mutex> guard(mu_);
  return fetch_count_;
}

TokenResult<std::shared_ptr<const JwkSet>> RemoteKeySet::Keys() {
  std::unique_lock<std::mutex> lock(mu_);
  const TimePoint now = clock_.Now();
  if (set_ && now < expires_) return set_;
  if (last_attempt_failed_ && last_attempt_ &&
      now - *last_attempt_ < options_.failure_retry_interval) {
    if (set_) return set_;
    return *last_error_;
  }
  return FetchShared(lock);
}

TokenResult<std::shared_ptr<const JwkSet>> RemoteKeySet::KeysAfterUnknownKid(std::string_view kid) {
  std::unique_lock<std::mutex> lock(mu_);
  if (set_ && set_->ContainsKid(kid)) return set_;  // another caller already refreshed
  const TimePoint now = clock_.Now();
  if (!fetching_ && last_attempt_ && now - *last_attempt_ < options_.unknown_kid_refetch_interval) {
    if (set_) return set_;
    return *last_error_;
  }
  return FetchShared(lock);
}

TokenResult<std::shared_ptr<const JwkSet>> RemoteKeySet::FetchShared(
    std::unique_lock<std::mutex>& lock) {
  if (fetching_) {
    // Someone is already fetching: share its result rather than start another request.
    fetched_.wait(lock, [&] { return !fetching_; });
  } else {
    fetching_ = true;
    last_attempt_ = clock_.Now();
    ++fetch_count_;
    lock.unlock();
    std::chrono::seconds ttl{0};
    auto result = FetchOnce(ttl);
    lock.lock();
    fetching_ = false;
    const TimePoint now = clock_.Now();
    if (result.ok()) {
      set_ = std::move(*result);
      expires_ = now + ttl;
      last_error_.reset();
      last_attempt_failed_ = false;
    } else {
      last_error_ = result.error();
      last_attempt_failed_ = true;
    }
    fetched_.notify_all();
  }
  if (set_) return set_;
  if (last_error_) return *last_error_;
  return Unavailable("no key set");
}

TokenResult<std::string> RemoteKeySet::ResolveJwksUri() {
  if (!resolved_jwks_uri_.empty()) return resolved_jwks_uri_;
  if (options_.discovery_uri.empty()) return Unavailable("neither jwks_uri nor discovery_uri set");
  auto body = GetBody(fetcher_, options_.discovery_uri, options_.fetch, nullptr);
  if (!body.ok()) return body.error();
  auto doc = JsonDocument::Parse(std::move(*body));
  if (!doc.ok()) return Unavailable("discovery document: " + doc.error().detail);
  const auto uri = doc->root().Find("jwks_uri");
  if (!uri || !uri->is_string() || uri->AsString().empty()) {
    return Unavailable("discovery document has no jwks_uri");
  }
  if (!options_.expected_issuer.empty()) {
    const auto issuer = doc->root().Find("issuer");
    if (!issuer || !issuer->is_string() || issuer->AsString() != options_.expected_issuer) {
      return Unavailable("discovery document issuer differs from " + options_.expected_issuer);
    }
  }
  resolved_jwks_uri_ = std::string(uri->AsString());
  return resolved_jwks_uri_;
}

TokenResult<std::shared_ptr<const JwkSet>> RemoteKeySet::FetchOnce(std::chrono::seconds& ttl) {
  auto uri = ResolveJwksUri();
  if (!uri.ok()) return uri.error();
  std::optional<std::chrono::seconds> max_age;
  auto body = GetBody(fetcher_, *uri, options_.fetch, &max_age);
  if (!body.ok()) {
    // The next attempt re-reads the discovery document, in case jwks_uri moved.
    if (options_.jwks_uri.empty()) resolved_jwks_uri_.clear();
    return body.error();
  }
  auto set = JwkSet::Parse(*body);
  if (!set.ok()) return Unavailable("JWKS from " + *uri + ": " + set.error().detail);
  ttl = std::clamp(max_age.value_or(options_.default_ttl), options_.min_ttl, options_.max_ttl);
  return std::make_shared<const JwkSet>(std::move(*set));
}

}  // namespace portcullis::token
