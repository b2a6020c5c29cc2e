#include "portcullis/common/config.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>

#include "config_values.h"

namespace portcullis {
namespace {

using ::testing::HasSubstr;

struct DemoConfig {
  std::string nats_url = "nats://127.0.0.1:4222";
  int pool_size = 8;
  bool cookie_secure = true;
  std::chrono::milliseconds idle_timeout = std::chrono::hours(8);
  std::vector<std::string> audiences;
  std::string issuer;
  SecretString token_key;
};

class ConfigTest : public ::testing::Test {
 protected:
  void SetUp() override {
    binder_.String("nats_url", &cfg_.nats_url, "NATS server URL");
    binder_.Int("pool.size", &cfg_.pool_size, "PostgreSQL connections", 1, 64);
    binder_.Bool("cookie_secure", &cfg_.cookie_secure, "Secure cookies");
    binder_.Duration("idle_timeout", &cfg_.idle_timeout, "sliding idle timeout");
    binder_.StringList("audiences", &cfg_.audiences, "accepted audiences");
    binder_.String("issuer", &cfg_.issuer, "OIDC issuer", Need::kRequired);
    binder_.Secret("token_key", &cfg_.token_key, "encryption key ring", Need::kRequired);
  }
  std::string WriteFile(const std::string& text) {
    // ctest runs each case in its own process, in parallel: one file per process.
    std::string path =
        ::testing::TempDir() + "/portcullis_config_test_" + std::to_string(::getpid()) + ".toml";
    std::ofstream(path) << text;
    written_.push_back(path);
    return path;
  }
  void TearDown() override {
    for (const std::string& path : written_) std::remove(path.c_str());
  }
  std::map<std::string, std::string> MinimalEnv() {
    return {{"PORTCULLIS_ISSUER", "https://idp"}, {"PORTCULLIS_TOKEN_KEY", "k1:secretvalue"}};
  }

  DemoConfig cfg_;
  ConfigBinder binder_;
  std::vector<std::string> written_;
};

TEST_F(ConfigTest, DefaultsStandWhenNothingIsSet) {
  ASSERT_TRUE(binder_.Load(MinimalEnv(), std::nullopt).ok());
  EXPECT_EQ(cfg_.nats_url, "nats://127.0.0.1:4222");
  EXPECT_EQ(cfg_.pool_size, 8);
  EXPECT_EQ(cfg_.idle_timeout, std::chrono::hours(8));
  EXPECT_EQ(cfg_.token_key.reveal(), "k1:secretvalue");
}

TEST_F(ConfigTest, EnvironmentOverridesFile) {
  auto path = WriteFile(
      "nats_url = \"nats://file:4222\"\naudiences = [\"a\", \"b\"]\n"
      "[pool]\nsize = 4\n");
  auto env = MinimalEnv();
  env["PORTCULLIS_POOL_SIZE"] = "16";
  env["PORTCULLIS_IDLE_TIMEOUT"] = "90m";
  ASSERT_TRUE(binder_.Load(env, path).ok());
  EXPECT_EQ(cfg_.nats_url, "nats://file:4222");
  EXPECT_EQ(cfg_.pool_size, 16);
  EXPECT_EQ(cfg_.idle_timeout, std::chrono::minutes(90));
  EXPECT_EQ(cfg_.audiences, (std::vector<std::string>{"a", "b"}));
}

TEST_F(ConfigTest, UnknownKeyInFileIsRejectedByName) {
  auto path = WriteFile("nats_ulr = \"x\"\n");
  Status s = binder_.Load(MinimalEnv(), path);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.code(), ErrorCode::kBadRequest);
  EXPECT_THAT(s.error().detail, HasSubstr("'nats_ulr'"));
  EXPECT_THAT(s.error().detail, HasSubstr("unknown key"));
}

TEST_F(ConfigTest, UnknownEnvironmentSettingIsRejectedByName) {
  auto env = MinimalEnv();
  env["PORTCULLIS_POOLSIZE"] = "3";
  Status s = binder_.Load(env, std::nullopt);
  ASSERT_FALSE(s.ok());
  EXPECT_THAT(s.error().detail, HasSubstr("PORTCULLIS_POOLSIZE"));
}

TEST_F(ConfigTest, MalformedNumberNamesTheKeyAndTheValue) {
  auto env = MinimalEnv();
  env["PORTCULLIS_POOL_SIZE"] = "12x";
  Status s = binder_.Load(env, std::nullopt);
  ASSERT_FALSE(s.ok());
  EXPECT_THAT(s.error().detail, HasSubstr("PORTCULLIS_POOL_SIZE (pool.size)"));
  EXPECT_THAT(s.error().detail, HasSubstr("\"12x\""));
}

TEST_F(ConfigTest, OutOfRangeNumberIsRejected) {
  auto env = MinimalEnv();
  env["PORTCULLIS_POOL_SIZE"] = "65";
  EXPECT_FALSE(binder_.Load(env, std::nullopt).ok());
}

TEST_F(ConfigTest, MissingRequiredSecretIsNamed) {
  Status s = binder_.Load({{"PORTCULLIS_ISSUER", "https://idp"}}, std::nullopt);
  ASSERT_FALSE(s.ok());
  EXPECT_THAT(s.error().detail, HasSubstr("PORTCULLIS_TOKEN_KEY"));
  EXPECT_THAT(s.error().detail, HasSubstr("required secret"));
}

TEST_F(ConfigTest, SecretInTheConfigFileIsRefused) {
  auto path = WriteFile("token_key = \"k1:abc\"\n");
  Status s = binder_.Load(MinimalEnv(), path);
  ASSERT_FALSE(s.ok());
  EXPECT_THAT(s.error().detail, HasSubstr("secrets are not read from the config file"));
}

TEST_F(ConfigTest, SecretComesFromAFilePath) {
  std::string secret_path = ::testing::TempDir() + "/portcullis_secret";
  std::ofstream(secret_path) << "k9:fromfile\n";
  auto env = MinimalEnv();
  env.erase("PORTCULLIS_TOKEN_KEY");
  env["PORTCULLIS_TOKEN_KEY_FILE"] = secret_path;
  ASSERT_TRUE(binder_.Load(env, std::nullopt).ok());
  EXPECT_EQ(cfg_.token_key.reveal(), "k9:fromfile");
}

TEST_F(ConfigTest, MalformedSecretIsNeverEchoed) {
  ConfigBinder b;
  int n = 0;
  b.Int("n", &n, "n", 0, 10);
  SecretString s;
  b.Secret("k", &s, "k");
  Status st = b.Load({{"PORTCULLIS_N", "hunter2"}}, std::nullopt);
  ASSERT_FALSE(st.ok());
  EXPECT_THAT(st.error().detail, HasSubstr("hunter2"));  // not a secret: shown to help
  EXPECT_EQ(s.ToString(), "[redacted]");
}

TEST_F(ConfigTest, MalformedFileNamesTheLine) {
  auto path = WriteFile("nats_url = \"ok\"\npool = [\n");
  Status s = binder_.Load(MinimalEnv(), path);
  ASSERT_FALSE(s.ok());
  EXPECT_THAT(s.error().detail, HasSubstr(path + ":"));
}

TEST_F(ConfigTest, DescribeListsEveryKeyWithItsDefault) {
  std::string help = binder_.Describe();
  EXPECT_THAT(help, HasSubstr("pool.size  (PORTCULLIS_POOL_SIZE)"));
  EXPECT_THAT(help, HasSubstr("[default: 8]"));
  EXPECT_THAT(help, HasSubstr("[default: 8h]"));
  EXPECT_THAT(help, HasSubstr("PORTCULLIS_TOKEN_KEY_FILE"));
}

TEST_F(ConfigTest, BadConfigExitsNonZeroWithOneLineNamingTheKey) {
  auto env = MinimalEnv();
  env["PORTCULLIS_POOL_SIZE"] = "lots";
  auto one_line_naming_key = [](const std::string& err) {
    return err.rfind("config error: ", 0) == 0 &&
           err.find("PORTCULLIS_POOL_SIZE") != std::string::npos &&
           std::count(err.begin(), err.end(), '\n') == 1;
  };
  EXPECT_EXIT(
      {
        Status s = binder_.Load(env, std::nullopt);
        if (!s.ok()) ExitOnConfigError(s.error());
        std::exit(0);
      },
      ::testing::ExitedWithCode(2), ::testing::Truly(one_line_naming_key));
}

TEST(ConfigValuesTest, ParsesDurationsWithUnitsOnly) {
  using config_values::ParseDuration;
  EXPECT_EQ(ParseDuration("250ms"), std::chrono::milliseconds(250));
  EXPECT_EQ(ParseDuration("2d"), std::chrono::hours(48));
  EXPECT_FALSE(ParseDuration("30").has_value());
  EXPECT_FALSE(ParseDuration("s").has_value());
  EXPECT_FALSE(ParseDuration("-5s").has_value());
  EXPECT_FALSE(ParseDuration("99999999999999999d").has_value());
}

}  // namespace
}  // namespace portcullis
