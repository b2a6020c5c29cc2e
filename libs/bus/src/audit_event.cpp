#include "portcullis/bus/audit_event.h"

#include <cstdio>
#include <mutex>
#include <random>

namespace portcullis::bus {
namespace {

struct UuidState {
  std::mutex mu;
  uint64_t last_ms = 0;                         // GUARDED_BY(mu)
  uint32_t counter = 0;                         // GUARDED_BY(mu)
  std::mt19937_64 rng{std::random_device{}()};  // GUARDED_BY(mu)
};

UuidState& State() {
  static UuidState state;
  return state;
}

}  // namespace

std::string NewUuidV7(TimePoint now) {
  const auto ms = static_cast<uint64_t>(
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count());
  UuidState& s = State();
  uint64_t unix_ms;
  uint32_t counter;
  uint64_t random;
  {
    std::lock_guard<std::mutex> lock(s.mu);
    if (ms > s.last_ms) {
      s.last_ms = ms;
      s.counter = 0;
    } else if (++s.counter > 0xFFF) {
      ++s.last_ms;
      s.counter = 0;
    }
    unix_ms = s.last_ms;
    counter = s.counter;
    random = s.rng();
  }
  unsigned char b[16];
  for (int i = 0; i < 6; ++i) b[i] = static_cast<unsigned char>(unix_ms >> (40 - 8 * i));
  b[6] = static_cast<unsigned char>(0x70 | ((counter >> 8) & 0x0F));
  b[7] = static_cast<unsigned char>(counter & 0xFF);
  b[8] = static_cast<unsigned char>(0x80 | ((random >> 56) & 0x3F));
  for (int i = 9; i < 16; ++i) b[i] = static_cast<unsigned char>(random >> (8 * (15 - i)));
  char out[37];
  std::snprintf(out, sizeof out,
                "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0], b[1],
                b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14],
                b[15]);
  return out;
}

Status ValidateEvent(const proto::audit::v1::Event& e) {
  auto bad = [](std::string what) {
    return Status(Error{ErrorCode::kBadRequest, std::move(what)});
  };
  if (e.id.empty()) return bad("audit event without id");
  if (e.time.empty()) return bad("audit event without time");
  auto dot = e.action.find('.');
  if (dot == std::string::npos || dot == 0 || dot + 1 == e.action.size()) {
    return bad("audit action '" + e.action + "' is not <category>.<verb>");
  }
  if (!proto::audit::v1::IsActorType(e.actor.type)) {
    return bad("audit actor type '" + e.actor.type + "' is not user|service|anonymous");
  }
  if (!proto::audit::v1::IsOutcome(e.outcome)) {
    return bad("audit outcome '" + e.outcome + "' is not success|failure|denied");
  }
  if (e.source.service.empty()) return bad("audit event without source.service");
  return OkStatus();
}

}  // namespace portcullis::bus
