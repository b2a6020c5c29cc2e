#include "client_auth.h"

#include <gtest/gtest.h>

#include "testing/test_provider.h"

namespace portcullis::dev_idp {
namespace {

TEST(ClientAuthTest, BasicCredentialsAreFormDecoded) {
  // base64("my%3Aclient:s%2Bcret")
  std::optional<BasicCredentials> c = ParseBasicAuthorization("Basic bXklM0FjbGllbnQ6cyUyQmNyZXQ=");
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->client_id, "my:client");
  EXPECT_EQ(c->secret, "s+cret");
}

TEST(ClientAuthTest, RejectsMalformedBasicCredentials) {
  EXPECT_EQ(ParseBasicAuthorization("Basic !!!"), std::nullopt);
  EXPECT_EQ(ParseBasicAuthorization("Bearer abc"), std::nullopt);
  EXPECT_EQ(ParseBasicAuthorization("Basic bm9jb2xvbg=="), std::nullopt);  // "nocolon"
}

TEST(ClientAuthTest, APublicClientNamesItselfWithoutASecret) {
  Directory dir = testing::DefaultDirectory();
  OAuthResult<const Client*> c = AuthenticateClient(dir, {{"client_id", "portcullis-cli"}}, {});
  ASSERT_TRUE(c.ok());
  EXPECT_EQ((*c)->client_id, "portcullis-cli");
}

TEST(ClientAuthTest, RejectsAPublicClientPresentingASecret) {
  Directory dir = testing::DefaultDirectory();
  OAuthResult<const Client*> c =
      AuthenticateClient(dir, {{"client_id", "portcullis-cli"}, {"client_secret", "x"}}, {});
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().error, "invalid_client");
}

TEST(ClientAuthTest, RejectsAConfidentialClientWithoutItsSecret) {
  Directory dir = testing::DefaultDirectory();
  OAuthResult<const Client*> c = AuthenticateClient(dir, {{"client_id", "portcullis-gateway"}}, {});
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().error, "invalid_client");
  EXPECT_EQ(c.error().status, 401);
}

}  // namespace
}  // namespace portcullis::dev_idp
