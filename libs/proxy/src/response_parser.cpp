#include "response_parser.h"

#include <algorithm>
#include <utility>

#include "http_tokens.h"
#include "portcullis/proxy/hop_by_hop.h"

namespace portcullis::proxy {
namespace {

constexpr size_t kMaxChunkSizeLine = 1024;
constexpr std::string_view kCrlf = "\r\n";

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Content-Length digits (RFC 9110 §8.6); a list of identical values counts as one.
bool ParseContentLength(std::string_view value, uint64_t& out, bool& seen) {
  bool ok = true;
  ForEachToken(value, [&](std::string_view token) {
    if (token.size() > 18 || !std::all_of(token.begin(), token.end(), IsDigit)) {
      ok = false;
      return;
    }
    uint64_t n = 0;
    for (char c : token) n = n * 10 + static_cast<uint64_t>(c - '0');
    if (seen && n != out) ok = false;
    out = n;
    seen = true;
  });
  return ok && seen;
}

}  // namespace

void ResponseParser::Start(bool head_request) {
  state_ = State::kHead;
  head_request_ = head_request;
  keep_alive_ = false;
  received_anything_ = false;
  status_ = 0;
  remaining_ = 0;
  trailer_bytes_ = 0;
  head_.clear();
  line_.clear();
  error_.clear();
}

FeedResult ResponseParser::Fail(std::string detail, size_t consumed) {
  state_ = State::kError;
  keep_alive_ = false;
  error_ = std::move(detail);
  return {ParseStatus::kError, consumed};
}

bool ResponseParser::TakeLine(std::string_view data, size_t& pos, size_t max_line) {
  // A CR may end one read and its LF start the next, so look for the LF and check the CR.
  const size_t lf = data.find('\n', pos);
  const size_t end = lf == std::string_view::npos ? data.size() : lf + 1;
  line_.append(data.substr(pos, end - pos));
  pos = end;
  if (line_.size() > max_line + 2) {
    line_.resize(max_line + 3);  // keeps the error path cheap; the caller fails on size
    return false;
  }
  return lf != std::string_view::npos;
}

FeedResult ResponseParser::Feed(std::string_view data, ResponseEvents& events) {
  if (!data.empty()) received_anything_ = true;
  size_t pos = 0;
  while (true) {
    switch (state_) {
      case State::kHead: {
        // The terminator may straddle reads: search from 3 bytes before the old end.
        const size_t old = head_.size();
        const size_t take = std::min(data.size() - pos, limits_.max_head_bytes + 4 - old);
        head_.append(data.substr(pos, take));
        const size_t from = old >= 3 ? old - 3 : 0;
        const size_t end = head_.find("\r\n\r\n", from);
        if (end == std::string::npos) {
          pos += take;
          if (head_.size() >= limits_.max_head_bytes + 4) {
            return Fail("response head exceeds the limit", pos);
          }
          return {ParseStatus::kNeedMore, pos};
        }
        const size_t head_len = end + 4;
        pos += head_len - old;
        head_.resize(head_len);
        if (head_len > limits_.max_head_bytes) return Fail("response head exceeds the limit", pos);
        if (!ParseHead(events)) return {ParseStatus::kError, pos};
        break;  // state_ moved on (or back to kHead after a 1xx)
      }
      case State::kBodyLength: {
        if (remaining_ == 0) {
          state_ = State::kDone;
          break;
        }
        if (pos == data.size()) return {ParseStatus::kNeedMore, pos};
        const size_t n = static_cast<size_t>(std::min<uint64_t>(remaining_, data.size() - pos));
        const std::string_view slice = data.substr(pos, n);
        pos += n;
        remaining_ -= n;
        const bool more = events.OnResponseBody(slice);
        if (remaining_ == 0) {
          state_ = State::kDone;
          break;
        }
        if (!more) return {ParseStatus::kPaused, pos};
        break;
      }
      case State::kBodyUntilClose: {
        if (pos == data.size()) return {ParseStatus::kNeedMore, pos};
        const std::string_view slice = data.substr(pos);
        pos = data.size();
        if (!events.OnResponseBody(slice)) return {ParseStatus::kPaused, pos};
        return {ParseStatus::kNeedMore, pos};
      }
      case State::kChunkSize: {
        if (pos == data.size()) return {ParseStatus::kNeedMore, pos};
        if (!TakeLine(data, pos, kMaxChunkSizeLine)) {
          if (line_.size() > kMaxChunkSizeLine + 2) return Fail("chunk size line too long", pos);
          return {ParseStatus::kNeedMore, pos};
        }
        if (line_.size() < 2 || line_[line_.size() - 2] != '\r') {
          return Fail("chunk size line not ended by CRLF", pos);
        }
        std::string_view line(line_.data(), line_.size() - 2);
        uint64_t size = 0;
        size_t digits = 0;
        while (digits < line.size() && HexValue(line[digits]) >= 0) {
          if (digits == 15) return Fail("chunk size too large", pos);
          size = size * 16 + static_cast<uint64_t>(HexValue(line[digits]));
          ++digits;
        }
        if (digits == 0) return Fail("chunk size is not hexadecimal", pos);
        std::string_view ext = line.substr(digits);
        while (!ext.empty() && (ext.front() == ' ' || ext.front() == '\t')) ext.remove_prefix(1);
        if (!ext.empty() && ext.front() != ';') return Fail("junk after the chunk size", pos);
        if (std::any_of(ext.begin(), ext.end(), [](char c) {
              return (static_cast<unsigned char>(c) < 0x20 && c != '\t') || c == 0x7f;
            })) {
          return Fail("control byte in a chunk extension", pos);
        }
        line_.clear();
        if (size == 0) {
          state_ = State::kTrailers;
          trailer_bytes_ = 0;
        } else {
          remaining_ = size;
          state_ = State::kChunkData;
        }
        break;
      }
      case State::kChunkData: {
        if (pos == data.size()) return {ParseStatus::kNeedMore, pos};
        const size_t n = static_cast<size_t>(std::min<uint64_t>(remaining_, data.size() - pos));
        const std::string_view slice = data.substr(pos, n);
        pos += n;
        remaining_ -= n;
        if (remaining_ == 0) {
          state_ = State::kChunkDataEnd;
          line_.clear();
        }
        if (!events.OnResponseBody(slice)) return {ParseStatus::kPaused, pos};
        break;
      }
      case State::kChunkDataEnd: {
        while (line_.size() < 2 && pos < data.size()) line_.push_back(data[pos++]);
        if (line_.size() < 2) return {ParseStatus::kNeedMore, pos};
        if (line_ != kCrlf) return Fail("chunk data not followed by CRLF", pos);
        line_.clear();
        state_ = State::kChunkSize;
        break;
      }
      case State::kTrailers: {
        // Trailers are dropped: nothing downstream consumes them, and forwarding them would need
        // the client to have asked for them (TE: trailers).
        if (pos == data.size()) return {ParseStatus::kNeedMore, pos};
        const size_t before = pos;
        const bool complete = TakeLine(data, pos, limits_.max_head_bytes);
        trailer_bytes_ += pos - before;
        if (trailer_bytes_ > limits_.max_head_bytes) return Fail("trailers exceed the limit", pos);
        if (!complete) return {ParseStatus::kNeedMore, pos};
        if (line_.size() < 2 || line_[line_.size() - 2] != '\r') {
          return Fail("trailer line not ended by CRLF", pos);
        }
        const bool last = line_.size() == 2;
        line_.clear();
        if (last) state_ = State::kDone;
        break;
      }
      case State::kDone:
        return {ParseStatus::kDone, pos};
      case State::kError:
        return {ParseStatus::kError, pos};
    }
  }
}

ParseStatus ResponseParser::FinishAtEof(ResponseEvents& events) {
  (void)events;
  if (state_ == State::kBodyUntilClose) {
    state_ = State::kDone;
    keep_alive_ = false;
    return ParseStatus::kDone;
  }
  if (state_ == State::kDone) return ParseStatus::kDone;
  if (state_ != State::kError) {
    Fail(
        head_complete() ? "connection closed inside the body" : "connection closed before the head",
        0);
  }
  return ParseStatus::kError;
}

bool ResponseParser::ParseHead(ResponseEvents& events) {
  std::string_view head(head_);
  head.remove_suffix(2);  // the blank line's CRLF; every line below ends in CRLF
  const size_t first_end = head.find(kCrlf);
  const std::string_view status_line = head.substr(0, first_end);
  // HTTP-version SP 3DIGIT SP [reason]; some servers omit the space after the code.
  if (status_line.size() < 12 || status_line.substr(0, 7) != "HTTP/1." ||
      !IsDigit(status_line[7]) || status_line[8] != ' ' || !IsDigit(status_line[9]) ||
      !IsDigit(status_line[10]) || !IsDigit(status_line[11]) ||
      (status_line.size() > 12 && status_line[12] != ' ')) {
    Fail("malformed status line", 0);
    return false;
  }
  for (char c : status_line) {
    if ((static_cast<unsigned char>(c) < 0x20 && c != '\t') || c == 0x7f) {
      Fail("control byte in the status line", 0);
      return false;
    }
  }
  const int minor = status_line[7] - '0';
  const int status =
      (status_line[9] - '0') * 100 + (status_line[10] - '0') * 10 + (status_line[11] - '0');
  if (status < 100) {
    Fail("status code out of range", 0);
    return false;
  }

  HeaderList headers;
  std::string_view rest = head.substr(first_end + 2);
  while (!rest.empty()) {
    const size_t end = rest.find(kCrlf);
    const std::string_view line = rest.substr(0, end);
    rest.remove_prefix(end + 2);
    if (line.empty() || line.front() == ' ' || line.front() == '\t') {
      Fail("obsolete line folding or empty header line", 0);
      return false;
    }
    const size_t colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) {
      Fail("header line without a name", 0);
      return false;
    }
    const std::string_view name = line.substr(0, colon);
    if (!std::all_of(name.begin(), name.end(), IsTokenChar)) {
      Fail("invalid header name", 0);
      return false;
    }
    const std::string_view value = TrimOws(line.substr(colon + 1));
    for (char c : value) {
      if ((static_cast<unsigned char>(c) < 0x20 && c != '\t') || c == 0x7f) {
        Fail("control byte in a header value", 0);
        return false;
      }
    }
    if (headers.size() == limits_.max_headers) {
      Fail("too many response headers", 0);
      return false;
    }
    headers.emplace_back(std::string(name), std::string(value));
  }

  if (status >= 100 && status < 200) {
    if (status == 101) {
      Fail("unexpected 101 Switching Protocols", 0);
      return false;
    }
    head_.clear();  // an interim answer: the real one follows
    return true;
  }
  status_ = status;
  if (!DecideFraming(headers, minor)) return false;
  head_.clear();
  head_.shrink_to_fit();
  events.OnResponseHead(status, std::move(headers));
  return true;
}

bool ResponseParser::DecideFraming(const HeaderList& headers, int minor_version) {
  bool close = false;
  bool keep_alive_token = false;
  bool chunked = false;
  bool has_te = false;
  int te_codings = 0;
  bool has_length = false;
  uint64_t length = 0;
  for (const auto& [name, value] : headers) {
    if (HeaderNameEquals(name, "connection")) {
      ForEachToken(value, [&](std::string_view token) {
        if (HeaderNameEquals(token, "close")) close = true;
        if (HeaderNameEquals(token, "keep-alive")) keep_alive_token = true;
      });
    } else if (HeaderNameEquals(name, "transfer-encoding")) {
      has_te = true;
      ForEachToken(value, [&](std::string_view token) {
        ++te_codings;
        chunked = HeaderNameEquals(token, "chunked");
      });
    } else if (HeaderNameEquals(name, "content-length")) {
      if (!ParseContentLength(value, length, has_length)) {
        Fail("invalid Content-Length", 0);
        return false;
      }
    }
  }
  // Only a lone "chunked" is understood; another coding would reach the client still coded
  // with nothing saying so.
  if (has_te && (te_codings != 1 || !chunked)) {
    Fail("unsupported Transfer-Encoding", 0);
    return false;
  }
  if (has_te && has_length) {
    Fail("both Transfer-Encoding and Content-Length", 0);
    return false;
  }
  keep_alive_ = minor_version >= 1 ? !close : (keep_alive_token && !close);
  if (head_request_ || status_ == 204 || status_ == 304) {
    remaining_ = 0;
    state_ = State::kBodyLength;
  } else if (chunked) {
    state_ = State::kChunkSize;
  } else if (has_length) {
    remaining_ = length;
    state_ = State::kBodyLength;
  } else {
    keep_alive_ = false;  // the end of the body is the end of the connection
    state_ = State::kBodyUntilClose;
  }
  return true;
}

}  // namespace portcullis::proxy
