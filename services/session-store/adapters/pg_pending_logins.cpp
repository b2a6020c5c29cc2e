// PgSessionRepository: pending logins (begin, exactly-once take, sweep).
#include <pqxx/pqxx>

#include "adapters/pg_bytes.h"
#include "adapters/pg_session_repository.h"
#include "portcullis/store/retry.h"

namespace portcullis::session_store {
namespace {

using pg::Bin;
using pg::BytesOf;

PendingLoginRecord LoginOf(const pqxx::row& row) {
  PendingLoginRecord r;
  r.state_hash = row[0].as<std::string>();
  r.key_id = row[1].as<std::string>();
  r.code_verifier = BytesOf(row[2]);
  r.nonce = row[3].as<std::string>();
  r.return_to = row[4].as<std::string>();
  r.provider = row[5].as<std::string>();
  r.created_at = row[6].as<int64_t>();
  r.expires_at = row[7].as<int64_t>();
  return r;
}

}  // namespace

Status PgSessionRepository::InsertPendingLogin(const PendingLoginRecord& r) {
  return store::WithRetry(pool_, [&](pqxx::connection_base& c) -> Status {
    pqxx::work tx(c);
    // An expired row for the same state does not block a new begin.
    tx.exec_params0(
        "DELETE FROM session_store.pending_logins WHERE state_hash = $1 AND expires_at <= $2",
        r.state_hash, r.created_at);
    tx.exec_params0(
        "INSERT INTO session_store.pending_logins (state_hash, key_id, code_verifier, nonce, "
        "return_to, provider, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        r.state_hash, r.key_id, Bin(r.code_verifier), r.nonce, r.return_to, r.provider,
        r.created_at, r.expires_at);
    tx.commit();
    return OkStatus();
  });
}

Result<std::optional<PendingLoginRecord>> PgSessionRepository::TakePendingLogin(
    const std::string& state_hash) {
  return store::WithRetry(
      pool_, [&](pqxx::connection_base& c) -> Result<std::optional<PendingLoginRecord>> {
        pqxx::work tx(c);
        auto rows = tx.exec_params(
            "DELETE FROM session_store.pending_logins WHERE state_hash = $1 RETURNING "
            "state_hash, key_id, code_verifier, nonce, return_to, provider, created_at, "
            "expires_at",
            state_hash);
        tx.commit();
        if (rows.empty()) return std::optional<PendingLoginRecord>();
        return std::optional<PendingLoginRecord>(LoginOf(rows[0]));
      });
}

Result<int64_t> PgSessionRepository::DeleteExpiredPendingLogins(int64_t now, int64_t limit) {
  return store::WithRetry(pool_, [&](pqxx::connection_base& c) -> Result<int64_t> {
    pqxx::work tx(c);
    auto r = tx.exec_params(
        "DELETE FROM session_store.pending_logins WHERE state_hash IN (SELECT state_hash FROM "
        "session_store.pending_logins WHERE expires_at <= $1 LIMIT $2 FOR UPDATE SKIP LOCKED)",
        now, limit);
    tx.commit();
    return static_cast<int64_t>(r.affected_rows());
  });
}

}  // namespace portcullis::session_store
