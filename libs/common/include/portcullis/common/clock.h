#pragma once
// Clock: the one source of time for stateful code. Pure functions take `now` as a value instead.
// Production wiring passes SystemClock; tests pass testing::FakeClock and Advance() it, never
// sleep.
//
//   class SessionService { public: SessionService(const Clock& clock, ...); };
//   SystemClock clock;                  // main.cpp
//   testing::FakeClock clock(T0);       // tests: clock.Advance(std::chrono::minutes(16));

#include <chrono>
#include <cstdint>

namespace portcullis {

using TimePoint = std::chrono::system_clock::time_point;
using Duration = std::chrono::system_clock::duration;

class Clock {
 public:
  virtual ~Clock() = default;
  // Wall-clock time (token expiry, session lifetimes). Thread-safe.
  virtual TimePoint Now() const = 0;
};

class SystemClock final : public Clock {
 public:
  TimePoint Now() const override { return std::chrono::system_clock::now(); }
};

// Seconds since the Unix epoch, as JWT NumericDate and our wire formats use.
inline int64_t ToUnixSeconds(TimePoint t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}
inline TimePoint FromUnixSeconds(int64_t s) { return TimePoint(std::chrono::seconds(s)); }

}  // namespace portcullis
