#pragma once
// A fixed set of threads draining a bounded FIFO of tasks. Submitting to a full queue fails at
// once, so a flood of requests turns into fast `unavailable` replies instead of unbounded memory.

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace portcullis::bus {

class WorkerPool {
 public:
  WorkerPool(std::size_t threads, std::size_t capacity);
  ~WorkerPool();  // Shutdown()
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // Queues `task`; false when the queue holds `capacity` tasks or the pool is shut down.
  // Thread-safe.
  bool TrySubmit(std::function<void()> task);

  // Runs every queued task, then joins the threads. Idempotent.
  void Shutdown();

 private:
  void Run();

  const std::size_t capacity_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> tasks_;  // GUARDED_BY(mu_)
  bool stopping_ = false;                    // GUARDED_BY(mu_)
  std::vector<std::thread> threads_;
};

}  // namespace portcullis::bus
