#pragma once
// Spool: the audit publisher's local file of events NATS has not acknowledged (format in
// spool_record.h). Appends are fsync'd before they return, so an event accepted into the spool
// survives a crash. Records come out in the order they went in.
//
//   auto spool = Spool::Open("/var/lib/portcullis/audit.spool", 256 << 20);
//   (*spool)->Append(records);                 // one write + one fsync for the batch
//   while (!(*spool)->empty()) { auto r = (*spool)->Front(); publish(*r); (*spool)->PopFront(); }
//
// Not thread-safe: one owner (the publisher thread) uses it.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "portcullis/bus/spool_record.h"
#include "portcullis/common/result.h"

namespace portcullis::bus {

class Spool {
 public:
  // Opens or creates `path` (mode 0600) and scans it, resuming at the persisted replay cursor.
  // A torn or corrupt tail is cut off with a warning; the records before it are kept. kInternal
  // when the file cannot be opened or read, or is not a spool file.
  static Result<std::unique_ptr<Spool>> Open(std::string path, uint64_t max_live_bytes);
  ~Spool();
  Spool(const Spool&) = delete;
  Spool& operator=(const Spool&) = delete;

  // Appends every record with one write and one fsync. kUnavailable ("spool full") and nothing
  // written when the unconsumed bytes would exceed max_live_bytes; kInternal on an I/O error.
  Status Append(const std::vector<SpoolRecord>& records);

  // The oldest unconsumed record. Precondition: !empty(). kInternal on an I/O error or a record
  // that no longer parses.
  Result<SpoolRecord> Front();

  // Consumes the record Front() returned. When none is left the file is truncated to its header
  // and fsync'd. Precondition: Front() succeeded since the last PopFront().
  Status PopFront();

  // Persists the replay cursor (fdatasync), so a restart does not replay consumed records.
  // Between checkpoints a crash replays at most the records consumed since the last one.
  Status Checkpoint();

  bool empty() const { return records_ == 0; }
  uint64_t records() const { return records_; }
  uint64_t live_bytes() const { return end_ - read_; }
  const std::string& path() const { return path_; }

 private:
  Spool(std::string path, int fd, uint64_t max_live_bytes);
  Status Scan();

  std::string path_;
  int fd_ = -1;
  uint64_t max_live_bytes_;
  uint64_t read_ = 0;     // offset of the oldest unconsumed record (the replay cursor)
  uint64_t end_ = 0;      // end of the last complete record
  uint64_t records_ = 0;  // unconsumed records
  std::optional<uint64_t> front_size_;
};

}  // namespace portcullis::bus
