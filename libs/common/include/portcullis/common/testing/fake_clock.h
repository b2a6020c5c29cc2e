#pragma once
// FakeClock: a Clock that moves only when a test says so. Thread-safe.

#include <atomic>

#include "portcullis/common/clock.h"

namespace portcullis::testing {

class FakeClock final : public Clock {
 public:
  explicit FakeClock(TimePoint start = FromUnixSeconds(1767225600))  // 2026-01-01T00:00:00Z
      : now_(start.time_since_epoch().count()) {}

  TimePoint Now() const override { return TimePoint(Duration(now_.load())); }
  void Set(TimePoint t) { now_.store(t.time_since_epoch().count()); }
  template <typename Rep, typename Period>
  void Advance(std::chrono::duration<Rep, Period> d) {
    now_.fetch_add(std::chrono::duration_cast<Duration>(d).count());
  }

 private:
  std::atomic<Duration::rep> now_;
};

}  // namespace portcullis::testing
