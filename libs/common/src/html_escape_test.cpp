#include "portcullis/common/html_escape.h"

#include <gtest/gtest.h>

namespace portcullis {
namespace {

TEST(HtmlEscapeTest, EscapesTheFiveSpecialCharacters) {
  EXPECT_EQ(HtmlEscape("<a href='x'>&\"</a>"), "&lt;a href=&#39;x&#39;&gt;&amp;&quot;&lt;/a&gt;");
  EXPECT_EQ(HtmlEscape("&amp;"), "&amp;amp;");  // escaping twice is visible, never undone
}

TEST(HtmlEscapeTest, KeepsEverythingElseByteForByte) {
  const std::string text = std::string("plain \xc3\xa9 text\n\t") + std::string(1, '\0') + "end";
  EXPECT_EQ(HtmlEscape(text), text);
  EXPECT_EQ(HtmlEscape(""), "");
}

}  // namespace
}  // namespace portcullis
