#include "portcullis/store/pool.h"

#include <cassert>
#include <condition_variable>
#include <mutex>
#include <pqxx/pqxx>
#include <vector>

#include "portcullis/store/pg_errors.h"

namespace portcullis::store {

// A connection and what the pool knows about it.
struct Lease::Slot {
  std::unique_ptr<pqxx::connection> conn;
  TimePoint idle_since;
  uint64_t epoch = 0;  // the pool's break epoch when it was last known healthy
};

struct ConnectionPool::State {
  State(PoolOptions o, const Clock& c) : options(std::move(o)), clock(c) {}

  const PoolOptions options;
  const Clock& clock;

  mutable std::mutex mu;
  std::condition_variable freed;                   // signalled when `idle` grows or `open` shrinks
  std::vector<std::unique_ptr<Lease::Slot>> idle;  // GUARDED_BY(mu); back = most recently used
  size_t open = 0;                                 // GUARDED_BY(mu); leased + idle + being opened
  uint64_t epoch = 0;      // GUARDED_BY(mu); bumped whenever a connection is found broken
  uint64_t discarded = 0;  // GUARDED_BY(mu)
};

namespace {

const SystemClock& DefaultClock() {
  static const SystemClock clock;
  return clock;
}

bool Healthy(pqxx::connection& conn) {
  try {
    pqxx::nontransaction probe(conn);
    probe.exec("SELECT 1");
    return true;
  } catch (const std::exception&) {
    return false;
  }
}

}  // namespace

Lease::Lease(ConnectionPool* pool, std::unique_ptr<Slot> slot)
    : pool_(pool), slot_(std::move(slot)) {}

Lease::Lease(Lease&& other) noexcept
    : pool_(std::exchange(other.pool_, nullptr)),
      slot_(std::move(other.slot_)),
      broken_(other.broken_) {}

Lease& Lease::operator=(Lease&& other) noexcept {
  if (this != &other) {
    if (pool_ != nullptr && slot_) pool_->Release(std::move(slot_), broken_);
    pool_ = std::exchange(other.pool_, nullptr);
    slot_ = std::move(other.slot_);
    broken_ = other.broken_;
  }
  return *this;
}

Lease::~Lease() {
  if (pool_ != nullptr && slot_) pool_->Release(std::move(slot_), broken_);
}

pqxx::connection_base& Lease::conn() const {
  assert(slot_ && slot_->conn);
  return *slot_->conn;
}

ConnectionPool::ConnectionPool(PoolOptions options, const Clock& clock)
    : state_(std::make_unique<State>(std::move(options), clock)) {
  assert(state_->options.size >= 1);
}

ConnectionPool::ConnectionPool(PoolOptions options)
    : ConnectionPool(std::move(options), DefaultClock()) {}

ConnectionPool::~ConnectionPool() {
  std::lock_guard lock(state_->mu);
  assert(state_->open == state_->idle.size() && "a Lease outlived its ConnectionPool");
}

const PoolOptions& ConnectionPool::options() const { return state_->options; }

ConnectionPool::Stats ConnectionPool::stats() const {
  std::lock_guard lock(state_->mu);
  return Stats{state_->open, state_->idle.size(), state_->discarded};
}

Result<Lease> ConnectionPool::Acquire() {
  State& s = *state_;
  const auto deadline = std::chrono::steady_clock::now() + s.options.acquire_timeout;
  std::unique_lock lock(s.mu);
  while (true) {
    if (!s.freed.wait_until(lock, deadline,
                            [&] { return !s.idle.empty() || s.open < s.options.size; })) {
      return Error{ErrorCode::kUnavailable, "no database connection free within " +
                                                std::to_string(s.options.acquire_timeout.count()) +
                                                " ms (pool size " + std::to_string(s.options.size) +
                                                ")"};
    }
    if (s.idle.empty()) break;  // room to open a new connection

    std::unique_ptr<Lease::Slot> slot = std::move(s.idle.back());
    s.idle.pop_back();
    const bool suspect = slot->epoch != s.epoch ||
                         s.clock.Now() - slot->idle_since >= s.options.health_check_after_idle;
    if (!suspect) return Lease(this, std::move(slot));

    const uint64_t epoch = s.epoch;
    lock.unlock();  // the check is a round trip; never hold the lock across the network
    const bool healthy = Healthy(*slot->conn);
    lock.lock();
    if (healthy) {
      slot->epoch = epoch;
      return Lease(this, std::move(slot));
    }
    // Dead: most likely the server restarted, so the others are suspect too.
    --s.open;
    ++s.discarded;
    ++s.epoch;
    lock.unlock();
    slot.reset();  // closing may touch the socket; outside the lock
    lock.lock();
    // The slot it held is free now: loop and take another idle one or open a new one.
  }

  ++s.open;  // reserve the slot before connecting, so concurrent callers respect `size`
  const uint64_t epoch = s.epoch;
  lock.unlock();
  try {
    auto slot = std::make_unique<Lease::Slot>();
    slot->conn = std::make_unique<pqxx::connection>(s.options.conninfo);
    slot->epoch = epoch;
    return Lease(this, std::move(slot));
  } catch (const std::exception& e) {
    lock.lock();
    --s.open;
    lock.unlock();
    s.freed.notify_one();
    Error error = ErrorFromException(e);
    // libpq cannot connect: the server is down or unreachable, whatever pqxx called it.
    return Error{ErrorCode::kUnavailable, "cannot connect to the database: " + error.detail};
  }
}

void ConnectionPool::Release(std::unique_ptr<Lease::Slot> slot, bool broken) {
  State& s = *state_;
  // is_open() turns false once libpq has seen the socket fail.
  const bool usable = !broken && slot->conn && slot->conn->is_open();
  if (usable) {
    slot->idle_since = s.clock.Now();
    std::lock_guard lock(s.mu);
    s.idle.push_back(std::move(slot));
  } else {
    slot.reset();  // closes the connection outside the lock
    std::lock_guard lock(s.mu);
    --s.open;
    ++s.discarded;
    ++s.epoch;
  }
  s.freed.notify_one();
}

}  // namespace portcullis::store
