#pragma once
// Sleeper: how the logic waits between provider retries. Production waits for real; unit tests
// use testing::FakeSleeper, which advances a FakeClock instead, so no test sleeps.

#include <chrono>
#include <thread>

namespace portcullis::session_store {

class Sleeper {
 public:
  virtual ~Sleeper() = default;
  virtual void SleepFor(std::chrono::milliseconds d) = 0;
};

class RealSleeper final : public Sleeper {
 public:
  void SleepFor(std::chrono::milliseconds d) override { std::this_thread::sleep_for(d); }
};

}  // namespace portcullis::session_store
