#include "sweeper.h"

#include <spdlog/spdlog.h>

namespace portcullis::session_store {

Result<SweepReport> SweepOnce(const Clock& clock, SessionRepository& repo, int64_t batch,
                              int max_batches) {
  SweepReport report;
  const int64_t now = ToUnixSeconds(clock.Now());
  for (int i = 0; i < max_batches; ++i) {
    Result<int64_t> n = repo.DeleteExpiredSessions(now, batch);
    if (!n.ok()) return n.error();
    report.sessions += *n;
    if (*n < batch) break;
  }
  for (int i = 0; i < max_batches; ++i) {
    Result<int64_t> n = repo.DeleteExpiredPendingLogins(now, batch);
    if (!n.ok()) return n.error();
    report.pending_logins += *n;
    if (*n < batch) break;
  }
  return report;
}

Sweeper::Sweeper(const Clock& clock, SessionRepository& repo, SweeperOptions options)
    : clock_(clock), repo_(repo), options_(options) {}

Sweeper::~Sweeper() { Stop(); }

void Sweeper::Start() {
  thread_ = std::thread([this] { Run(); });
}

void Sweeper::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void Sweeper::Run() {
  std::unique_lock<std::mutex> lock(mu_);
  while (!stopping_) {
    lock.unlock();
    Result<SweepReport> r = SweepOnce(clock_, repo_, options_.batch);
    if (!r.ok()) {
      spdlog::warn("sweep failed: {}", r.error().ToString());
    } else if (r->sessions + r->pending_logins > 0) {
      spdlog::info("swept {} expired sessions, {} expired pending logins", r->sessions,
                   r->pending_logins);
    }
    lock.lock();
    cv_.wait_for(lock, options_.interval, [&] { return stopping_; });
  }
}

}  // namespace portcullis::session_store
