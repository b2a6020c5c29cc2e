#include "adapters/pg_session_repository.h"

#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include "adapters/pg_bytes.h"
#include "portcullis/store/pg_errors.h"
#include "portcullis/store/retry.h"

namespace portcullis::session_store {
namespace {

using nlohmann::json;
using pg::Bin;
using pg::BytesOf;

constexpr const char* kColumns =
    "id_hash, session_ref, user_id, tenant, profile::text, created_at, last_seen_at, "
    "idle_expires_at, absolute_expires_at, access_expires_at, scope, key_id, access_token, "
    "refresh_token, id_token";

std::string Profile(const SessionRecord& r) {
  json j{{"issuer", r.user.issuer}, {"name", r.user.name}, {"email", r.user.email},
         {"groups", r.groups},      {"roles", r.roles},    {"claims", r.claims},
         {"metadata", r.metadata}};
  return j.dump();
}

SessionRecord RecordOf(const pqxx::row& row) {
  SessionRecord r;
  r.id_hash = row[0].as<std::string>();
  r.session_ref = row[1].as<std::string>();
  r.user.id = row[2].as<std::string>();
  r.user.tenant = row[3].as<std::string>();
  json p = json::parse(row[4].as<std::string>(), nullptr, /*allow_exceptions=*/false);
  if (p.is_object()) {
    r.user.issuer = p.value("issuer", "");
    r.user.name = p.value("name", "");
    r.user.email = p.value("email", "");
    r.groups = p.value("groups", std::vector<std::string>{});
    r.roles = p.value("roles", std::vector<std::string>{});
    r.claims = p.value("claims", std::map<std::string, std::string>{});
    r.metadata = p.value("metadata", std::map<std::string, std::string>{});
  }
  r.created_at = row[5].as<int64_t>();
  r.last_seen_at = row[6].as<int64_t>();
  r.idle_expires_at = row[7].as<int64_t>();
  r.absolute_expires_at = row[8].as<int64_t>();
  r.access_expires_at = row[9].as<int64_t>();
  r.scope = row[10].as<std::string>();
  r.tokens.key_id = row[11].as<std::string>();
  r.tokens.access_token = BytesOf(row[12]);
  r.tokens.refresh_token = BytesOf(row[13]);
  r.tokens.id_token = BytesOf(row[14]);
  return r;
}

std::optional<SessionRecord> FirstRecord(const pqxx::result& rows) {
  if (rows.empty()) return std::nullopt;
  return RecordOf(rows[0]);
}

bool IsLockTimeout(const std::exception& e) {
  const auto* sql = dynamic_cast<const pqxx::sql_error*>(&e);
  return sql != nullptr && sql->sqlstate() == "55P03";
}

// A transaction holding the session row; changes are queued as SQL in the same transaction.
class PgLockedSession final : public LockedSession {
 public:
  PgLockedSession(pqxx::work& tx, std::string id_hash, std::optional<SessionRecord> record)
      : tx_(tx), id_hash_(std::move(id_hash)), record_(std::move(record)) {}
  const std::optional<SessionRecord>& record() const override { return record_; }
  Status ReplaceTokens(const SealedTokens& t, const std::string& scope,
                       int64_t access_expires_at) override {
    try {
      tx_.exec_params0(
          "UPDATE session_store.sessions SET key_id = $2, access_token = $3, refresh_token = $4, "
          "id_token = $5, scope = $6, access_expires_at = $7 WHERE id_hash = $1",
          id_hash_, t.key_id, Bin(t.access_token), Bin(t.refresh_token), Bin(t.id_token), scope,
          access_expires_at);
      return OkStatus();
    } catch (const std::exception& e) {
      return store::ErrorFromException(e);
    }
  }
  Status Delete() override {
    try {
      tx_.exec_params0("DELETE FROM session_store.sessions WHERE id_hash = $1", id_hash_);
      return OkStatus();
    } catch (const std::exception& e) {
      return store::ErrorFromException(e);
    }
  }

 private:
  pqxx::work& tx_;
  std::string id_hash_;
  std::optional<SessionRecord> record_;
};

}  // namespace

Status PgSessionRepository::InsertSession(const SessionRecord& r) {
  return store::WithRetry(pool_, [&](pqxx::connection_base& c) -> Status {
    pqxx::work tx(c);
    tx.exec_params0(
        "INSERT INTO session_store.sessions (id_hash, session_ref, user_id, tenant, profile, "
        "created_at, last_seen_at, idle_expires_at, absolute_expires_at, access_expires_at, "
        "scope, key_id, access_token, refresh_token, id_token) VALUES ($1, $2, $3, $4, "
        "$5::jsonb, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)",
        r.id_hash, r.session_ref, r.user.id, r.user.tenant, Profile(r), r.created_at,
        r.last_seen_at, r.idle_expires_at, r.absolute_expires_at, r.access_expires_at, r.scope,
        r.tokens.key_id, Bin(r.tokens.access_token), Bin(r.tokens.refresh_token),
        Bin(r.tokens.id_token));
    tx.commit();
    return OkStatus();
  });
}

Result<std::optional<SessionRecord>> PgSessionRepository::FindSession(const std::string& id_hash) {
  return store::WithRetry(
      pool_, [&](pqxx::connection_base& c) -> Result<std::optional<SessionRecord>> {
        // One statement: autocommit saves the BEGIN/COMMIT round trips on the hottest path.
        pqxx::nontransaction tx(c);
        return FirstRecord(tx.exec_params(
            std::string("SELECT ") + kColumns + " FROM session_store.sessions WHERE id_hash = $1",
            id_hash));
      });
}

Status PgSessionRepository::TouchSession(const std::string& id_hash, int64_t last_seen_at,
                                         int64_t idle_expires_at) {
  return store::WithRetry(pool_, [&](pqxx::connection_base& c) -> Status {
    pqxx::nontransaction tx(c);
    // GREATEST: two instances touching at once never move the expiry backwards.
    tx.exec_params0(
        "UPDATE session_store.sessions SET last_seen_at = GREATEST(last_seen_at, $2), "
        "idle_expires_at = GREATEST(idle_expires_at, $3) WHERE id_hash = $1",
        id_hash, last_seen_at, idle_expires_at);
    return OkStatus();
  });
}

Result<std::optional<SessionRecord>> PgSessionRepository::DeleteSession(
    const std::string& id_hash) {
  return store::WithRetry(
      pool_, [&](pqxx::connection_base& c) -> Result<std::optional<SessionRecord>> {
        pqxx::work tx(c);
        auto rows = tx.exec_params(std::string("DELETE FROM session_store.sessions WHERE "
                                               "id_hash = $1 RETURNING ") +
                                       kColumns,
                                   id_hash);
        tx.commit();
        return FirstRecord(rows);
      });
}

Result<std::optional<SessionRecord>> PgSessionRepository::DeleteSessionByRef(
    const std::string& ref) {
  return store::WithRetry(
      pool_, [&](pqxx::connection_base& c) -> Result<std::optional<SessionRecord>> {
        pqxx::work tx(c);
        auto rows = tx.exec_params(std::string("DELETE FROM session_store.sessions WHERE "
                                               "session_ref = $1 RETURNING ") +
                                       kColumns,
                                   ref);
        tx.commit();
        return FirstRecord(rows);
      });
}

Result<std::vector<std::string>> PgSessionRepository::DeleteUserSessions(
    const std::string& user_id, const std::string& tenant) {
  return store::WithRetry(pool_, [&](pqxx::connection_base& c) -> Result<std::vector<std::string>> {
    pqxx::work tx(c);
    auto rows = tx.exec_params(
        "DELETE FROM session_store.sessions WHERE user_id = $1 AND ($2 = '' OR tenant = $2) "
        "RETURNING session_ref",
        user_id, tenant);
    tx.commit();
    std::vector<std::string> refs;
    for (const auto& row : rows) refs.push_back(row[0].as<std::string>());
    return refs;
  });
}

Result<std::vector<SessionRecord>> PgSessionRepository::ListUserSessions(
    const std::string& user_id, const std::string& tenant) {
  return store::WithRetry(
      pool_, [&](pqxx::connection_base& c) -> Result<std::vector<SessionRecord>> {
        pqxx::read_transaction tx(c);
        auto rows = tx.exec_params(std::string("SELECT ") + kColumns +
                                       " FROM session_store.sessions WHERE user_id = $1 AND "
                                       "($2 = '' OR tenant = $2) ORDER BY created_at, id_hash",
                                   user_id, tenant);
        std::vector<SessionRecord> out;
        for (const auto& row : rows) out.push_back(RecordOf(row));
        return out;
      });
}

Status PgSessionRepository::WithSessionLocked(const std::string& id_hash,
                                              std::chrono::milliseconds wait,
                                              const std::function<Status(LockedSession&)>& fn) {
  // Not WithRetry: the callback calls the provider, and a refresh token spent there must not be
  // presented again by a blind re-run.
  Result<store::Lease> lease = pool_.Acquire();
  if (!lease.ok()) return lease.error();
  try {
    pqxx::work tx(lease->conn());
    const int64_t ms = std::max<int64_t>(1, wait.count());
    tx.exec0("SET LOCAL lock_timeout = " + std::to_string(ms));
    std::optional<SessionRecord> current;
    try {
      current = FirstRecord(tx.exec_params(std::string("SELECT ") + kColumns +
                                               " FROM session_store.sessions WHERE id_hash = $1 "
                                               "FOR UPDATE",
                                           id_hash));
    } catch (const std::exception& e) {
      if (IsLockTimeout(e)) {
        return Error{ErrorCode::kUnavailable, "the session is being refreshed elsewhere"};
      }
      throw;
    }
    tx.exec0("SET LOCAL lock_timeout = 0");
    PgLockedSession locked(tx, id_hash, std::move(current));
    Status s = fn(locked);
    if (!s.ok()) return s;  // the transaction rolls back as it goes out of scope
    tx.commit();
    return OkStatus();
  } catch (const std::exception& e) {
    if (store::IsConnectionLost(e)) lease->MarkBroken();
    return store::ErrorFromException(e);
  }
}

Result<int64_t> PgSessionRepository::DeleteExpiredSessions(int64_t now, int64_t limit) {
  return store::WithRetry(pool_, [&](pqxx::connection_base& c) -> Result<int64_t> {
    pqxx::work tx(c);
    // SKIP LOCKED: a session being refreshed is left for the next sweep.
    auto r = tx.exec_params(
        "DELETE FROM session_store.sessions WHERE id_hash IN (SELECT id_hash FROM "
        "session_store.sessions WHERE idle_expires_at <= $1 OR absolute_expires_at <= $1 "
        "LIMIT $2 FOR UPDATE SKIP LOCKED)",
        now, limit);
    tx.commit();
    return static_cast<int64_t>(r.affected_rows());
  });
}

}  // namespace portcullis::session_store
