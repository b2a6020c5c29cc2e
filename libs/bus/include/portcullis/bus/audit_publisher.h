#pragma once
// AuditPublisher: publishes audit events to JetStream (stream AUTH_AUDIT) without losing,
// duplicating or reordering them across NATS outages.
//
//   AuditPublisherOptions o;  o.prefix = "auth";  o.spool_path = "/var/lib/x/audit.spool";
//   auto pub = AuditPublisher::Start(conn, o);                 // replays an old spool first
//   Status s = (*pub)->Publish(event);   // kBadRequest: invalid event; kUnavailable: queue full
//   (*pub)->Close(std::chrono::seconds(5));                     // at shutdown
//
// Guarantees: events reach the stream in the order Publish accepted them, each once (Nats-Msg-Id
// = event id; a retry inside JetStream's duplicate window is dropped by the server). One
// publisher thread owns the order: memory queue -> held batch -> JetStream, and when NATS is
// unreachable held events go to the fsync'd spool file, which is replayed before anything newer.
// Publish never drops silently: when the queue is full (NATS down and the spool full) it returns
// kUnavailable, logs an error and counts it. Thread-safe.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "portcullis/bus/backoff.h"
#include "portcullis/bus/connection.h"
#include "portcullis/bus/nats_handles.h"
#include "portcullis/bus/spool.h"
#include "portcullis/common/result.h"
#include "portcullis/proto/audit/v1/event.h"

namespace portcullis::bus {

struct AuditPublisherOptions {
  std::string prefix = "auth";
  std::string spool_path;                        // required; created if missing
  uint64_t spool_max_bytes = 256ull << 20;       // unreplayed bytes the spool may hold
  std::size_t queue_capacity = 16384;            // events accepted but not yet handled
  std::chrono::milliseconds ack_timeout{2000};   // one publish attempt
  int attempts = 3;                              // per event while connected, before spooling
  std::chrono::milliseconds enqueue_wait{1000};  // Publish waits this long for queue room
  BackoffPolicy retry_backoff{std::chrono::milliseconds(50), std::chrono::milliseconds(1000)};
};

struct AuditPublisherStats {
  uint64_t accepted = 0;          // Publish calls that returned OK
  uint64_t acknowledged = 0;      // stored by JetStream (new), live or replayed
  uint64_t duplicates = 0;        // acknowledged as duplicates (a retry of a stored event)
  uint64_t spooled = 0;           // written to the spool file
  uint64_t replayed = 0;          // acknowledged from the spool
  uint64_t rejected = 0;          // Publish calls refused with kUnavailable (queue full)
  uint64_t spool_full = 0;        // times the spool refused a batch
  uint64_t publish_failures = 0;  // failed publish attempts
  uint64_t spool_records = 0;     // waiting in the spool now
};

class AuditPublisher {
 public:
  // Opens the spool, creates the JetStream context and starts the publisher thread.
  // kBadRequest without spool_path; kInternal when the spool cannot be opened.
  static Result<std::unique_ptr<AuditPublisher>> Start(Connection& connection,
                                                       AuditPublisherOptions options);
  ~AuditPublisher();  // Close(5 s)
  AuditPublisher(const AuditPublisher&) = delete;
  AuditPublisher& operator=(const AuditPublisher&) = delete;

  // Validates (ValidateEvent), encodes and queues `event`. kBadRequest for an invalid event;
  // kUnavailable when the queue stayed full for enqueue_wait or the publisher is closed.
  Status Publish(const proto::audit::v1::Event& event);

  // Waits until every accepted event is acknowledged (queue and spool empty). kUnavailable when
  // that did not happen within `timeout`.
  Status Flush(std::chrono::milliseconds timeout);

  // Publishes what it can within `timeout`, spools the rest, stops the thread. Idempotent.
  void Close(std::chrono::milliseconds timeout);

  AuditPublisherStats stats() const;

 private:
  AuditPublisher(Connection& connection, AuditPublisherOptions options);
  void Run();
  bool TakeQueued(bool& closing, std::chrono::steady_clock::time_point& close_deadline);
  bool PublishOne(const SpoolRecord& record);
  bool ReplaySome(std::size_t max_records);  // ReplayBatch + Checkpoint
  bool ReplayBatch(std::size_t max_records);
  bool PublishHeld();
  void SpoolHeld(bool final_attempt);
  void WaitBeforeRetry(int failures);

  Connection& connection_;
  const AuditPublisherOptions options_;
  JsCtxPtr js_;
  std::unique_ptr<Spool> spool_;  // publisher thread only (after Start)
  std::deque<SpoolRecord> held_;  // publisher thread only: taken from queue_, not yet acked

  mutable std::mutex mu_;
  std::condition_variable work_cv_;  // queue_ gained an event, or closing
  std::condition_variable room_cv_;  // queue_ lost events
  std::condition_variable idle_cv_;  // the publisher became idle
  std::deque<SpoolRecord> queue_;    // GUARDED_BY(mu_)
  bool idle_ = false;                // GUARDED_BY(mu_): queue_, held_ and spool empty
  bool closing_ = false;             // GUARDED_BY(mu_)
  std::chrono::steady_clock::time_point close_deadline_;  // GUARDED_BY(mu_)

  std::atomic<uint64_t> accepted_{0}, acknowledged_{0}, duplicates_{0}, spooled_{0}, replayed_{0},
      rejected_{0}, spool_full_{0}, publish_failures_{0}, spool_records_{0};
  std::chrono::steady_clock::time_point last_loud_log_{};  // publisher thread only
  std::thread thread_;
};

}  // namespace portcullis::bus
