#pragma once
// WorkerPool: a fixed set of threads for the calls that block (session-store over NATS, the
// identity provider over HTTP), so Pistache's reactor threads never wait on them. The queue is
// bounded: Submit returns false when it is full, and the caller answers 503 at once.

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace portcullis::gateway {

class WorkerPool {
 public:
  WorkerPool(int threads, size_t max_queued);
  ~WorkerPool();  // Shutdown()
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // False (and `task` dropped) when max_queued tasks are waiting or the pool is stopping.
  bool Submit(std::function<void()> task);
  // Refuses new tasks, runs what is queued, joins the threads. Idempotent; not from a worker.
  void Shutdown();

 private:
  void Run();
  const size_t max_queued_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> queue_;  // GUARDED_BY(mu_)
  bool stopping_ = false;                    // GUARDED_BY(mu_)
  std::vector<std::thread> threads_;
};

}  // namespace portcullis::gateway
