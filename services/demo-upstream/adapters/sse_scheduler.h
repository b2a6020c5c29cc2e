#pragma once
// SseScheduler: one thread that writes server-sent events for every open /api/stream, each at
// its own pace, so no Pistache reactor thread ever sleeps. Writes go through ResponseStream,
// whose flush() only queues bytes on the connection's transport (safe off the reactor).

#include <pistache/http.h>

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <queue>
#include <thread>
#include <vector>

namespace portcullis::demo_upstream {

class SseScheduler {
 public:
  SseScheduler();
  ~SseScheduler();  // stops; open streams are dropped unfinished
  SseScheduler(const SseScheduler&) = delete;
  SseScheduler& operator=(const SseScheduler&) = delete;

  // Sends SseEvent(0..events-1) on `stream`, the first at once, then one per `interval`, then
  // ends the chunked body. A stream whose client went away is dropped at its next write.
  void Add(Pistache::Http::ResponseStream stream, int events, std::chrono::milliseconds interval);

 private:
  struct Job {
    std::shared_ptr<Pistache::Http::ResponseStream> stream;
    int next = 0;
    int total = 0;
    std::chrono::milliseconds interval{0};
    std::chrono::steady_clock::time_point due;
  };
  struct Later {
    bool operator()(const Job& a, const Job& b) const { return a.due > b.due; }
  };
  void Run();
  // Writes the job's next event; false when the job is finished or its client is gone.
  static bool Step(Job& job);

  std::mutex mu_;
  std::condition_variable cv_;
  std::priority_queue<Job, std::vector<Job>, Later> jobs_;  // GUARDED_BY(mu_)
  bool stop_ = false;                                       // GUARDED_BY(mu_)
  std::thread thread_;
};

}  // namespace portcullis::demo_upstream
