#pragma once
// Sweeper: deletes expired sessions and pending logins in batches, in the background. Reads
// already refuse expired rows (session_rules.h); the sweeper only keeps the tables small.
//
//   Sweeper sweeper(clock, repo, {.interval = std::chrono::minutes(1), .batch = 500});
//   sweeper.Start();   ...   sweeper.Stop();
//   SweepReport r = SweepOnce(clock, repo, 500);   // what one pass does (tests call it directly)
//
// Several instances may sweep at once: each DELETE takes a disjoint batch or finds nothing.
// Thread-safe; Stop() is idempotent and wakes the thread at once.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>

#include "portcullis/common/clock.h"
#include "portcullis/common/result.h"
#include "session_repository.h"

namespace portcullis::session_store {

struct SweepReport {
  int64_t sessions = 0;
  int64_t pending_logins = 0;
};

// Deletes batches until a batch comes back short (or `max_batches` ran). kUnavailable and other
// storage errors are returned with what was deleted before them lost (the next pass retries).
Result<SweepReport> SweepOnce(const Clock& clock, SessionRepository& repo, int64_t batch,
                              int max_batches = 1000);

struct SweeperOptions {
  std::chrono::milliseconds interval{60000};
  int64_t batch = 500;
};

class Sweeper {
 public:
  Sweeper(const Clock& clock, SessionRepository& repo, SweeperOptions options);
  ~Sweeper();  // Stop()
  Sweeper(const Sweeper&) = delete;
  Sweeper& operator=(const Sweeper&) = delete;

  void Start();
  void Stop();

 private:
  void Run();

  const Clock& clock_;
  SessionRepository& repo_;
  const SweeperOptions options_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;  // GUARDED_BY(mu_)
  std::thread thread_;
};

}  // namespace portcullis::session_store
