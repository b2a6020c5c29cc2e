#include "portcullis/bus/audit_event.h"

#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "portcullis/proto/audit/v1/subjects.h"

namespace portcullis::bus {
namespace {

namespace audit = proto::audit::v1;

constexpr TimePoint kT0{std::chrono::seconds(1795000000)};

audit::Event ValidEvent() {
  audit::Event e;
  e.id = NewUuidV7(kT0);
  e.time = FormatRfc3339Micros(kT0);
  e.actor.type = "user";
  e.action = "session.login_succeeded";
  e.outcome = "success";
  e.source.service = "auth-gateway";
  return e;
}

TEST(AuditEventTest, UuidV7HasVersionVariantAndTimestamp) {
  std::string id = NewUuidV7(kT0);
  EXPECT_TRUE(std::regex_match(
      id, std::regex("[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")))
      << id;
  // 1795000000000 ms = 0x01a1 ee56 5e00 (48-bit big-endian timestamp).
  EXPECT_EQ(id.substr(0, 13), "01a1ee56-5e00") << id;
}

TEST(AuditEventTest, UuidsAreStrictlyIncreasingWithinOneMillisecondAndWhenClockStepsBack) {
  std::string previous = NewUuidV7(kT0 + std::chrono::hours(1));
  for (int i = 0; i < 10000; ++i) {  // more than the 4096 counter values of one millisecond
    std::string next = NewUuidV7(kT0);
    ASSERT_LT(previous, next) << i;
    previous = next;
  }
}

TEST(AuditEventTest, FormatsRfc3339WithMicroseconds) {
  EXPECT_EQ(FormatRfc3339Micros(kT0 + std::chrono::microseconds(42)),
            "2026-11-18T11:06:40.000042Z");
  EXPECT_EQ(FormatRfc3339Micros(TimePoint{}), "1970-01-01T00:00:00.000000Z");
}

TEST(AuditEventTest, ValidEventPasses) { EXPECT_TRUE(ValidateEvent(ValidEvent()).ok()); }

TEST(AuditEventTest, ActionWithoutCategoryIsBadRequest) {
  audit::Event e = ValidEvent();
  e.action = "login";
  EXPECT_EQ(ValidateEvent(e).code(), ErrorCode::kBadRequest);
  e.action = "session.";
  EXPECT_EQ(ValidateEvent(e).code(), ErrorCode::kBadRequest);
}

TEST(AuditEventTest, ClosedListsAreEnforced) {
  audit::Event e = ValidEvent();
  e.outcome = "maybe";
  EXPECT_EQ(ValidateEvent(e).code(), ErrorCode::kBadRequest);
  e = ValidEvent();
  e.actor.type = "robot";
  EXPECT_EQ(ValidateEvent(e).code(), ErrorCode::kBadRequest);
  e = ValidEvent();
  e.id.clear();
  EXPECT_EQ(ValidateEvent(e).code(), ErrorCode::kBadRequest);
}

TEST(AuditEventTest, EventSubjectFollowsTheAction) {
  EXPECT_EQ(audit::EventSubject("auth", "session.login_succeeded"),
            "auth.audit.events.session.login_succeeded");
  EXPECT_EQ(audit::EventSubject("acme.auth", "logout"), "acme.auth.audit.events.misc.logout");
  EXPECT_EQ(audit::EventSubject("auth", "a.*.>"), "auth.audit.events.a._._");
  EXPECT_EQ(audit::EventSubject("auth", "a..b."), "auth.audit.events.a._.b._");
  EXPECT_EQ(audit::EventsWildcard("auth"), "auth.audit.events.>");
}

}  // namespace
}  // namespace portcullis::bus
