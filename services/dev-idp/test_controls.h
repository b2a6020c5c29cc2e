#pragma once
// TestControlService: the /_test/ endpoints, served only with --test-controls (404 otherwise),
// so rollover, throttling, refresh and single-flight behaviour elsewhere in the suite can be
// tested against a real provider. Every control is a POST with a JSON object body:
//   /_test/rotate-keys           {"grace_seconds": 600} or {"drop_old": true} -> {"kid": new}
//   /_test/token-faults          {"count": 3, "status": 429, "retry_after": 5}
//   /_test/lifetimes             {"access_token": 60, "id_token": 60, "refresh_token": 600,
//                                 "code": 30} (seconds; absent members keep their value)
//   /_test/revoke-refresh-token  {"refresh_token": "..."} -> 404 when unknown
//   /_test/counters              {} -> {"authorization_code": 2, "refresh_token": 1, ...}
// Bad input answers 400 {"error": "bad_request", "error_description": ...}. Thread-safe.

#include <string>

#include "http_reply.h"
#include "key_set.h"
#include "provider_state.h"
#include "refresh_store.h"

namespace portcullis::dev_idp {

class TestControlService {
 public:
  TestControlService(KeySet& keys, RefreshStore& refresh, ProviderState& state)
      : keys_(keys), refresh_(refresh), state_(state) {}

  // `name` is the path after "/_test/"; `body` the raw request body.
  HttpReply Handle(const std::string& name, const std::string& body);

 private:
  KeySet& keys_;
  RefreshStore& refresh_;
  ProviderState& state_;
};

}  // namespace portcullis::dev_idp
