#include "single_flight.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

namespace portcullis::session_store {
namespace {

using std::chrono::milliseconds;

TEST(SingleFlightTest, SequentialCallsEachRun) {
  SingleFlight<int> f;
  int runs = 0;
  EXPECT_EQ(*f.Do("k", milliseconds(100), [&]() -> Result<int> { return ++runs; }), 1);
  EXPECT_EQ(*f.Do("k", milliseconds(100), [&]() -> Result<int> { return ++runs; }), 2);
}

TEST(SingleFlightTest, WaitersShareTheLeadersResultIncludingErrors) {
  SingleFlight<int> f;
  std::atomic<int> runs{0};
  std::atomic<bool> go{false};
  std::vector<std::thread> threads;
  std::vector<ErrorCode> codes(8, ErrorCode::kInternal);
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&, i] {
      auto r = f.Do("k", milliseconds(5000), [&]() -> Result<int> {
        ++runs;
        while (!go) std::this_thread::yield();
        return Error{ErrorCode::kUnavailable, "down"};
      });
      codes[i] = r.code();
    });
  }
  while (f.joined() < 7) std::this_thread::yield();
  go = true;
  for (auto& t : threads) t.join();
  EXPECT_EQ(runs, 1);
  for (auto c : codes) EXPECT_EQ(c, ErrorCode::kUnavailable);
}

TEST(SingleFlightTest, DifferentKeysRunIndependently) {
  SingleFlight<int> f;
  std::atomic<bool> inner_ran{false};
  auto r = f.Do("a", milliseconds(100), [&]() -> Result<int> {
    auto inner = f.Do("b", milliseconds(100), [&]() -> Result<int> {
      inner_ran = true;
      return 2;
    });
    return *inner + 1;
  });
  EXPECT_TRUE(inner_ran);
  EXPECT_EQ(*r, 3);
}

TEST(SingleFlightTest, WaiterGivesUpAtItsDeadline) {
  SingleFlight<int> f;
  std::atomic<bool> release{false}, started{false};
  std::thread leader([&] {
    auto r = f.Do("k", milliseconds(5000), [&]() -> Result<int> {
      started = true;
      while (!release) std::this_thread::sleep_for(milliseconds(1));
      return 1;
    });
    EXPECT_TRUE(r.ok());
  });
  while (!started) std::this_thread::yield();
  auto r = f.Do("k", milliseconds(20), [&]() -> Result<int> { return 5; });
  release = true;
  leader.join();
  EXPECT_EQ(r.code(), ErrorCode::kUnavailable);
}

}  // namespace
}  // namespace portcullis::session_store
