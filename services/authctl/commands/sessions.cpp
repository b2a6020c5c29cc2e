// authctl sessions: list and revoke a user's sessions over NATS (session-store answers), and
// re-seal every stored token under the key ring's active key (straight to PostgreSQL, online).
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "adapters/pg_session_repository.h"
#include "command.h"
#include "flags.h"
#include "key_rotation.h"
#include "portcullis/bus/client.h"
#include "portcullis/bus/connection.h"
#include "portcullis/crypto/key_ring.h"
#include "portcullis/proto/session/v1/messages.h"
#include "portcullis/proto/session/v1/subjects.h"
#include "portcullis/store/pool.h"

namespace portcullis::authctl {
namespace {

namespace sv = proto::session::v1;

constexpr const char* kSessionsUsage =
    "usage: authctl sessions list --user ID [--tenant T] [--nats URL] [--prefix P]\n"
    "       authctl sessions revoke (--user ID [--tenant T] | --session REF) [--reason R]\n"
    "                               [--nats URL] [--prefix P]\n"
    "       authctl sessions rotate-key [--database CONNINFO] [--batch N]\n"
    "\n"
    "  list        the user's live sessions (session-store over NATS)\n"
    "  revoke      end every session of a user, or one session by its ref (as `list` shows);\n"
    "              gateways are told at once (session.v1.revoked)\n"
    "  rotate-key  re-seal every stored token under the active key of the key ring in\n"
    "              $PORTCULLIS_SESSION_STORE_KEYS (or the file in ..._KEYS_FILE), in batches,\n"
    "              while the service runs. Drop the old key only after it reports 0 remaining.\n"
    "\n"
    "  --nats URL        default $PORTCULLIS_NATS_URL, else nats://127.0.0.1:4222\n"
    "  --prefix P        subject prefix, default $PORTCULLIS_PREFIX, else auth\n"
    "  --database C      default $PORTCULLIS_DATABASE_URL\n"
    "  --tenant T        only sessions in this tenant (default: every tenant)\n"
    "\n"
    "Exit status: 0 done, 1 the operation failed (unreachable, refused, not found), 2 usage.\n";

std::string Time(int64_t unix_s) {
  std::time_t t = static_cast<std::time_t>(unix_s);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

int SessionsUsageError(const Error& e) {
  std::fprintf(stderr, "authctl sessions: %s\n", e.detail.c_str());
  return kExitUsage;
}

int Fail(const std::string& what, const Error& e) {
  std::fprintf(stderr, "authctl sessions %s: %s\n", what.c_str(), e.ToString().c_str());
  return kExitFailed;
}

struct Bus {
  std::unique_ptr<bus::Connection> conn;
  std::string prefix;
};

std::optional<Bus> ConnectBus(const Flags& flags, const std::string& what) {
  spdlog::set_level(spdlog::level::off);  // failures are printed once, below
  bus::ConnectionOptions o;
  o.url = flags.GetOr("nats", EnvOr({"PORTCULLIS_NATS_URL"}, o.url));
  o.name = "authctl";
  o.connect_deadline = std::chrono::milliseconds(3000);
  auto conn = bus::Connection::Connect(o);
  if (!conn.ok()) {
    Fail(what, conn.error());
    return std::nullopt;
  }
  return Bus{std::move(*conn), flags.GetOr("prefix", EnvOr({"PORTCULLIS_PREFIX"}, "auth"))};
}

constexpr std::chrono::milliseconds kDeadline{5000};

int RunList(const std::vector<std::string>& args) {
  auto flags = Flags::Parse(args, 0, {{"user"}, {"tenant"}, {"nats"}, {"prefix"}});
  if (!flags.ok()) return SessionsUsageError(flags.error());
  if (!flags->Has("user")) {
    std::fprintf(stderr, "authctl sessions list: --user is required\n");
    return kExitUsage;
  }
  auto b = ConnectBus(*flags, "list");
  if (!b) return kExitFailed;
  bus::Client client(*b->conn);
  sv::ListUserRequest req;
  req.user_id = flags->GetOr("user", "");
  req.tenant = flags->GetOr("tenant", "");
  auto r = client.Request<sv::ListUserRequest, sv::ListUserReply>(sv::ListUserSubject(b->prefix),
                                                                  req, kDeadline);
  if (!r.ok()) return Fail("list", r.error());
  std::printf("%-20s %-20s %-20s %-20s %-20s %s\n", "SESSION", "CREATED", "LAST SEEN",
              "IDLE EXPIRES", "EXPIRES", "IP");
  for (const auto& s : r->sessions) {
    auto ip = s.metadata.find("ip");
    std::printf("%-20s %-20s %-20s %-20s %-20s %s\n", s.session_ref.c_str(),
                Time(s.created_at).c_str(), Time(s.last_seen_at).c_str(),
                Time(s.idle_expires_at).c_str(), Time(s.absolute_expires_at).c_str(),
                ip == s.metadata.end() ? "-" : ip->second.c_str());
  }
  std::printf("%zu session(s)\n", r->sessions.size());
  return kExitOk;
}

int RunRevoke(const std::vector<std::string>& args) {
  auto flags =
      Flags::Parse(args, 0, {{"user"}, {"tenant"}, {"session"}, {"reason"}, {"nats"}, {"prefix"}});
  if (!flags.ok()) return SessionsUsageError(flags.error());
  const bool by_user = flags->Has("user"), by_session = flags->Has("session");
  if (by_user == by_session) {
    std::fprintf(stderr, "authctl sessions revoke: give exactly one of --user or --session\n");
    return kExitUsage;
  }
  const std::string reason = flags->GetOr("reason", "admin");
  auto b = ConnectBus(*flags, "revoke");
  if (!b) return kExitFailed;
  bus::Client client(*b->conn);
  if (by_session) {
    sv::DestroyRequest req;
    req.session_ref = flags->GetOr("session", "");
    req.reason = reason;
    auto r = client.Request<sv::DestroyRequest, sv::DestroyReply>(sv::DestroySubject(b->prefix),
                                                                  req, kDeadline);
    if (!r.ok()) return Fail("revoke", r.error());
    if (!r->destroyed) {
      std::fprintf(stderr, "authctl sessions revoke: no session %s\n", req.session_ref.c_str());
      return kExitFailed;
    }
    std::printf("revoked session %s\n", req.session_ref.c_str());
    return kExitOk;
  }
  sv::DestroyUserRequest req;
  req.user_id = flags->GetOr("user", "");
  req.tenant = flags->GetOr("tenant", "");
  req.reason = reason;
  auto r = client.Request<sv::DestroyUserRequest, sv::DestroyUserReply>(
      sv::DestroyUserSubject(b->prefix), req, kDeadline);
  if (!r.ok()) return Fail("revoke", r.error());
  std::printf("revoked %lld session(s) of %s\n", static_cast<long long>(r->destroyed),
              req.user_id.c_str());
  return kExitOk;
}

int RunRotateKey(const std::vector<std::string>& args) {
  auto flags = Flags::Parse(args, 0, {{"database"}, {"batch"}});
  if (!flags.ok()) return SessionsUsageError(flags.error());
  const std::string database = flags->GetOr("database", EnvOr({"PORTCULLIS_DATABASE_URL"}, ""));
  if (database.empty()) {
    std::fprintf(stderr,
                 "authctl sessions rotate-key: pass --database or set PORTCULLIS_DATABASE_URL\n");
    return kExitUsage;
  }
  session_store::RotationOptions options;
  Result<int64_t> batch = flags->Int("batch", options.batch, 1, 10000);
  if (!batch.ok()) return SessionsUsageError(batch.error());
  options.batch = *batch;
  auto ring = crypto::KeyRing::FromEnvironment("PORTCULLIS_SESSION_STORE_KEYS");
  if (!ring.ok()) return Fail("rotate-key", ring.error());
  spdlog::set_level(spdlog::level::warn);
  store::ConnectionPool pool({.conninfo = database, .size = 1});
  session_store::PgSessionRepository repo(pool);
  session_store::RealSleeper sleeper;
  std::printf("re-sealing under key %s\n", ring->active_id().c_str());
  auto report = session_store::RotateKeys(
      repo, *ring, options, sleeper, [](const session_store::RotationReport& r) {
        std::printf("  %lld sessions, %lld pending logins\n", static_cast<long long>(r.sessions),
                    static_cast<long long>(r.pending_logins));
      });
  if (!report.ok()) return Fail("rotate-key", report.error());
  std::printf(
      "re-sealed %lld sessions and %lld pending logins; %lld rows remain under other keys\n",
      static_cast<long long>(report->sessions), static_cast<long long>(report->pending_logins),
      static_cast<long long>(report->remaining));
  if (report->remaining != 0) {
    std::fprintf(stderr,
                 "authctl sessions rotate-key: rows remain under old keys (an instance still "
                 "writes with the old active key?); keep the old key and run again\n");
    return kExitFailed;
  }
  return kExitOk;
}

int RunSessions(const std::vector<std::string>& args) {
  if (args.empty() || args[0] == "--help" || args[0] == "-h") {
    std::fputs(kSessionsUsage, args.empty() ? stderr : stdout);
    return args.empty() ? kExitUsage : kExitOk;
  }
  const std::vector<std::string> rest(args.begin() + 1, args.end());
  if (args[0] == "list") return RunList(rest);
  if (args[0] == "revoke") return RunRevoke(rest);
  if (args[0] == "rotate-key") return RunRotateKey(rest);
  std::fprintf(stderr, "authctl sessions: unknown subcommand '%s'\n%s", args[0].c_str(),
               kSessionsUsage);
  return kExitUsage;
}

}  // namespace

PORTCULLIS_AUTHCTL_COMMAND(sessions, "list and revoke user sessions; rotate the token key",
                           RunSessions);

}  // namespace portcullis::authctl
