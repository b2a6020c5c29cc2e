#pragma once
// The unit-test world of the session logic: FakeClock, in-memory repository, key ring k1,
// scripted refresher, recorded events, a sleeper that advances the clock.

#include <gtest/gtest.h>

#include "portcullis/common/testing/fake_clock.h"
#include "session_service.h"
#include "testing/fakes.h"
#include "testing/in_memory_session_repository.h"
#include "testing/test_keys.h"
#include "token_sealing.h"

namespace portcullis::session_store::testing {

class SessionServiceFixture : public ::testing::Test {
 protected:
  SessionServiceFixture() : ring_(RingK1()), sleeper_(clock_) {}

  SessionService& svc() {
    if (!svc_) {
      svc_ = std::make_unique<SessionService>(clock_, repo_, ring_, refresher_, events_, sleeper_,
                                              options_);
    }
    return *svc_;
  }
  int64_t Now() const { return ToUnixSeconds(clock_.Now()); }

  proto::session::v1::CreateRequest NewRequest(int64_t access_left_s = 3600) {
    proto::session::v1::CreateRequest r;
    r.user = {.id = "user-1", .tenant = "tenant-1", .issuer = "iss", .name = "Ada", .email = ""};
    r.groups = {"g1"};
    r.roles = {"Portcullis.Admin"};
    r.tokens.access_token = "access-0";
    r.tokens.refresh_token = "refresh-0";
    r.tokens.id_token = "id-0";
    r.tokens.scope = "openid";
    r.tokens.access_expires_at = Now() + access_left_s;
    r.metadata = {{"ip", "203.0.113.7"}};
    return r;
  }
  std::string CreateSession(int64_t access_left_s = 3600) {
    auto c = svc().Create(NewRequest(access_left_s));
    EXPECT_TRUE(c.ok()) << c.error().ToString();
    return c.ok() ? c->session_id : "";
  }
  static RefreshedTokens Fresh(const std::string& n, int64_t expires_in = 3600) {
    return {"access-" + n, "refresh-" + n, "id-" + n, "", std::chrono::seconds(expires_in)};
  }

  portcullis::testing::FakeClock clock_;
  InMemorySessionRepository repo_;
  crypto::KeyRing ring_;
  FakeRefresher refresher_;
  RecordingSessionEvents events_;
  FakeSleeper sleeper_;
  SessionServiceOptions options_;
  std::unique_ptr<SessionService> svc_;
};

}  // namespace portcullis::session_store::testing
