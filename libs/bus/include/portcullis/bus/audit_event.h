#pragma once
// Helpers for building audit events (proto/audit/v1/event.h): ids, times, validation.
//
//   proto::audit::v1::Event e;
//   e.id = bus::NewUuidV7(clock.Now());
//   e.time = bus::FormatRfc3339Micros(clock.Now());
//   e.action = "session.login_succeeded"; e.outcome = "success"; ...
//   if (Status s = bus::ValidateEvent(e); !s.ok()) ...   // kBadRequest

#include <string>

#include "portcullis/bus/time_format.h"
#include "portcullis/common/clock.h"
#include "portcullis/common/result.h"
#include "portcullis/proto/audit/v1/event.h"

namespace portcullis::bus {

// A UUIDv7 (RFC 9562) in lowercase canonical form. Within one process the ids are strictly
// increasing (as strings too): a 12-bit counter in rand_a orders ids of the same millisecond, and
// the millisecond moves forward when it overflows or the clock steps back. Thread-safe.
std::string NewUuidV7(TimePoint now);

// kBadRequest naming the first problem: missing id/time/action, an action without
// "<category>.<verb>", an actor type or outcome outside the closed lists, or a missing source.
Status ValidateEvent(const proto::audit::v1::Event& event);

}  // namespace portcullis::bus
