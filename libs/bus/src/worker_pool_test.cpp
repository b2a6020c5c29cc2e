#include "worker_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <future>

namespace portcullis::bus {
namespace {

TEST(WorkerPoolTest, RunsEveryQueuedTaskBeforeShutdownReturns) {
  std::atomic<int> ran{0};
  WorkerPool pool(2, 100);
  for (int i = 0; i < 50; ++i) ASSERT_TRUE(pool.TrySubmit([&] { ran.fetch_add(1); }));
  pool.Shutdown();
  EXPECT_EQ(ran.load(), 50);
}

TEST(WorkerPoolTest, FullQueueRefusesInsteadOfGrowing) {
  std::promise<void> release;
  std::shared_future<void> gate = release.get_future().share();
  std::promise<void> started;
  WorkerPool pool(1, 2);
  ASSERT_TRUE(pool.TrySubmit([&, gate] {
    started.set_value();
    gate.wait();
  }));
  started.get_future().wait();  // the single worker is busy; the queue is empty again
  EXPECT_TRUE(pool.TrySubmit([] {}));
  EXPECT_TRUE(pool.TrySubmit([] {}));
  EXPECT_FALSE(pool.TrySubmit([] {}));
  release.set_value();
  pool.Shutdown();
  EXPECT_FALSE(pool.TrySubmit([] {}));
}

}  // namespace
}  // namespace portcullis::bus
