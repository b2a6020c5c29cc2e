#include "adapters/worker_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <future>

namespace portcullis::gateway {
namespace {

TEST(WorkerPoolTest, RefusesWorkBeyondTheQueueBound) {
  WorkerPool pool(1, 2);
  std::promise<void> release;
  std::shared_future<void> gate = release.get_future().share();
  std::promise<void> started;
  ASSERT_TRUE(pool.Submit([&started, gate] {
    started.set_value();
    gate.wait();
  }));
  started.get_future().wait();  // the only worker is busy now
  std::atomic<int> ran{0};
  EXPECT_TRUE(pool.Submit([&ran] { ++ran; }));
  EXPECT_TRUE(pool.Submit([&ran] { ++ran; }));
  EXPECT_FALSE(pool.Submit([&ran] { ++ran; }));  // queue full: the caller answers 503
  release.set_value();
  pool.Shutdown();  // runs what was queued
  EXPECT_EQ(ran.load(), 2);
  EXPECT_FALSE(pool.Submit([] {}));  // stopped
}

}  // namespace
}  // namespace portcullis::gateway
