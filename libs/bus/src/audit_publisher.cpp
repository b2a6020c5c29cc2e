#include "portcullis/bus/audit_publisher.h"

#include <nats/nats.h>
#include <spdlog/spdlog.h>

#include <vector>

#include "nats_status.h"
#include "portcullis/bus/audit_event.h"
#include "portcullis/bus/codec.h"
#include "portcullis/proto/audit/v1/subjects.h"

namespace portcullis::bus {
namespace {

constexpr std::size_t kReplayBatch = 256;
constexpr auto kIdlePoll = std::chrono::milliseconds(100);
constexpr auto kLoudLogEvery = std::chrono::seconds(5);

}  // namespace

AuditPublisher::AuditPublisher(Connection& connection, AuditPublisherOptions options)
    : connection_(connection), options_(std::move(options)) {}

Result<std::unique_ptr<AuditPublisher>> AuditPublisher::Start(Connection& connection,
                                                              AuditPublisherOptions options) {
  if (options.spool_path.empty()) {
    return Error{ErrorCode::kBadRequest, "audit publisher needs a spool_path"};
  }
  std::unique_ptr<AuditPublisher> pub(new AuditPublisher(connection, std::move(options)));
  Result<std::unique_ptr<Spool>> spool =
      Spool::Open(pub->options_.spool_path, pub->options_.spool_max_bytes);
  if (!spool.ok()) return spool.error();
  pub->spool_ = std::move(*spool);
  pub->spool_records_.store(pub->spool_->records());
  jsOptions js_opts;
  jsOptions_Init(&js_opts);
  js_opts.Wait = pub->options_.ack_timeout.count();
  jsCtx* js = nullptr;
  if (natsStatus s = natsConnection_JetStream(&js, connection.raw(), &js_opts); s != NATS_OK) {
    return NatsError(s, "JetStream context");
  }
  pub->js_.reset(js);
  pub->thread_ = std::thread([p = pub.get()] { p->Run(); });
  return pub;
}

AuditPublisher::~AuditPublisher() { Close(std::chrono::seconds(5)); }

Status AuditPublisher::Publish(const proto::audit::v1::Event& event) {
  if (Status s = ValidateEvent(event); !s.ok()) return s;
  SpoolRecord record{proto::audit::v1::EventSubject(options_.prefix, event.action), event.id,
                     Encode(event)};
  std::unique_lock<std::mutex> lock(mu_);
  bool room = room_cv_.wait_for(lock, options_.enqueue_wait, [this] {
    return closing_ || queue_.size() < options_.queue_capacity;
  });
  if (closing_) return Error{ErrorCode::kUnavailable, "audit publisher is closed"};
  if (!room) {
    uint64_t n = rejected_.fetch_add(1) + 1;
    spdlog::error(
        "AUDIT EVENT REJECTED ({} so far): queue of {} full, NATS unreachable and spool "
        "{} not taking more; event {} {} not recorded",
        n, options_.queue_capacity, options_.spool_path, event.id, event.action);
    return Error{ErrorCode::kUnavailable, "audit queue full"};
  }
  queue_.push_back(std::move(record));
  idle_ = false;
  accepted_.fetch_add(1);
  lock.unlock();
  work_cv_.notify_one();
  return OkStatus();
}

Status AuditPublisher::Flush(std::chrono::milliseconds timeout) {
  std::unique_lock<std::mutex> lock(mu_);
  if (idle_cv_.wait_for(lock, timeout, [this] { return idle_ && queue_.empty(); })) {
    return OkStatus();
  }
  return Error{ErrorCode::kUnavailable, "audit events still pending after " +
                                            std::to_string(timeout.count()) + " ms (" +
                                            std::to_string(queue_.size()) + " queued, " +
                                            std::to_string(spool_records_.load()) + " spooled)"};
}

void AuditPublisher::Close(std::chrono::milliseconds timeout) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!closing_) {
      closing_ = true;
      close_deadline_ = std::chrono::steady_clock::now() + timeout;
    }
  }
  work_cv_.notify_all();
  room_cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

AuditPublisherStats AuditPublisher::stats() const {
  AuditPublisherStats s;
  s.accepted = accepted_.load();
  s.acknowledged = acknowledged_.load();
  s.duplicates = duplicates_.load();
  s.spooled = spooled_.load();
  s.replayed = replayed_.load();
  s.rejected = rejected_.load();
  s.spool_full = spool_full_.load();
  s.publish_failures = publish_failures_.load();
  s.spool_records = spool_records_.load();
  return s;
}

// Moves queued events behind held_ (bounded by queue_capacity). Returns false when there is
// nothing at all to do and the publisher may stop (closing and idle).
bool AuditPublisher::TakeQueued(bool& closing,
                                std::chrono::steady_clock::time_point& close_deadline) {
  std::unique_lock<std::mutex> lock(mu_);
  if (held_.empty() && spool_->empty() && queue_.empty()) {
    idle_ = true;
    idle_cv_.notify_all();
    if (closing_) return false;
    work_cv_.wait_for(lock, kIdlePoll, [this] { return closing_ || !queue_.empty(); });
  }
  bool took = false;
  while (!queue_.empty() && held_.size() < options_.queue_capacity) {
    held_.push_back(std::move(queue_.front()));
    queue_.pop_front();
    took = true;
  }
  if (!held_.empty() || !spool_->empty()) idle_ = false;
  closing = closing_;
  close_deadline = close_deadline_;
  lock.unlock();
  if (took) room_cv_.notify_all();
  return true;
}

void AuditPublisher::Run() {
  int failures = 0;
  for (;;) {
    bool closing = false;
    std::chrono::steady_clock::time_point close_deadline;
    if (!TakeQueued(closing, close_deadline)) break;
    if (closing &&
        (!connection_.IsConnected() || std::chrono::steady_clock::now() >= close_deadline)) {
      // Out of time: everything not acknowledged goes to the spool for the next start.
      {
        std::lock_guard<std::mutex> lock(mu_);
        while (!queue_.empty()) {
          held_.push_back(std::move(queue_.front()));
          queue_.pop_front();
        }
      }
      SpoolHeld(/*final_attempt=*/true);
      break;
    }
    bool ok = true;
    if (!spool_->empty()) {
      // The spool holds older events than held_: keep held_ behind them, then replay.
      SpoolHeld(false);
      ok = ReplaySome(kReplayBatch);
    } else if (!held_.empty()) {
      ok = PublishHeld();
    }
    failures = ok ? 0 : failures + 1;
    if (!ok) WaitBeforeRetry(failures);
  }
  std::lock_guard<std::mutex> lock(mu_);
  idle_ = held_.empty() && spool_->empty() && queue_.empty();
  idle_cv_.notify_all();
}

bool AuditPublisher::PublishOne(const SpoolRecord& record) {
  jsPubOptions opts;
  jsPubOptions_Init(&opts);
  opts.MsgId = record.msg_id.c_str();
  opts.MaxWait = options_.ack_timeout.count();
  for (int attempt = 1; attempt <= options_.attempts; ++attempt) {
    if (!connection_.IsConnected()) return false;
    jsPubAck* ack = nullptr;
    auto jerr = static_cast<jsErrCode>(0);
    natsStatus s = js_Publish(&ack, js_.get(), record.subject.c_str(), record.payload.data(),
                              static_cast<int>(record.payload.size()), &opts, &jerr);
    if (s == NATS_OK) {
      if (ack->Duplicate) {
        duplicates_.fetch_add(1);
      } else {
        acknowledged_.fetch_add(1);
      }
      jsPubAck_Destroy(ack);
      return true;
    }
    publish_failures_.fetch_add(1);
    // A timeout may hide a stored event; retrying with the same Nats-Msg-Id is safe.
    if (s != NATS_TIMEOUT && s != NATS_NO_RESPONDERS) return false;
    std::this_thread::sleep_for(JitteredBackoffDelay(options_.retry_backoff, attempt));
  }
  return false;
}

bool AuditPublisher::PublishHeld() {
  while (!held_.empty()) {
    if (!PublishOne(held_.front())) {
      SpoolHeld(false);
      return false;
    }
    held_.pop_front();
  }
  return true;
}

bool AuditPublisher::ReplaySome(std::size_t max_records) {
  bool ok = ReplayBatch(max_records);
  if (!spool_->empty()) {
    if (Status s = spool_->Checkpoint(); !s.ok()) spdlog::error("{}", s.error().ToString());
  }
  return ok;
}

bool AuditPublisher::ReplayBatch(std::size_t max_records) {
  for (std::size_t i = 0; i < max_records && !spool_->empty(); ++i) {
    if (!connection_.IsConnected()) return false;
    Result<SpoolRecord> record = spool_->Front();
    if (!record.ok()) {
      spdlog::error("AUDIT SPOOL UNREADABLE: {}", record.error().ToString());
      return false;
    }
    if (!PublishOne(*record)) return false;
    if (Status s = spool_->PopFront(); !s.ok()) {
      spdlog::error("audit spool: {}", s.error().ToString());
      return false;
    }
    replayed_.fetch_add(1);
    spool_records_.store(spool_->records());
  }
  if (spool_->empty()) spdlog::info("audit spool {} replayed completely", options_.spool_path);
  return true;
}

void AuditPublisher::SpoolHeld(bool final_attempt) {
  if (held_.empty()) return;
  std::vector<SpoolRecord> batch(std::make_move_iterator(held_.begin()),
                                 std::make_move_iterator(held_.end()));
  bool was_empty = spool_->empty();
  Status s = spool_->Append(batch);
  if (s.ok()) {
    held_.clear();
    spooled_.fetch_add(batch.size());
    spool_records_.store(spool_->records());
    if (was_empty) {
      spdlog::warn("audit: NATS unreachable, spooling events to {}", options_.spool_path);
    }
    return;
  }
  // Append failed: nothing was written, so put the events back in order and keep them held.
  held_.assign(std::make_move_iterator(batch.begin()), std::make_move_iterator(batch.end()));
  spool_full_.fetch_add(1);
  auto now = std::chrono::steady_clock::now();
  if (final_attempt || now - last_loud_log_ >= kLoudLogEvery) {
    last_loud_log_ = now;
    spdlog::error("AUDIT SPOOL FULL OR FAILING: {}; {} events held in memory{}",
                  s.error().ToString(), held_.size(),
                  final_attempt ? " ARE LOST at shutdown" : ", new events will be refused");
  }
}

void AuditPublisher::WaitBeforeRetry(int failures) {
  std::unique_lock<std::mutex> lock(mu_);
  // Wake early when the queue is half full, so those events move to the spool in time.
  work_cv_.wait_for(lock, JitteredBackoffDelay(options_.retry_backoff, failures),
                    [this] { return closing_ || queue_.size() >= options_.queue_capacity / 2; });
}

}  // namespace portcullis::bus
