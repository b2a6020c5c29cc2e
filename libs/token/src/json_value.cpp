// Reading a parsed JsonDocument, and writing JSON back out.
#include "portcullis/token/json.h"

namespace portcullis::token {

JsonType JsonValue::type() const { return doc_->nodes_[index_].type; }
bool JsonValue::AsBool() const { return doc_->nodes_[index_].flag; }
double JsonValue::AsNumber() const { return doc_->nodes_[index_].number; }
std::string_view JsonValue::NumberText() const { return doc_->Text(doc_->nodes_[index_]); }
std::string_view JsonValue::AsString() const { return doc_->Text(doc_->nodes_[index_]); }

size_t JsonValue::size() const {
  const auto& n = doc_->nodes_[index_];
  return n.type == JsonType::kObject || n.type == JsonType::kArray ? n.count : 0;
}

std::optional<JsonValue> JsonValue::Find(std::string_view name) const {
  const auto& nodes = doc_->nodes_;
  const auto& self = nodes[index_];
  if (self.type != JsonType::kObject) return std::nullopt;
  uint32_t child = FirstChild();
  for (uint32_t i = 0; i < self.count; ++i) {
    const std::string_view key = doc_->Text(nodes[child]);
    // Length and first byte before memcmp: most names are short and many share a length.
    if (key.size() == name.size() && (name.empty() || key[0] == name[0]) && key == name) {
      return JsonValue(doc_, child + 1);
    }
    child = nodes[child + 1].end;
  }
  return std::nullopt;
}

namespace {

void AppendJsonString(std::string_view s, std::string& out) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back('"');
  for (const char ch : s) {
    const auto c = static_cast<uint8_t>(ch);
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(ch);
    } else if (c < 0x20) {
      out += "\\u00";
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    } else {
      out.push_back(ch);
    }
  }
  out.push_back('"');
}

}  // namespace

void AppendJson(JsonValue value, std::string& out) {
  // Recursion is bounded by kMaxJsonDepth, which the parser enforces.
  switch (value.type()) {
    case JsonType::kNull:
      out += "null";
      return;
    case JsonType::kBool:
      out += value.AsBool() ? "true" : "false";
      return;
    case JsonType::kNumber:
      out += value.NumberText();
      return;
    case JsonType::kString:
      AppendJsonString(value.AsString(), out);
      return;
    case JsonType::kArray:
    case JsonType::kObject: {
      const bool object = value.is_object();
      out.push_back(object ? '{' : '[');
      bool first = true;
      value.ForEach([&](std::string_view name, JsonValue v) {
        if (!first) out.push_back(',');
        first = false;
        if (object) {
          AppendJsonString(name, out);
          out.push_back(':');
        }
        AppendJson(v, out);
      });
      out.push_back(object ? '}' : ']');
      return;
    }
  }
}

}  // namespace portcullis::token
