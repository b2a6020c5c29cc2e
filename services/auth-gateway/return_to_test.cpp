#include "return_to.h"

#include <gtest/gtest.h>

namespace portcullis::gateway {
namespace {

TEST(ReturnToTest, AcceptsRelativePaths) {
  EXPECT_EQ(ValidateReturnTo(""), "/");
  EXPECT_EQ(ValidateReturnTo("/"), "/");
  EXPECT_EQ(ValidateReturnTo("/app/agents?tab=2#x"), "/app/agents?tab=2#x");
  EXPECT_EQ(ValidateReturnTo("/a%20b/c%2Fd"), "/a%20b/c%2Fd");
}

TEST(ReturnToTest, DoesNotFollowOpenRedirect) {
  for (std::string_view bad : {"//evil.example",
                               "//evil.example/x",
                               "/\\evil.example",
                               "\\\\evil.example",
                               "https://evil.example",
                               "http://evil.example/",
                               "evil.example",
                               "javascript:alert(1)",
                               "/%2F/evil.example",
                               "/%2f%2fevil.example",
                               "/%5Cevil.example",
                               "/%5cevil.example",
                               "/\t/evil.example",
                               "/\n/evil.example",
                               "/%09/evil.example",
                               "/%0d%0aSet-Cookie:x",
                               "/x\r\nLocation: //evil",
                               "/%252F%252Fevil.example",
                               "/a b",
                               "/caf\xc3\xa9",
                               "/%zz",
                               "/%2",
                               " /x"}) {
    EXPECT_EQ(ValidateReturnTo(bad), std::nullopt) << bad;
  }
}

TEST(ReturnToTest, CapsTheLength) {
  std::string longest = "/" + std::string(kMaxReturnToBytes - 1, 'a');
  EXPECT_TRUE(ValidateReturnTo(longest));
  EXPECT_FALSE(ValidateReturnTo(longest + "a"));
}

}  // namespace
}  // namespace portcullis::gateway
