#pragma once
// TestProvider: a Provider over the default users file (deploy/local/dev-idp.json), a FakeClock
// and fake signing keys, plus helpers that drive the flows the way a client would.

#include <memory>
#include <string>

#include "portcullis/common/testing/fake_clock.h"
#include "provider.h"
#include "testing/fake_signing_key.h"

namespace portcullis::dev_idp::testing {

inline constexpr const char* kGatewayId = "portcullis-gateway";
inline constexpr const char* kGatewaySecret = "dev-gateway-secret-NOT-FOR-PRODUCTION";
inline constexpr const char* kDownstreamId = "portcullis-downstream";
inline constexpr const char* kDownstreamSecret = "dev-downstream-secret-NOT-FOR-PRODUCTION";
inline constexpr const char* kRedirect = "http://127.0.0.1:8080/auth/callback";
inline constexpr const char* kVerifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk1234";
inline constexpr const char* kBase = "http://127.0.0.1:9400";

// The default users file, parsed; aborts the test binary when it does not load.
Directory DefaultDirectory();

struct TestProvider {
  TestProvider();
  portcullis::testing::FakeClock clock;
  FakeSigningKeyFactory factory;
  std::unique_ptr<Provider> idp;

  // The authorization request parameters a well-behaved gateway sends.
  Params AuthorizeParams(const std::string& login_hint,
                         const std::string& scope =
                             "openid profile email offline_access "
                             "api://portcullis-gateway/access_as_user");
  // Runs authorize with login_hint and returns the code from the redirect ("" on failure).
  std::string Code(const std::string& user = "alice",
                   const std::string& scope =
                       "openid profile email offline_access "
                       "api://portcullis-gateway/access_as_user");
  // POSTs a token request with client_secret_post for the gateway (unless form names a client).
  HttpReply Token(Params form);
  // A full login for `user`; returns the token response body.
  nlohmann::json Login(const std::string& user = "alice");
};

// The query parameters of a redirect's Location header ({} when there is none).
Params RedirectParams(const HttpReply& reply);
nlohmann::json Body(const HttpReply& reply);

}  // namespace portcullis::dev_idp::testing
