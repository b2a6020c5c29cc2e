#pragma once
// SseScheduler: one thread that writes server-sent events for every open /api/stream, each at
// its own pace, so no Pistache reactor thread ever sleeps. Each event is one chunk queued with
// Peer::send, which only pushes onto the transport's lock-free write queue. Not
// ResponseStream::flush(): off the reactor thread it races the reactor over the connection's
// write state, and Pistache 0.0.5 then throws "could not find write data" on the reactor and
// the process terminates (seen with 100 events 10 ms apart).

#include <pistache/peer.h>

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

  // Sends SseEvent(0..events-1) as chunks on `peer` (whose chunked head is already queued), the
  // first at once, then one per `interval`, then the last chunk. A stream whose client went away
  // is dropped at its next write.
  void Add(std::weak_ptr<Pistache::Tcp::Peer> peer, int events, std::chrono::milliseconds interval);

 private:
  struct Job {
    std::weak_ptr<Pistache::Tcp::Peer> peer;
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
