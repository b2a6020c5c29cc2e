// PgSessionRepository: key rotation batches over rows not under the active key.
#include <pqxx/pqxx>

#include "adapters/pg_bytes.h"
#include "adapters/pg_session_repository.h"
#include "portcullis/store/retry.h"

namespace portcullis::session_store {
namespace {

using pg::Bin;
using pg::BytesOf;

const char* TableName(const std::string& table) {
  return table == kSessionsTable ? "session_store.sessions" : "session_store.pending_logins";
}

}  // namespace

Result<int64_t> PgSessionRepository::ResealBatch(const std::string& table,
                                                 const std::string& active_key_id, int64_t limit,
                                                 const Resealer& reseal) {
  const bool sessions = table == kSessionsTable;
  if (!sessions && table != kPendingLoginsTable) {
    return Error{ErrorCode::kBadRequest, "unknown table " + table};
  }
  const std::string key_col = sessions ? "id_hash" : "state_hash";
  const std::string cols = sessions ? "access_token, refresh_token, id_token" : "code_verifier";
  return store::WithRetry(pool_, [&](pqxx::connection_base& c) -> Result<int64_t> {
    pqxx::work tx(c);
    auto rows = tx.exec_params(std::string("SELECT ") + key_col + ", key_id, " + cols + " FROM " +
                                   TableName(table) + " WHERE key_id <> $1 ORDER BY " + key_col +
                                   " LIMIT $2 FOR UPDATE SKIP LOCKED",
                               active_key_id, limit);
    int64_t n = 0;
    for (const auto& row : rows) {
      SealedRow in;
      in.row_key = row[0].as<std::string>();
      in.key_id = row[1].as<std::string>();
      if (sessions) {
        in.columns = {{"access_token", BytesOf(row[2])},
                      {"refresh_token", BytesOf(row[3])},
                      {"id_token", BytesOf(row[4])}};
      } else {
        in.columns = {{"code_verifier", BytesOf(row[2])}};
      }
      Result<SealedRow> out = reseal(in);
      if (!out.ok()) return out.error();  // rolls the batch back
      if (sessions) {
        tx.exec_params0(
            "UPDATE session_store.sessions SET key_id = $2, access_token = $3, refresh_token = "
            "$4, id_token = $5 WHERE id_hash = $1",
            in.row_key, out->key_id, Bin(out->columns[0].second), Bin(out->columns[1].second),
            Bin(out->columns[2].second));
      } else {
        tx.exec_params0(
            "UPDATE session_store.pending_logins SET key_id = $2, code_verifier = $3 WHERE "
            "state_hash = $1",
            in.row_key, out->key_id, Bin(out->columns[0].second));
      }
      ++n;
    }
    tx.commit();
    return n;
  });
}

Result<int64_t> PgSessionRepository::CountNotUnderKey(const std::string& table,
                                                      const std::string& active_key_id) {
  if (table != kSessionsTable && table != kPendingLoginsTable) {
    return Error{ErrorCode::kBadRequest, "unknown table " + table};
  }
  return store::WithRetry(pool_, [&](pqxx::connection_base& c) -> Result<int64_t> {
    pqxx::read_transaction tx(c);
    return tx
        .exec_params1(
            std::string("SELECT count(*) FROM ") + TableName(table) + " WHERE key_id <> $1",
            active_key_id)[0]
        .as<int64_t>();
  });
}

}  // namespace portcullis::session_store
