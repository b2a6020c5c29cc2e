#pragma once
// The audit spool's on-disk format (pure; spool.cpp does the file I/O).
//
//   file   := "PCSPOOL1" cursor:u64le  record*     (cursor: offset of the oldest unreplayed one)
//   record := body_len:u32le  crc32(body):u32le  body
//   body   := subject_len:u16le subject  msg_id_len:u16le msg_id  payload
//
// Records are appended in publish order and replayed in the same order. A torn or corrupt tail
// (a crash during append) is detected by length and CRC and ends the readable part of the file.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace portcullis::bus {

struct SpoolRecord {
  std::string subject;
  std::string msg_id;   // Nats-Msg-Id: the event id, so replays are deduplicated by JetStream
  std::string payload;  // the msgpack event
  friend bool operator==(const SpoolRecord&, const SpoolRecord&) = default;
};

inline constexpr std::size_t kSpoolFileHeaderBytes = 16;
inline constexpr std::size_t kSpoolHeaderBytes = 8;
inline constexpr std::size_t kMaxSpoolBodyBytes = 16u << 20;

// Appends the encoded record to `out`. Precondition: subject and msg_id are under 64 KiB.
void AppendSpoolRecord(const SpoolRecord& record, std::string& out);

enum class SpoolParseStatus {
  kOk,          // one record read
  kIncomplete,  // `data` ends inside the record: torn tail, or read more
  kCorrupt,     // length out of bounds, CRC mismatch or a malformed body
};

struct SpoolParseResult {
  SpoolParseStatus status = SpoolParseStatus::kIncomplete;
  SpoolRecord record;
  std::size_t consumed = 0;  // bytes of the record when kOk
};

// Parses the record at the start of `data`.
SpoolParseResult ParseSpoolRecord(std::string_view data);

// The body length the header at the start of `header` announces (to read a record in two
// steps); 0 when fewer than kSpoolHeaderBytes are given.
uint32_t SpoolBodyLength(std::string_view header);

uint32_t Crc32(std::string_view data);

}  // namespace portcullis::bus
