#include "portcullis/store/pg_errors.h"

#include <pqxx/pqxx>
#include <string>
#include <string_view>

namespace portcullis::store {
namespace {

constexpr std::string_view kSerializationFailure = "40001";
constexpr std::string_view kDeadlockDetected = "40P01";
constexpr std::string_view kUniqueViolation = "23505";

// 57P01 admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now: the server is going
// away or not up yet; class 08: connection exceptions.
bool IsConnectionState(std::string_view sqlstate) {
  return sqlstate.substr(0, 2) == "08" || sqlstate == "57P01" || sqlstate == "57P02" ||
         sqlstate == "57P03";
}

std::string_view SqlState(const std::exception& e) {
  if (const auto* sql = dynamic_cast<const pqxx::sql_error*>(&e)) return sql->sqlstate();
  return {};
}

// libpq messages span lines ("...failed: Connection refused\n\tIs the server running...");
// logs are one line per event, so each run of line breaks and tabs becomes one space.
std::string Message(const std::exception& e) {
  std::string text;
  bool pending_space = false;
  for (const char* p = e.what(); *p != '\0'; ++p) {
    if (*p == '\n' || *p == '\r' || *p == '\t') {
      pending_space = true;
      continue;
    }
    if (pending_space && !text.empty() && text.back() != ' ') text += ' ';
    pending_space = false;
    text += *p;
  }
  return text;
}

}  // namespace

bool IsConnectionLost(const std::exception& e) {
  return dynamic_cast<const pqxx::broken_connection*>(&e) != nullptr ||
         dynamic_cast<const pqxx::in_doubt_error*>(&e) != nullptr || IsConnectionState(SqlState(e));
}

bool IsRetryable(const std::exception& e) {
  // in_doubt: the commit may have happened, running it again could apply it twice.
  if (dynamic_cast<const pqxx::in_doubt_error*>(&e) != nullptr) return false;
  if (dynamic_cast<const pqxx::serialization_failure*>(&e) != nullptr ||
      dynamic_cast<const pqxx::deadlock_detected*>(&e) != nullptr ||
      dynamic_cast<const pqxx::broken_connection*>(&e) != nullptr) {
    return true;
  }
  const std::string_view state = SqlState(e);
  return state == kSerializationFailure || state == kDeadlockDetected || IsConnectionState(state);
}

Error ErrorFromException(const std::exception& e) {
  std::string message = Message(e);
  if (dynamic_cast<const pqxx::in_doubt_error*>(&e) != nullptr) {
    return Error{ErrorCode::kUnavailable, "commit outcome unknown: " + message};
  }
  if (dynamic_cast<const pqxx::broken_connection*>(&e) != nullptr) {
    return Error{ErrorCode::kUnavailable, "database connection lost: " + message};
  }
  if (dynamic_cast<const pqxx::serialization_failure*>(&e) != nullptr ||
      dynamic_cast<const pqxx::deadlock_detected*>(&e) != nullptr) {
    return Error{ErrorCode::kConflict, std::move(message)};
  }
  const std::string_view state = SqlState(e);
  if (IsConnectionState(state)) {
    return Error{ErrorCode::kUnavailable, "database unavailable: " + message};
  }
  if (state == kSerializationFailure || state == kDeadlockDetected || state == kUniqueViolation) {
    return Error{ErrorCode::kConflict, std::move(message)};
  }
  if (!state.empty()) {
    return Error{ErrorCode::kInternal, "SQLSTATE " + std::string(state) + ": " + message};
  }
  return Error{ErrorCode::kInternal, std::move(message)};
}

}  // namespace portcullis::store
