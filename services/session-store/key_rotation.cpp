#include "key_rotation.h"

#include "token_sealing.h"

namespace portcullis::session_store {

Result<SealedRow> ResealRow(const crypto::KeyRing& ring, const std::string& table,
                            const SealedRow& row) {
  SealedRow out;
  out.row_key = row.row_key;
  out.key_id = ring.active_id();
  for (const auto& [column, envelope] : row.columns) {
    Result<std::string> plain = OpenColumn(ring, table, row.row_key, column, envelope);
    if (!plain.ok()) {
      return Error{ErrorCode::kInternal, table + " row " + row.row_key.substr(0, 12) + "… column " +
                                             column + " does not open: " + plain.error().detail};
    }
    Result<crypto::Bytes> sealed = SealColumn(ring, table, row.row_key, column, *plain);
    if (!sealed.ok()) return sealed.error();
    out.columns.emplace_back(column, std::move(*sealed));
  }
  return out;
}

Result<RotationReport> RotateKeys(SessionRepository& repo, const crypto::KeyRing& ring,
                                  const RotationOptions& options, Sleeper& sleeper,
                                  const std::function<void(const RotationReport&)>& progress) {
  RotationReport report;
  const std::string active = ring.active_id();
  for (const std::string table : {kSessionsTable, kPendingLoginsTable}) {
    int64_t& counter = table == kSessionsTable ? report.sessions : report.pending_logins;
    for (int pass = 0; pass <= options.locked_row_passes; ++pass) {
      for (;;) {
        Result<int64_t> n = repo.ResealBatch(table, active, options.batch, [&](const SealedRow& r) {
          return ResealRow(ring, table, r);
        });
        if (!n.ok()) return n.error();
        counter += *n;
        if (*n > 0 && progress) progress(report);
        if (*n < options.batch) break;
      }
      Result<int64_t> left = repo.CountNotUnderKey(table, active);
      if (!left.ok()) return left.error();
      if (*left == 0) break;
      // Rows left are locked by a refresh (or were written by an instance still running with
      // the old ring): look again shortly.
      if (pass < options.locked_row_passes) sleeper.SleepFor(options.pause);
    }
  }
  for (const std::string table : {kSessionsTable, kPendingLoginsTable}) {
    Result<int64_t> left = repo.CountNotUnderKey(table, active);
    if (!left.ok()) return left.error();
    report.remaining += *left;
  }
  return report;
}

}  // namespace portcullis::session_store
