#include "portcullis/bus/spool.h"

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace portcullis::bus {
namespace {

Error IoError(const std::string& what, const std::string& path) {
  return Error{ErrorCode::kInternal, what + " " + path + ": " + std::strerror(errno)};
}

// pread until `n` bytes or end of file; returns the bytes read.
std::string ReadAt(int fd, uint64_t offset, std::size_t n, bool& io_error) {
  std::string out(n, '\0');
  std::size_t got = 0;
  io_error = false;
  while (got < n) {
    ssize_t r = ::pread(fd, out.data() + got, n - got, static_cast<off_t>(offset + got));
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) {
      io_error = true;
      break;
    }
    if (r == 0) break;
    got += static_cast<std::size_t>(r);
  }
  out.resize(got);
  return out;
}

// Reads and parses the record at `offset`.
SpoolParseResult ReadRecord(int fd, uint64_t offset, bool& io_error) {
  std::string header = ReadAt(fd, offset, kSpoolHeaderBytes, io_error);
  if (io_error) return {};
  uint32_t body = SpoolBodyLength(header);
  if (header.size() < kSpoolHeaderBytes || body > kMaxSpoolBodyBytes) {
    return ParseSpoolRecord(header);
  }
  std::string whole = header + ReadAt(fd, offset + kSpoolHeaderBytes, body, io_error);
  return ParseSpoolRecord(whole);
}

constexpr char kMagic[8] = {'P', 'C', 'S', 'P', 'O', 'O', 'L', '1'};

// The file header: magic and the replay cursor (offset of the oldest unconsumed record).
std::string EncodeFileHeader(uint64_t cursor) {
  std::string h(kMagic, sizeof kMagic);
  for (int i = 0; i < 8; ++i) h.push_back(static_cast<char>((cursor >> (8 * i)) & 0xFF));
  return h;
}

bool DecodeFileHeader(std::string_view h, uint64_t& cursor) {
  if (h.size() < kSpoolFileHeaderBytes || h.substr(0, 8) != std::string_view(kMagic, 8)) {
    return false;
  }
  cursor = 0;
  for (int i = 7; i >= 0; --i) cursor = (cursor << 8) | static_cast<unsigned char>(h[8 + i]);
  return true;
}

bool WriteAll(int fd, std::string_view data, uint64_t offset) {
  std::size_t written = 0;
  while (written < data.size()) {
    ssize_t w = ::pwrite(fd, data.data() + written, data.size() - written,
                         static_cast<off_t>(offset + written));
    if (w < 0 && errno == EINTR) continue;
    if (w < 0) return false;
    written += static_cast<std::size_t>(w);
  }
  return true;
}

}  // namespace

Spool::Spool(std::string path, int fd, uint64_t max_live_bytes)
    : path_(std::move(path)), fd_(fd), max_live_bytes_(max_live_bytes) {}

Spool::~Spool() {
  if (fd_ >= 0) ::close(fd_);
}

Result<std::unique_ptr<Spool>> Spool::Open(std::string path, uint64_t max_live_bytes) {
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return IoError("cannot open audit spool", path);
  std::unique_ptr<Spool> spool(new Spool(std::move(path), fd, max_live_bytes));
  if (Status s = spool->Scan(); !s.ok()) return s.error();
  return spool;
}

Status Spool::Scan() {
  struct stat st {};
  if (::fstat(fd_, &st) != 0) return IoError("cannot stat audit spool", path_);
  const auto size = static_cast<uint64_t>(st.st_size);
  if (size < kSpoolFileHeaderBytes) {
    if (size > 0) spdlog::warn("audit spool {}: {}-byte stub without a header, reset", path_, size);
    if (::ftruncate(fd_, 0) != 0 || !WriteAll(fd_, EncodeFileHeader(kSpoolFileHeaderBytes), 0) ||
        ::fsync(fd_) != 0) {
      return IoError("cannot initialise audit spool", path_);
    }
    read_ = end_ = kSpoolFileHeaderBytes;
    return OkStatus();
  }
  bool io_error = false;
  uint64_t cursor = 0;
  if (!DecodeFileHeader(ReadAt(fd_, 0, kSpoolFileHeaderBytes, io_error), cursor)) {
    return Error{ErrorCode::kInternal, "audit spool " + path_ + " is not a spool file"};
  }
  uint64_t offset = kSpoolFileHeaderBytes;
  bool cursor_on_boundary = cursor == offset;
  uint64_t before_cursor = 0;
  while (offset < size) {
    SpoolParseResult r = ReadRecord(fd_, offset, io_error);
    if (io_error) return IoError("cannot read audit spool", path_);
    if (r.status != SpoolParseStatus::kOk) {
      spdlog::warn("audit spool {}: cutting a {} tail of {} bytes at offset {}", path_,
                   r.status == SpoolParseStatus::kCorrupt ? "corrupt" : "torn", size - offset,
                   offset);
      if (::ftruncate(fd_, static_cast<off_t>(offset)) != 0 || ::fsync(fd_) != 0) {
        return IoError("cannot truncate audit spool", path_);
      }
      break;
    }
    if (offset < cursor) ++before_cursor;
    offset += r.consumed;
    ++records_;
    if (offset == cursor) cursor_on_boundary = true;
  }
  end_ = offset;
  read_ = kSpoolFileHeaderBytes;
  if (cursor_on_boundary && cursor <= end_) {
    read_ = cursor;
    records_ -= before_cursor;
  } else {
    spdlog::warn("audit spool {}: replay cursor {} is not a record boundary, replaying all", path_,
                 cursor);
  }
  if (records_ == 0 && end_ > kSpoolFileHeaderBytes) {
    read_ = end_ = kSpoolFileHeaderBytes;
    if (::ftruncate(fd_, static_cast<off_t>(end_)) != 0 || !Checkpoint().ok()) {
      return IoError("cannot reset audit spool", path_);
    }
  }
  if (records_ > 0) {
    spdlog::warn("audit spool {}: {} events ({} bytes) waiting to be replayed", path_, records_,
                 end_ - read_);
  }
  return OkStatus();
}

Status Spool::Checkpoint() {
  if (!WriteAll(fd_, EncodeFileHeader(read_), 0) || ::fdatasync(fd_) != 0) {
    return IoError("cannot record the audit spool cursor", path_);
  }
  return OkStatus();
}

Status Spool::Append(const std::vector<SpoolRecord>& records) {
  if (records.empty()) return OkStatus();
  std::string buffer;
  for (const SpoolRecord& r : records) AppendSpoolRecord(r, buffer);
  if (live_bytes() + buffer.size() > max_live_bytes_) {
    return Error{ErrorCode::kUnavailable, "audit spool full: " + std::to_string(live_bytes()) +
                                              " of " + std::to_string(max_live_bytes_) +
                                              " bytes used, " + std::to_string(records.size()) +
                                              " events not spooled"};
  }
  if (!WriteAll(fd_, buffer, end_)) {
    // Cut whatever part did get written so the file ends on a record boundary.
    Error error = IoError("cannot write audit spool", path_);
    (void)::ftruncate(fd_, static_cast<off_t>(end_));
    return error;
  }
  if (::fdatasync(fd_) != 0) return IoError("cannot fsync audit spool", path_);
  end_ += buffer.size();
  records_ += records.size();
  return OkStatus();
}

Result<SpoolRecord> Spool::Front() {
  bool io_error = false;
  SpoolParseResult r = ReadRecord(fd_, read_, io_error);
  if (io_error) return IoError("cannot read audit spool", path_);
  if (r.status != SpoolParseStatus::kOk) {
    return Error{ErrorCode::kInternal,
                 "audit spool " + path_ + ": unreadable record at offset " + std::to_string(read_)};
  }
  front_size_ = r.consumed;
  return std::move(r.record);
}

Status Spool::PopFront() {
  if (!front_size_) return Error{ErrorCode::kInternal, "PopFront without Front"};
  read_ += *front_size_;
  front_size_.reset();
  --records_;
  if (records_ == 0) {
    read_ = end_ = kSpoolFileHeaderBytes;
    if (::ftruncate(fd_, static_cast<off_t>(kSpoolFileHeaderBytes)) != 0 || !Checkpoint().ok()) {
      return IoError("cannot truncate audit spool", path_);
    }
  }
  return OkStatus();
}

}  // namespace portcullis::bus
