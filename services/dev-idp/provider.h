#pragma once
// Provider: every piece of dev-idp's logic, built once from the directory, a clock and the
// signing keys, and shared by the HTTP adapter. Owns the stores; collaborators passed in must
// outlive it. Thread-safe (each part is).
//
//   Provider idp(clock, std::move(directory), options, initial_key, key_factory);
//   HttpReply r = idp.tokens.Handle(request);

#include <memory>
#include <string>

#include "authorize_logic.h"
#include "claims_builder.h"
#include "code_store.h"
#include "directory.h"
#include "graph_logic.h"
#include "key_set.h"
#include "provider_state.h"
#include "refresh_store.h"
#include "session_store.h"
#include "test_controls.h"
#include "token_logic.h"

namespace portcullis::dev_idp {

struct ProviderOptions {
  std::string base;  // issuer host: "http://127.0.0.1:9400"
  int group_overage_limit = 200;
  int graph_page_size = 100;
  Lifetimes lifetimes;
  Duration session_lifetime = std::chrono::hours(8);
};

class Provider {
 public:
  Provider(const Clock& clock, Directory directory, const ProviderOptions& options,
           std::shared_ptr<const SigningKey> initial_key, SigningKeyFactory& key_factory);

  const Directory directory;
  const IssuerInfo issuer;
  KeySet keys;
  ProviderState state;
  CodeStore codes;
  RefreshStore refresh;
  SessionStore sessions;
  TokenService tokens;
  AuthorizeService authorize;
  GraphService graph;
  TestControlService controls;
};

}  // namespace portcullis::dev_idp
