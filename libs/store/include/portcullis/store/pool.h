#pragma once
// ConnectionPool: a bounded set of libpq connections shared by a service's threads.
//
//   ConnectionPool pool(PoolOptions{.conninfo = cfg.database_url, .size = 8});
//   Result<Lease> lease = pool.Acquire();              // waits up to acquire_timeout
//   if (!lease.ok()) return lease.error();             // kUnavailable
//   pqxx::work tx(lease->conn());                      // the adapter uses libpqxx directly
//
// Most callers go through WithRetry (retry.h), which also survives a server restart.
//
// Connections are opened lazily, up to `size`. A connection that broke (the lease was marked
// broken, or libpq reports it closed) is discarded when its lease ends and a new one is opened on
// a later Acquire. Because one broken connection usually means the server restarted, every idle
// connection is then health-checked (`SELECT 1`) before it is handed out again; so is any
// connection idle for longer than `health_check_after_idle`.
//
// libpqxx leaks through this interface on purpose: store is the adapter layer, and the lease
// hands out a `pqxx::connection_base&` (forward-declared here; include <pqxx/pqxx> to use it).
// No pqxx exception escapes the pool itself.
//
// Thread-safety: Acquire and stats may be called from any thread. A Lease belongs to one thread
// at a time. The pool must outlive its leases.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "portcullis/common/clock.h"
#include "portcullis/common/result.h"

namespace pqxx {
class connection_base;
}  // namespace pqxx

namespace portcullis::store {

struct PoolOptions {
  // libpq conninfo ("host=... port=... dbname=... user=..." or a postgresql:// URL). A service
  // selects its schema here: "... options=-csearch_path=session_store".
  std::string conninfo;
  // Most connections open at once (>= 1).
  size_t size = 4;
  // How long Acquire waits for a free connection before kUnavailable.
  std::chrono::milliseconds acquire_timeout{5000};
  // An idle connection older than this is checked with `SELECT 1` before reuse; 0 checks on
  // every Acquire.
  std::chrono::milliseconds health_check_after_idle{10000};
};

class ConnectionPool;

// A connection on loan from the pool; gives it back when destroyed. Move-only.
class Lease {
 public:
  Lease(Lease&& other) noexcept;
  Lease& operator=(Lease&& other) noexcept;
  Lease(const Lease&) = delete;
  Lease& operator=(const Lease&) = delete;
  ~Lease();

  // The connection; valid until the lease ends. Do not keep a transaction open past the lease.
  pqxx::connection_base& conn() const;

  // Tells the pool this connection is unusable (e.g. after pqxx::broken_connection): it is
  // closed instead of returned, and the other idle connections are checked before reuse.
  void MarkBroken() { broken_ = true; }

 private:
  friend class ConnectionPool;
  struct Slot;
  Lease(ConnectionPool* pool, std::unique_ptr<Slot> slot);

  ConnectionPool* pool_ = nullptr;
  std::unique_ptr<Slot> slot_;
  bool broken_ = false;
};

class ConnectionPool {
 public:
  // Opens nothing yet. `clock` measures idle time; it must outlive the pool.
  ConnectionPool(PoolOptions options, const Clock& clock);
  explicit ConnectionPool(PoolOptions options);  // with a SystemClock
  // Precondition: every lease has ended.
  ~ConnectionPool();
  ConnectionPool(const ConnectionPool&) = delete;
  ConnectionPool& operator=(const ConnectionPool&) = delete;

  // A healthy connection: an idle one, or a new one while fewer than `size` are open.
  // kUnavailable when none frees up within acquire_timeout, or when the server cannot be
  // reached (the detail says which).
  Result<Lease> Acquire();

  struct Stats {
    size_t open = 0;         // connections that exist, leased or idle
    size_t idle = 0;         // of which waiting in the pool
    uint64_t discarded = 0;  // connections closed because they broke or failed a health check
  };
  Stats stats() const;

  const PoolOptions& options() const;

 private:
  friend class Lease;
  struct State;
  void Release(std::unique_ptr<Lease::Slot> slot, bool broken);

  std::unique_ptr<State> state_;
};

}  // namespace portcullis::store
