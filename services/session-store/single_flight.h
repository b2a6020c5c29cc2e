#pragma once
// SingleFlight: at most one call per key runs at a time in this process; callers that arrive
// while it runs wait for it and receive a copy of its result (Go's singleflight). The session
// store runs each session's refresh through one, so concurrent access_token calls in one
// instance share one provider call and one database lock.
//
//   SingleFlight<Reply> flights;
//   Result<Reply> r = flights.Do(id_hash, std::chrono::seconds(5), [&] { return Refresh(); });
//
// A waiter that is not answered within `max_wait` gets kUnavailable (the call goes on for the
// others). Thread-safe.

#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "portcullis/common/result.h"

namespace portcullis::session_store {

template <typename T>
class SingleFlight {
 public:
  Result<T> Do(const std::string& key, std::chrono::milliseconds max_wait,
               const std::function<Result<T>()>& fn) {
    std::shared_ptr<Call> call;
    bool leader = false;
    {
      std::lock_guard<std::mutex> lock(mu_);
      auto it = calls_.find(key);
      if (it == calls_.end()) {
        call = std::make_shared<Call>();
        calls_.emplace(key, call);
        leader = true;
      } else {
        call = it->second;
        ++call->waiters;
        ++joined_total_;
      }
    }
    if (leader) {
      Result<T> result = Run(fn);
      std::lock_guard<std::mutex> lock(mu_);
      call->result.emplace(result);
      calls_.erase(key);
      call->cv.notify_all();
      return result;
    }
    std::unique_lock<std::mutex> lock(mu_);
    if (!call->cv.wait_for(lock, max_wait, [&] { return call->result.has_value(); })) {
      return Error{ErrorCode::kUnavailable, "timed out waiting for the refresh in progress"};
    }
    return *call->result;
  }

  // Callers that joined a running call instead of starting one (for tests and metrics).
  int64_t joined() const {
    std::lock_guard<std::mutex> lock(mu_);
    return joined_total_;
  }

 private:
  struct Call {
    std::condition_variable cv;
    std::optional<Result<T>> result;  // GUARDED_BY(mu_)
    int waiters = 0;                  // GUARDED_BY(mu_)
  };

  Result<T> Run(const std::function<Result<T>()>& fn) {
    try {
      return fn();
    } catch (const std::exception& e) {
      // A throwing leader must still release its waiters.
      return Error{ErrorCode::kInternal, std::string("refresh failed: ") + e.what()};
    }
  }

  mutable std::mutex mu_;
  std::map<std::string, std::shared_ptr<Call>> calls_;  // GUARDED_BY(mu_)
  int64_t joined_total_ = 0;                            // GUARDED_BY(mu_)
};

}  // namespace portcullis::session_store
