#include "form.h"

#include <gtest/gtest.h>

namespace portcullis::dev_idp {
namespace {

TEST(FormTest, DecodesPercentEscapesAndPlus) {
  EXPECT_EQ(UrlDecode("a%20b+c%2B"), "a b c+");
  EXPECT_EQ(UrlDecode("%zz"), std::nullopt);
  EXPECT_EQ(UrlDecode("%4"), std::nullopt);
  EXPECT_EQ(UrlDecode("%"), std::nullopt);
}

TEST(FormTest, RoundTripsArbitraryValues) {
  Params p{{"redirect_uri", "http://127.0.0.1:8080/cb?x=1&y=2"}, {"state", "a b+c/d=e"}};
  EXPECT_EQ(ParseForm(EncodeForm(p)), p);
}

TEST(FormTest, RejectsARepeatedParameter) { EXPECT_EQ(ParseForm("code=a&code=b"), std::nullopt); }

TEST(FormTest, TreatsAnEmptyParameterAsAbsent) {
  const Params form{{"scope", "openid"}, {"state", ""}};
  ASSERT_NE(NonEmptyParam(form, "scope"), nullptr);
  EXPECT_EQ(*NonEmptyParam(form, "scope"), "openid");
  EXPECT_EQ(NonEmptyParam(form, "state"), nullptr);
  EXPECT_EQ(NonEmptyParam(form, "code"), nullptr);
}

TEST(FormTest, AppendsAQueryAfterAnExistingOne) {
  EXPECT_EQ(AppendQuery("http://h/cb?x=1", {{"code", "c"}}), "http://h/cb?x=1&code=c");
  EXPECT_EQ(AppendQuery("http://h/cb", {{"code", "c"}}), "http://h/cb?code=c");
}

TEST(FormTest, EscapesHtml) {
  EXPECT_EQ(HtmlEscape("<a href='x'>&\"</a>"), "&lt;a href=&#39;x&#39;&gt;&amp;&quot;&lt;/a&gt;");
}

}  // namespace
}  // namespace portcullis::dev_idp
