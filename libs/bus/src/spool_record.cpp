#include "portcullis/bus/spool_record.h"

#include <array>
#include <cassert>

namespace portcullis::bus {
namespace {

constexpr std::array<uint32_t, 256> MakeCrcTable() {
  std::array<uint32_t, 256> table{};
  for (uint32_t i = 0; i < 256; ++i) {
    uint32_t c = i;
    for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
    table[i] = c;
  }
  return table;
}
constexpr std::array<uint32_t, 256> kCrcTable = MakeCrcTable();

void PutU32(uint32_t v, std::string& out) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}
void PutU16(uint16_t v, std::string& out) {
  out.push_back(static_cast<char>(v & 0xFF));
  out.push_back(static_cast<char>(v >> 8));
}
uint32_t GetU32(std::string_view d) {
  uint32_t v = 0;
  for (int i = 3; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(d[i]);
  return v;
}
uint16_t GetU16(std::string_view d) {
  return static_cast<uint16_t>(static_cast<unsigned char>(d[0]) |
                               (static_cast<unsigned char>(d[1]) << 8));
}

// Reads "len:u16 bytes" from the front of `body`; false when it does not fit.
bool TakeShortString(std::string_view& body, std::string& out) {
  if (body.size() < 2) return false;
  uint16_t len = GetU16(body);
  if (body.size() < 2u + len) return false;
  out.assign(body.substr(2, len));
  body.remove_prefix(2u + len);
  return true;
}

}  // namespace

uint32_t Crc32(std::string_view data) {
  uint32_t c = 0xFFFFFFFFu;
  for (char ch : data) c = kCrcTable[(c ^ static_cast<unsigned char>(ch)) & 0xFF] ^ (c >> 8);
  return c ^ 0xFFFFFFFFu;
}

void AppendSpoolRecord(const SpoolRecord& record, std::string& out) {
  assert(record.subject.size() < 65536 && record.msg_id.size() < 65536);
  std::string body;
  body.reserve(4 + record.subject.size() + record.msg_id.size() + record.payload.size());
  PutU16(static_cast<uint16_t>(record.subject.size()), body);
  body.append(record.subject);
  PutU16(static_cast<uint16_t>(record.msg_id.size()), body);
  body.append(record.msg_id);
  body.append(record.payload);
  PutU32(static_cast<uint32_t>(body.size()), out);
  PutU32(Crc32(body), out);
  out.append(body);
}

uint32_t SpoolBodyLength(std::string_view header) {
  return header.size() < kSpoolHeaderBytes ? 0 : GetU32(header);
}

SpoolParseResult ParseSpoolRecord(std::string_view data) {
  SpoolParseResult result;
  if (data.size() < kSpoolHeaderBytes) return result;
  uint32_t len = GetU32(data);
  if (len < 4 || len > kMaxSpoolBodyBytes) {
    result.status = SpoolParseStatus::kCorrupt;
    return result;
  }
  if (data.size() < kSpoolHeaderBytes + len) return result;
  std::string_view body = data.substr(kSpoolHeaderBytes, len);
  if (Crc32(body) != GetU32(data.substr(4))) {
    result.status = SpoolParseStatus::kCorrupt;
    return result;
  }
  if (!TakeShortString(body, result.record.subject) ||
      !TakeShortString(body, result.record.msg_id)) {
    result.status = SpoolParseStatus::kCorrupt;
    return result;
  }
  result.record.payload.assign(body);
  result.consumed = kSpoolHeaderBytes + len;
  result.status = SpoolParseStatus::kOk;
  return result;
}

}  // namespace portcullis::bus
