#pragma once
// Key rotation: re-seals every stored envelope under the key ring's active key, online, in
// batches, while the service keeps serving. Each batch is one transaction over rows not under the
// active key that nobody holds locked (a session mid-refresh is skipped and picked up by a later
// pass; its refresh writes under the active key anyway). Old keys must stay in the ring until
// this reports nothing remaining.
//
//   Result<RotationReport> r = RotateKeys(repo, ring, {.batch = 200});
//   if (r.ok() && r->remaining == 0) ... the old key can be dropped from the ring
//
// Errors: the repository's, or kInternal naming the row (by table and key prefix) whose
// envelope does not open with any key of the ring.

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

#include "portcullis/common/result.h"
#include "portcullis/crypto/key_ring.h"
#include "session_repository.h"
#include "sleeper.h"

namespace portcullis::session_store {

struct RotationOptions {
  int64_t batch = 200;
  // Passes over rows that were locked (mid-refresh) when first seen, with this pause between.
  int locked_row_passes = 20;
  std::chrono::milliseconds pause{250};
};

struct RotationReport {
  int64_t sessions = 0;        // rows re-sealed
  int64_t pending_logins = 0;  // rows re-sealed
  int64_t remaining = 0;       // rows still under another key at the end (should be 0)
};

// Re-seals the envelopes of `row` (of `table`) under the ring's active key. Pure.
Result<SealedRow> ResealRow(const crypto::KeyRing& ring, const std::string& table,
                            const SealedRow& row);

Result<RotationReport> RotateKeys(SessionRepository& repo, const crypto::KeyRing& ring,
                                  const RotationOptions& options, Sleeper& sleeper,
                                  const std::function<void(const RotationReport&)>& progress = {});

}  // namespace portcullis::session_store
