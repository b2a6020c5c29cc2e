#pragma once
// A strict, iterative JSON parser for JOSE headers, JWT claims and JWK sets (RFC 8259 with the
// JWT-RULES.md §15/§16 restrictions): UTF-8 only (no overlong forms, no encoded surrogates, no
// BOM), no comments, no trailing commas, no NaN/Infinity, no leading zeros, nothing after the
// value, and no duplicate member names in any object. Escapes (\u0069, \/, surrogate pairs) are
// decoded before names are compared. Nesting is limited to kMaxJsonDepth and the parser keeps an
// explicit stack, so hostile depth costs neither stack nor time.
//
//   TokenResult<JsonDocument> doc = JsonDocument::Parse(std::move(text));
//   if (auto iss = doc->root().Find("iss"); iss && iss->is_string()) Use(iss->AsString());
//
// A JsonDocument is immutable after Parse and may be read from any number of threads. A JsonValue
// is a small view that stays valid while its document lives (documents are moved, never copied
// node by node, so views survive a move of the owning shared_ptr but not of the document itself).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "portcullis/token/token_error.h"

namespace portcullis::token {

inline constexpr size_t kMaxJsonDepth = 256;

enum class JsonType : uint8_t { kNull, kBool, kNumber, kString, kArray, kObject };

class JsonDocument;

class JsonValue {
 public:
  JsonValue(const JsonDocument* doc, uint32_t index) : doc_(doc), index_(index) {}

  JsonType type() const;
  bool is_null() const { return type() == JsonType::kNull; }
  bool is_bool() const { return type() == JsonType::kBool; }
  bool is_number() const { return type() == JsonType::kNumber; }
  bool is_string() const { return type() == JsonType::kString; }
  bool is_array() const { return type() == JsonType::kArray; }
  bool is_object() const { return type() == JsonType::kObject; }

  // Preconditions: the matching type.
  bool AsBool() const;
  double AsNumber() const;              // ±inf for numbers beyond double's range; never NaN
  std::string_view NumberText() const;  // the number exactly as written
  std::string_view AsString() const;    // decoded UTF-8; may contain NUL

  // Members of an object or elements of an array; 0 for scalars.
  size_t size() const;
  // Object member by decoded name, or nullopt (also for non-objects).
  std::optional<JsonValue> Find(std::string_view name) const;
  // Visits each member (name, value) of an object or each element (empty name) of an array.
  template <typename F>
  void ForEach(F&& f) const;

 private:
  uint32_t FirstChild() const { return index_ + 1; }

  const JsonDocument* doc_;
  uint32_t index_;
};

class JsonDocument {
 public:
  // Parses `text` strictly. Returns kMalformed with the byte offset and reason on any violation.
  static TokenResult<JsonDocument> Parse(std::string text);

  JsonValue root() const { return JsonValue(this, 0); }
  const std::string& text() const { return text_; }

  JsonDocument(JsonDocument&&) = default;
  JsonDocument& operator=(JsonDocument&&) = default;
  JsonDocument(const JsonDocument&) = delete;
  JsonDocument& operator=(const JsonDocument&) = delete;

 private:
  friend class JsonValue;
  friend class JsonParser;
  struct Node {
    JsonType type;
    bool flag;        // kBool: the value; kString/kNumber: the text lives in arena_
    uint32_t end;     // index one past this node's subtree
    uint32_t count;   // members or elements
    uint32_t offset;  // string/number text in text_ or arena_
    uint32_t length;
    double number;
  };
  JsonDocument() = default;
  std::string_view Text(const Node& n) const {
    return std::string_view(n.flag ? arena_ : text_).substr(n.offset, n.length);
  }

  std::string text_;
  std::string arena_;  // decoded strings that contained escapes
  std::vector<Node> nodes_;
};

// Appends `value` as compact JSON (numbers as written, strings re-escaped) to `out`.
void AppendJson(JsonValue value, std::string& out);

template <typename F>
void JsonValue::ForEach(F&& f) const {
  const auto& nodes = doc_->nodes_;
  const auto& self = nodes[index_];
  uint32_t child = FirstChild();
  for (uint32_t i = 0; i < self.count; ++i) {
    if (self.type == JsonType::kObject) {
      f(doc_->Text(nodes[child]), JsonValue(doc_, child + 1));
      child = nodes[child + 1].end;
    } else {
      f(std::string_view(), JsonValue(doc_, child));
      child = nodes[child].end;
    }
  }
}

}  // namespace portcullis::token
