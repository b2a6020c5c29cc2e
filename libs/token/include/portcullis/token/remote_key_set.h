#pragma once
// RemoteKeySet: a KeySource that fetches a JWK Set from a jwks_uri, or first resolves jwks_uri
// from an OIDC discovery document, through an http::HttpFetcher, and caches it.
//
//   http::CurlHttpFetcher fetcher;
//   RemoteKeySetOptions o;
//   o.discovery_uri =
//   "https://login.microsoftonline.com/<tid>/v2.0/.well-known/openid-configuration"; auto keys =
//   std::make_shared<RemoteKeySet>(fetcher, clock, o); Verifier verifier(keys, policy);
//
// Caching rules:
// - a fetched set lives for Cache-Control max-age clamped to [min_ttl, max_ttl] (default_ttl,
//   clamped, when the response has none);
// - a token with an unknown kid triggers at most one refetch per unknown_kid_refetch_interval;
// - concurrent callers that need a fetch share one: the others wait for its result;
// - a failed refresh keeps serving the last good set; failures are retried at most once per
//   failure_retry_interval (callers in between get the last good set, or the last error).
// Thread-safe. `fetcher` and `clock` must outlive the RemoteKeySet. Fetches run without the lock.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "portcullis/common/clock.h"
#include "portcullis/http/http_fetcher.h"
#include "portcullis/token/key_source.h"

namespace portcullis::token {

struct RemoteKeySetOptions {
  std::string jwks_uri;         // used as is when set
  std::string discovery_uri;    // otherwise its "jwks_uri" member is used
  std::string expected_issuer;  // if set, the discovery document's "issuer" must equal it
  std::chrono::seconds min_ttl{300};
  std::chrono::seconds max_ttl{86400};
  std::chrono::seconds default_ttl{3600};
  std::chrono::seconds unknown_kid_refetch_interval{30};
  std::chrono::seconds failure_retry_interval{30};
  http::FetchOptions fetch;
};

class RemoteKeySet final : public KeySource {
 public:
  RemoteKeySet(http::HttpFetcher& fetcher, const Clock& clock, RemoteKeySetOptions options);

  // The cached set, fetched first if there is none or it has expired (see the rules above).
  // kKeySetUnavailable when no set was ever fetched successfully.
  TokenResult<std::shared_ptr<const JwkSet>> Keys() override;
  // Refetches unless `kid` is already known or the last fetch started less than
  // unknown_kid_refetch_interval ago.
  TokenResult<std::shared_ptr<const JwkSet>> KeysAfterUnknownKid(std::string_view kid) override;

  // Number of JWKS fetches started (discovery requests not counted).
  uint64_t fetch_count() const;

 private:
  TokenResult<std::shared_ptr<const JwkSet>> FetchShared(std::unique_lock<std::mutex>& lock);
  // Runs without mu_; only the single fetching thread calls it.
  TokenResult<std::shared_ptr<const JwkSet>> FetchOnce(std::chrono::seconds& ttl);
  TokenResult<std::string> ResolveJwksUri();

  http::HttpFetcher& fetcher_;
  const Clock& clock_;
  const RemoteKeySetOptions options_;
  std::string resolved_jwks_uri_;  // touched only by the thread holding fetching_

  mutable std::mutex mu_;
  std::condition_variable fetched_;
  std::shared_ptr<const JwkSet> set_;      // GUARDED_BY(mu_)
  std::optional<TokenError> last_error_;   // GUARDED_BY(mu_)
  TimePoint expires_{};                    // GUARDED_BY(mu_)
  std::optional<TimePoint> last_attempt_;  // GUARDED_BY(mu_)
  bool last_attempt_failed_ = false;       // GUARDED_BY(mu_)
  bool fetching_ = false;                  // GUARDED_BY(mu_)
  uint64_t fetch_count_ = 0;               // GUARDED_BY(mu_)
};

}  // namespace portcullis::token
