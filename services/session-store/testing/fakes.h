#pragma once
// Test doubles for the session logic's ports: a scripted Refresher, SessionEvents that record,
// and a Sleeper that advances a FakeClock. Thread-safe.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <vector>

#include "portcullis/common/testing/fake_clock.h"
#include "refresher.h"
#include "session_events.h"
#include "sleeper.h"

namespace portcullis::session_store::testing {

// Answers Refresh with queued results (then `fallback`), counting calls and recording the
// refresh tokens presented. An optional gate holds every call until Release().
class FakeRefresher final : public Refresher {
 public:
  RefreshResult Refresh(const std::string& refresh_token,
                        std::chrono::milliseconds /*timeout*/) override {
    std::unique_lock<std::mutex> lock(mu_);
    ++calls_;
    presented_.push_back(refresh_token);
    gate_cv_.wait(lock, [&] { return !gated_; });
    if (!queue_.empty()) {
      RefreshResult r = queue_.front();
      queue_.pop_front();
      return r;
    }
    return fallback_;
  }
  void Push(RefreshResult r) {
    std::lock_guard<std::mutex> lock(mu_);
    queue_.push_back(std::move(r));
  }
  void SetFallback(RefreshResult r) {
    std::lock_guard<std::mutex> lock(mu_);
    fallback_ = std::move(r);
  }
  void Gate() {
    std::lock_guard<std::mutex> lock(mu_);
    gated_ = true;
  }
  void Release() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      gated_ = false;
    }
    gate_cv_.notify_all();
  }
  int calls() {
    std::lock_guard<std::mutex> lock(mu_);
    return calls_;
  }
  std::vector<std::string> presented() {
    std::lock_guard<std::mutex> lock(mu_);
    return presented_;
  }

 private:
  std::mutex mu_;
  std::condition_variable gate_cv_;
  bool gated_ = false;
  int calls_ = 0;
  std::vector<std::string> presented_;
  std::deque<RefreshResult> queue_;
  RefreshResult fallback_{RefreshError{RefreshErrorKind::kFatal, std::nullopt, "not scripted"}};
};

class RecordingSessionEvents final : public SessionEvents {
 public:
  void Revoked(const proto::session::v1::Revoked& r) override {
    std::lock_guard<std::mutex> lock(mu_);
    revoked_.push_back(r);
  }
  void Audit(const AuditRecord& r) override {
    std::lock_guard<std::mutex> lock(mu_);
    audits_.push_back(r);
  }
  std::vector<proto::session::v1::Revoked> revoked() {
    std::lock_guard<std::mutex> lock(mu_);
    return revoked_;
  }
  std::vector<AuditRecord> audits() {
    std::lock_guard<std::mutex> lock(mu_);
    return audits_;
  }
  std::vector<std::string> actions() {
    std::lock_guard<std::mutex> lock(mu_);
    std::vector<std::string> out;
    for (const auto& a : audits_) out.push_back(a.action);
    return out;
  }

 private:
  std::mutex mu_;
  std::vector<proto::session::v1::Revoked> revoked_;
  std::vector<AuditRecord> audits_;
};

class FakeSleeper final : public Sleeper {
 public:
  explicit FakeSleeper(portcullis::testing::FakeClock& clock) : clock_(clock) {}
  void SleepFor(std::chrono::milliseconds d) override {
    clock_.Advance(d);
    std::lock_guard<std::mutex> lock(mu_);
    slept_.push_back(d);
  }
  std::vector<std::chrono::milliseconds> slept() {
    std::lock_guard<std::mutex> lock(mu_);
    return slept_;
  }

 private:
  portcullis::testing::FakeClock& clock_;
  std::mutex mu_;
  std::vector<std::chrono::milliseconds> slept_;
};

}  // namespace portcullis::session_store::testing
