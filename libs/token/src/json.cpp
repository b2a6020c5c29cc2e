#include "portcullis/token/json.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdlib>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "utf8.h"

namespace portcullis::token {

// The parser builds the document's nodes in pre-order with an explicit stack of open containers,
// so depth costs heap, not call stack (JWT-RULES.md §16).
class JsonParser {
 public:
  explicit JsonParser(JsonDocument& doc) : doc_(doc), s_(doc.text_) {}

  TokenResult<bool> Run();

 private:
  using Node = JsonDocument::Node;
  struct Frame {
    uint32_t node;
    bool object;
  };

  TokenError Fail(std::string_view why) const {
    return TokenError{TokenErrorCode::kMalformed,
                      "JSON: " + std::string(why) + " at offset " + std::to_string(pos_)};
  }
  void SkipSpace() {
    while (pos_ < s_.size() &&
           (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\n' || s_[pos_] == '\r')) {
      ++pos_;
    }
  }
  uint32_t Push(JsonType type) {
    doc_.nodes_.push_back(Node{type, false, 0, 0, 0, 0, 0.0});
    return static_cast<uint32_t>(doc_.nodes_.size() - 1);
  }
  void Close(uint32_t node) { doc_.nodes_[node].end = static_cast<uint32_t>(doc_.nodes_.size()); }

  bool ParseString(std::string* why);
  bool ParseNumber(std::string* why);
  bool ParseLiteral(std::string* why);
  bool ParseKey(std::string* why);
  bool HasDuplicateNames(uint32_t object) const;

  JsonDocument& doc_;
  std::string_view s_;
  size_t pos_ = 0;
  std::vector<Frame> stack_;
};

// Bytes that end the fast scan inside a string: quote, backslash, control characters and
// everything non-ASCII (validated as UTF-8 on the slow path).
constexpr std::array<bool, 256> MakeSpecialTable() {
  std::array<bool, 256> t{};
  for (int c = 0; c < 256; ++c) t[c] = c < 0x20 || c == '"' || c == '\\' || c >= 0x80;
  return t;
}
constexpr std::array<bool, 256> kSpecial = MakeSpecialTable();

bool JsonParser::ParseString(std::string* why) {
  const uint32_t node = Push(JsonType::kString);
  ++pos_;  // opening quote
  const size_t start = pos_;
  bool escaped = false;
  size_t arena_start = 0;
  const auto* bytes = reinterpret_cast<const uint8_t*>(s_.data());
  const size_t size = s_.size();
  while (true) {
    // Plain ASCII runs are the common case in tokens: skip them 16 bytes per step (SSE2 is part
    // of x86-64), then one table lookup per byte for the tail.
    const size_t run_start = pos_;
#ifdef __SSE2__
    const __m128i quote = _mm_set1_epi8('"');
    const __m128i backslash = _mm_set1_epi8('\\');
    const __m128i space = _mm_set1_epi8(0x20);
    while (pos_ + 16 <= size) {
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(bytes + pos_));
      // Signed compare: bytes >= 0x80 are negative, so "< 0x20" also catches non-ASCII.
      const __m128i special =
          _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash)),
                       _mm_cmplt_epi8(v, space));
      const int mask = _mm_movemask_epi8(special);
      if (mask != 0) {
        pos_ += static_cast<size_t>(__builtin_ctz(static_cast<unsigned>(mask)));
        break;
      }
      pos_ += 16;
    }
#endif
    while (pos_ < size && !kSpecial[bytes[pos_]]) ++pos_;
    if (escaped && pos_ > run_start) doc_.arena_.append(s_.substr(run_start, pos_ - run_start));
    if (pos_ >= size) return *why = "unterminated string", false;
    const uint8_t c = bytes[pos_];
    if (c == '"') break;
    if (c < 0x20) return *why = "control character in string", false;
    if (c >= 0x80) {
      const size_t len = Utf8SequenceLength(s_, pos_);
      if (len == 0) return *why = "invalid UTF-8", false;
      if (escaped) doc_.arena_.append(s_.substr(pos_, len));
      pos_ += len;
      continue;
    }
    // A backslash: from here on the decoded text differs from the source, so it goes to arena_.
    if (!escaped) {
      escaped = true;
      arena_start = doc_.arena_.size();
      doc_.arena_.append(s_.substr(start, pos_ - start));
    }
    if (pos_ + 1 >= s_.size()) return *why = "unterminated escape", false;
    const char e = s_[pos_ + 1];
    pos_ += 2;
    switch (e) {
      case '"':
      case '\\':
      case '/':
        doc_.arena_.push_back(e);
        break;
      case 'b':
        doc_.arena_.push_back('\b');
        break;
      case 'f':
        doc_.arena_.push_back('\f');
        break;
      case 'n':
        doc_.arena_.push_back('\n');
        break;
      case 'r':
        doc_.arena_.push_back('\r');
        break;
      case 't':
        doc_.arena_.push_back('\t');
        break;
      case 'u': {
        uint32_t cp = 0;
        if (!ReadHex4(s_, pos_, cp)) return *why = "bad \\u escape", false;
        pos_ += 4;
        if (cp >= 0xDC00 && cp <= 0xDFFF) return *why = "lone low surrogate", false;
        if (cp >= 0xD800 && cp <= 0xDBFF) {
          uint32_t lo = 0;
          if (pos_ + 6 > s_.size() || s_[pos_] != '\\' || s_[pos_ + 1] != 'u' ||
              !ReadHex4(s_, pos_ + 2, lo) || lo < 0xDC00 || lo > 0xDFFF) {
            return *why = "lone high surrogate", false;
          }
          pos_ += 6;
          cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
        }
        AppendUtf8(cp, doc_.arena_);
        break;
      }
      default:
        return *why = "bad escape", false;
    }
  }
  Node& n = doc_.nodes_[node];
  if (escaped) {
    n.flag = true;
    n.offset = static_cast<uint32_t>(arena_start);
    n.length = static_cast<uint32_t>(doc_.arena_.size() - arena_start);
  } else {
    n.offset = static_cast<uint32_t>(start);
    n.length = static_cast<uint32_t>(pos_ - start);
  }
  ++pos_;  // closing quote
  Close(node);
  return true;
}

bool JsonParser::ParseNumber(std::string* why) {
  const size_t start = pos_;
  auto digit = [&](size_t i) { return i < s_.size() && s_[i] >= '0' && s_[i] <= '9'; };
  if (s_[pos_] == '-') ++pos_;
  if (!digit(pos_)) return *why = "bad number", false;
  if (s_[pos_] == '0') {
    ++pos_;
    if (digit(pos_)) return *why = "number with a leading zero", false;
  } else {
    while (digit(pos_)) ++pos_;
  }
  if (pos_ < s_.size() && s_[pos_] == '.') {
    ++pos_;
    if (!digit(pos_)) return *why = "bad fraction", false;
    while (digit(pos_)) ++pos_;
  }
  if (pos_ < s_.size() && (s_[pos_] == 'e' || s_[pos_] == 'E')) {
    ++pos_;
    if (pos_ < s_.size() && (s_[pos_] == '+' || s_[pos_] == '-')) ++pos_;
    if (!digit(pos_)) return *why = "bad exponent", false;
    while (digit(pos_)) ++pos_;
  }
  const uint32_t node = Push(JsonType::kNumber);
  Node& n = doc_.nodes_[node];
  n.offset = static_cast<uint32_t>(start);
  n.length = static_cast<uint32_t>(pos_ - start);
  double value = 0;
  const auto [ptr, ec] = std::from_chars(s_.data() + start, s_.data() + pos_, value);
  if (ec == std::errc::result_out_of_range) {
    // 1e400 is legal JSON; strtod saturates to ±HUGE_VAL (inf) or 0 instead of failing.
    const std::string copy(s_.substr(start, pos_ - start));
    value = std::strtod(copy.c_str(), nullptr);
  } else if (ec != std::errc() || ptr != s_.data() + pos_) {
    return *why = "bad number", false;
  }
  n.number = value;
  Close(node);
  return true;
}

bool JsonParser::ParseLiteral(std::string* why) {
  static constexpr std::string_view kTrue = "true", kFalse = "false", kNull = "null";
  const std::string_view rest = s_.substr(pos_);
  if (rest.starts_with(kTrue) || rest.starts_with(kFalse)) {
    const bool v = rest[0] == 't';
    const uint32_t node = Push(JsonType::kBool);
    doc_.nodes_[node].flag = v;
    pos_ += v ? kTrue.size() : kFalse.size();
    Close(node);
    return true;
  }
  if (rest.starts_with(kNull)) {
    Close(Push(JsonType::kNull));
    pos_ += kNull.size();
    return true;
  }
  return *why = "unexpected character", false;
}

bool JsonParser::ParseKey(std::string* why) {
  SkipSpace();
  if (pos_ >= s_.size() || s_[pos_] != '"') return *why = "expected a member name", false;
  if (!ParseString(why)) return false;
  SkipSpace();
  if (pos_ >= s_.size() || s_[pos_] != ':') return *why = "expected ':'", false;
  ++pos_;
  return true;
}

bool JsonParser::HasDuplicateNames(uint32_t object) const {
  const auto& nodes = doc_.nodes_;
  const uint32_t count = nodes[object].count;
  if (count < 2) return false;
  std::vector<std::string_view> names;
  names.reserve(count);
  uint32_t child = object + 1;
  for (uint32_t i = 0; i < count; ++i) {
    names.push_back(doc_.Text(nodes[child]));
    child = nodes[child + 1].end;
  }
  if (count <= 48) {
    // Claims sets are small: compare pairwise on a packed (length, first 7 bytes) key, so the
    // many same-length names (iss, aud, exp, ...) are told apart without a memcmp call.
    uint64_t keys[48];
    for (uint32_t i = 0; i < count; ++i) {
      uint64_t k = names[i].size() & 0xff;
      for (size_t b = 0; b < names[i].size() && b < 7; ++b) {
        k |= uint64_t{static_cast<uint8_t>(names[i][b])} << (8 * (b + 1));
      }
      keys[i] = k;
    }
    // A 64-bucket bitmap on the packed key: only a name whose bucket is already taken is
    // compared with the earlier ones, so a typical claims set costs one pass.
    uint64_t seen = 0;
    for (uint32_t i = 0; i < count; ++i) {
      const uint64_t bit = uint64_t{1} << ((keys[i] * 0x9E3779B97F4A7C15ull) >> 58);
      if ((seen & bit) != 0) {
        for (uint32_t j = 0; j < i; ++j) {
          if (keys[i] == keys[j] && names[i] == names[j]) return true;
        }
      }
      seen |= bit;
    }
    return false;
  }
  std::sort(names.begin(), names.end());
  return std::adjacent_find(names.begin(), names.end()) != names.end();
}

TokenResult<bool> JsonParser::Run() {
  if (s_.size() >= UINT32_MAX / 2) return Fail("document too large");
  std::string why;
  SkipSpace();
  while (true) {
    // Parse one value (a scalar, or the opening of a container).
    if (pos_ >= s_.size()) return Fail("unexpected end");
    const char c = s_[pos_];
    bool value_done = true;
    if (c == '{' || c == '[') {
      if (stack_.size() >= kMaxJsonDepth) return Fail("nesting too deep");
      const bool object = c == '{';
      stack_.push_back(Frame{Push(object ? JsonType::kObject : JsonType::kArray), object});
      ++pos_;
      SkipSpace();
      if (pos_ < s_.size() && s_[pos_] == (object ? '}' : ']')) {
        ++pos_;
        Close(stack_.back().node);
        stack_.pop_back();
      } else {
        doc_.nodes_[stack_.back().node].count = 1;
        if (object && !ParseKey(&why)) return Fail(why);
        SkipSpace();
        value_done = false;
      }
    } else if (c == '"') {
      if (!ParseString(&why)) return Fail(why);
    } else if (c == '-' || (c >= '0' && c <= '9')) {
      if (!ParseNumber(&why)) return Fail(why);
    } else if (!ParseLiteral(&why)) {
      return Fail(why);
    }
    if (!value_done) continue;
    // After a complete value: a separator, closers, or the end of the document.
    bool next_value = false;
    while (!stack_.empty() && !next_value) {
      SkipSpace();
      if (pos_ >= s_.size()) return Fail("unexpected end");
      Frame& top = stack_.back();
      const char d = s_[pos_++];
      if (d == ',') {
        ++doc_.nodes_[top.node].count;
        if (top.object && !ParseKey(&why)) return Fail(why);
        SkipSpace();
        next_value = true;
      } else if (d == (top.object ? '}' : ']')) {
        if (top.object && HasDuplicateNames(top.node)) return Fail("duplicate member name");
        Close(top.node);
        stack_.pop_back();
      } else {
        --pos_;
        return Fail(top.object ? "expected ',' or '}'" : "expected ',' or ']'");
      }
    }
    if (!next_value) break;
  }
  SkipSpace();
  if (pos_ != s_.size()) return Fail("trailing characters");
  return true;
}

TokenResult<JsonDocument> JsonDocument::Parse(std::string text) {
  JsonDocument doc;
  doc.text_ = std::move(text);
  doc.nodes_.reserve(doc.text_.size() / 8 + 4);
  JsonParser parser(doc);
  auto r = parser.Run();
  if (!r.ok()) return r.error();
  return doc;
}

}  // namespace portcullis::token
