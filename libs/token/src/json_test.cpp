#include "portcullis/token/json.h"

#include <gtest/gtest.h>

#include <cmath>

namespace portcullis::token {
namespace {

bool Parses(std::string text) { return JsonDocument::Parse(std::move(text)).ok(); }

TEST(JsonTest, ParsesNestedDocument) {
  auto doc = JsonDocument::Parse(
      R"( {"a":[1,-2.5e3,true,false,null,{"b":"c"}],"d":{},"e":[],"f":"\u00e9\ud83d\ude00"} )");
  ASSERT_TRUE(doc.ok()) << doc.error().detail;
  const JsonValue root = doc->root();
  ASSERT_TRUE(root.is_object());
  EXPECT_EQ(root.size(), 4u);
  const auto a = root.Find("a");
  ASSERT_TRUE(a && a->is_array());
  EXPECT_EQ(a->size(), 6u);
  std::vector<JsonType> types;
  a->ForEach([&](std::string_view, JsonValue v) { types.push_back(v.type()); });
  EXPECT_EQ(types, (std::vector<JsonType>{JsonType::kNumber, JsonType::kNumber, JsonType::kBool,
                                          JsonType::kBool, JsonType::kNull, JsonType::kObject}));
  EXPECT_EQ(root.Find("f")->AsString(), "\xc3\xa9\xf0\x9f\x98\x80");
  EXPECT_TRUE(root.Find("d")->is_object());
  EXPECT_FALSE(root.Find("zz"));
  std::string out;
  AppendJson(root, out);
  EXPECT_EQ(out, "{\"a\":[1,-2.5e3,true,false,null,{\"b\":\"c\"}],\"d\":{},\"e\":[],\"f\":\"" +
                     std::string("\xc3\xa9\xf0\x9f\x98\x80") + "\"}");
}

TEST(JsonTest, DecodesEscapesBeforeMatchingNames) {
  auto doc = JsonDocument::Parse(R"({"\u0069ss":"a\/b","x\"y":"\\"})");
  ASSERT_TRUE(doc.ok());
  ASSERT_TRUE(doc->root().Find("iss"));
  EXPECT_EQ(doc->root().Find("iss")->AsString(), "a/b");
  EXPECT_EQ(doc->root().Find("x\"y")->AsString(), "\\");
}

TEST(JsonTest, KeepsNulInsideStrings) {
  auto doc = JsonDocument::Parse(R"({"iss":"https://a\u0000evil"})");
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ(doc->root().Find("iss")->AsString(), std::string_view("https://a\0evil", 14));
}

TEST(JsonTest, RejectsDuplicateNames) {
  EXPECT_FALSE(Parses(R"({"a":1,"a":2})"));
  EXPECT_FALSE(Parses(R"({"a":1,"\u0061":2})"));
  EXPECT_FALSE(Parses(R"({"x":{"b":1,"c":2,"b":3}})"));
  EXPECT_TRUE(Parses(R"({"a":{"a":1},"b":[{"a":1},{"a":2}]})"));
}

// Claims sets of realistic size: every member name checked against every other, whichever
// buckets they hash to, including names that share their first seven bytes.
TEST(JsonTest, RejectsDuplicateNamesAmongManyMembers) {
  for (int members : {2, 9, 30, 47, 48, 49, 80}) {
    for (int dup = 0; dup < members; dup += 7) {
      std::string doc = "{";
      for (int i = 0; i < members; ++i)
        doc += "\"prefix_" + std::to_string(i) + "\":" + std::to_string(i) + ",";
      std::string unique = doc;
      unique.back() = '}';
      EXPECT_TRUE(Parses(unique)) << members;
      doc += "\"prefix_" + std::to_string(dup) + "\":0}";
      EXPECT_FALSE(Parses(doc)) << members << " " << dup;
    }
  }
}

// Strings are scanned 16 bytes at a time: a quote, escape, control character or non-ASCII byte
// must be found at every offset of that window, in strings of every length around it.
TEST(JsonTest, FindsSpecialBytesAtEveryOffsetOfLongStrings) {
  for (size_t len = 0; len < 40; ++len) {
    for (size_t at = 0; at < len; ++at) {
      std::string text(len, 'x');
      std::string with_escape = text;
      with_escape.replace(at, 1, "\\n");
      auto doc = JsonDocument::Parse("{\"a\":\"" + with_escape + "\"}");
      ASSERT_TRUE(doc.ok()) << len << " " << at;
      std::string expected = text;
      expected[at] = '\n';
      EXPECT_EQ(doc->root().Find("a")->AsString(), expected);

      std::string with_control = text;
      with_control[at] = '\x01';
      EXPECT_FALSE(Parses("{\"a\":\"" + with_control + "\"}")) << len << " " << at;
      std::string with_bad_utf8 = text;
      with_bad_utf8[at] = '\xff';
      EXPECT_FALSE(Parses("{\"a\":\"" + with_bad_utf8 + "\"}")) << len << " " << at;
      std::string with_utf8 = text;
      with_utf8.replace(at, 1, "\xc3\xa9");
      auto utf = JsonDocument::Parse("{\"a\":\"" + with_utf8 + "\"}");
      ASSERT_TRUE(utf.ok()) << len << " " << at;
      EXPECT_EQ(utf->root().Find("a")->AsString(), with_utf8);
      std::string cut = text.substr(0, at);
      EXPECT_EQ(JsonDocument::Parse("{\"a\":\"" + cut + "\",\"b\":\"" + text + "\"}")
                    ->root()
                    .Find("a")
                    ->AsString(),
                cut);
    }
  }
}

TEST(JsonTest, RejectsInvalidUtf8) {
  EXPECT_FALSE(Parses("{\"a\":\"\xc0\xaf\"}"));          // overlong '/'
  EXPECT_FALSE(Parses("{\"a\":\"\xe0\x80\xaf\"}"));      // overlong 3-byte
  EXPECT_FALSE(Parses("{\"a\":\"\xed\xa0\x80\"}"));      // encoded surrogate U+D800
  EXPECT_FALSE(Parses("{\"a\":\"\xf4\x90\x80\x80\"}"));  // above U+10FFFF
  EXPECT_FALSE(Parses("{\"a\":\"\x80\"}"));              // stray continuation
  EXPECT_FALSE(Parses("{\"a\":\"\xe2\x82\"}"));          // truncated
  EXPECT_TRUE(Parses("{\"a\":\"\xf0\x9f\x98\x80 \xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d\"}"));
}

TEST(JsonTest, RejectsLoneSurrogateEscapes) {
  EXPECT_FALSE(Parses(R"({"a":"\ud800"})"));
  EXPECT_FALSE(Parses(R"({"a":"\udc00"})"));
  EXPECT_FALSE(Parses(R"({"a":"\ud800\u0041"})"));
}

TEST(JsonTest, RejectsByteOrderMark) { EXPECT_FALSE(Parses("\xef\xbb\xbf{\"a\":1}")); }

TEST(JsonTest, RejectsTrailingGarbage) {
  EXPECT_FALSE(Parses(R"({"a":1}x)"));
  EXPECT_FALSE(Parses(R"({"a":1}{})"));
  EXPECT_FALSE(Parses(std::string("{\"a\":1}\0", 8)));
  EXPECT_TRUE(Parses("{\"a\":1} \r\n\t"));
}

TEST(JsonTest, RejectsCommentsAndTrailingCommas) {
  EXPECT_FALSE(Parses("{\"a\":1 /* c */}"));
  EXPECT_FALSE(Parses("{\"a\":1} // c"));
  EXPECT_FALSE(Parses(R"({"a":1,})"));
  EXPECT_FALSE(Parses(R"({"a":[1,]})"));
  EXPECT_FALSE(Parses(R"({,})"));
}

TEST(JsonTest, RejectsNonStandardNumbers) {
  EXPECT_FALSE(Parses(R"({"a":NaN})"));
  EXPECT_FALSE(Parses(R"({"a":Infinity})"));
  EXPECT_FALSE(Parses(R"({"a":-Infinity})"));
  EXPECT_FALSE(Parses(R"({"a":01})"));
  EXPECT_FALSE(Parses(R"({"a":-01})"));
  EXPECT_FALSE(Parses(R"({"a":1.})"));
  EXPECT_FALSE(Parses(R"({"a":.5})"));
  EXPECT_FALSE(Parses(R"({"a":+1})"));
  EXPECT_FALSE(Parses(R"({"a":1e})"));
  EXPECT_FALSE(Parses(R"({"a":0x10})"));
  EXPECT_TRUE(Parses(R"({"a":0,"b":-0.5,"c":1E+2,"d":1e-2})"));
}

TEST(JsonTest, ParsesHugeNumbersWithoutOverflow) {
  auto doc = JsonDocument::Parse(R"({"a":1e300,"b":1e400,"c":-1e400,"d":1e-400})");
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ(doc->root().Find("a")->AsNumber(), 1e300);
  EXPECT_TRUE(std::isinf(doc->root().Find("b")->AsNumber()));
  EXPECT_LT(doc->root().Find("c")->AsNumber(), 0);
  EXPECT_EQ(doc->root().Find("d")->AsNumber(), 0.0);
}

TEST(JsonTest, RejectsControlCharactersAndBadEscapes) {
  EXPECT_FALSE(Parses("{\"a\":\"x\ny\"}"));
  EXPECT_FALSE(Parses(R"({"a":"\x"})"));
  EXPECT_FALSE(Parses(R"({"a":"\u12"})"));
  EXPECT_FALSE(Parses(R"({"a":"abc)"));
  EXPECT_FALSE(Parses(R"({'a':1})"));
  EXPECT_FALSE(Parses(R"({a:1})"));
  EXPECT_FALSE(Parses(R"({"a" 1})"));
  EXPECT_FALSE(Parses(R"({"a":tru})"));
  EXPECT_FALSE(Parses(""));
  EXPECT_FALSE(Parses("   "));
}

TEST(JsonTest, SurvivesVeryDeepNestingWithoutRecursion) {
  for (const char* open : {"[", "{\"a\":"}) {
    std::string deep;
    for (int i = 0; i < 100000; ++i) deep += open;
    auto r = JsonDocument::Parse(deep);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.code(), TokenErrorCode::kMalformed);
    EXPECT_NE(r.error().detail.find("too deep"), std::string::npos);
  }
  std::string ok;
  for (size_t i = 0; i < kMaxJsonDepth; ++i) ok += "[";
  for (size_t i = 0; i < kMaxJsonDepth; ++i) ok += "]";
  EXPECT_TRUE(Parses(ok));
}

}  // namespace
}  // namespace portcullis::token
