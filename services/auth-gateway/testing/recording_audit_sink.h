#pragma once
// RecordingAuditSink: keeps every AuditRecord for assertions.

#include <mutex>
#include <vector>

#include "audit_sink.h"

namespace portcullis::gateway::testing {

class RecordingAuditSink final : public AuditSink {
 public:
  void Emit(const AuditRecord& r) override {
    std::lock_guard lock(mu_);
    records_.push_back(r);
  }
  std::vector<AuditRecord> records() {
    std::lock_guard lock(mu_);
    return records_;
  }
  size_t Count(const std::string& action) {
    std::lock_guard lock(mu_);
    size_t n = 0;
    for (const auto& r : records_) n += r.action == action;
    return n;
  }

 private:
  std::mutex mu_;
  std::vector<AuditRecord> records_;
};

}  // namespace portcullis::gateway::testing
