// `authctl token ...` run as a process, the way the acceptance run drives it: the token on stdin
// as raw bytes, exit 0/1/2, claims on stdout, "invalid: <code>: <detail>" on stderr.
#include <openssl/pem.h>
#include <sys/wait.h>

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "portcullis/http/testing/loopback_http_server.h"
#include "test_support.h"

namespace portcullis::token {
namespace {

namespace fs = std::filesystem;

struct CliRun {
  int exit_code;
  std::string out;
  std::string err;
};

class TokenCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("token_cli_test_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
    Write("jwks.json", testing::JwksJson({&rs_, &es_, &ed_, &hs_}));
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string Write(const std::string& name, std::string_view content) {
    const fs::path p = dir_ / name;
    std::ofstream(p, std::ios::binary) << content;
    return p.string();
  }
  static std::string Read(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }
  CliRun Authctl(const std::string& args, std::string_view stdin_bytes) {
    const std::string in = Write("stdin", stdin_bytes);
    const std::string cmd = std::string(AUTHCTL_PATH) + " " + args + " < " + in + " > " +
                            (dir_ / "out").string() + " 2> " + (dir_ / "err").string();
    const int status = std::system(cmd.c_str());
    return CliRun{WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status),
                  Read(dir_ / "out"), Read(dir_ / "err")};
  }
  CliRun Verify(std::string_view token, const std::string& extra = "") {
    return Authctl("token verify --jwks " + (dir_ / "jwks.json").string() + " --issuer " +
                       testing::kIssuer + " --audience other," + testing::kAudience +
                       " --alg RS256,ES256,EdDSA,HS256 --leeway 0 --now " +
                       std::to_string(testing::kNow) + " " + extra,
                   token);
  }

  const Signer rs_ = testing::SignerFor(Algorithm::kRS256, "rs");
  const Signer es_ = testing::SignerFor(Algorithm::kES256, "es");
  const Signer ed_ = testing::SignerFor(Algorithm::kEdDSA, "ed");
  const Signer hs_ = testing::HmacSigner(Algorithm::kHS256, "hs");
  fs::path dir_;
};

TEST_F(TokenCliTest, ValidTokenExitsZeroWithClaimsOnStdout) {
  for (const Signer* s : {&rs_, &es_, &ed_, &hs_}) {
    const CliRun r = Verify(*s->Sign(testing::BasicClaims()));
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out, testing::BasicClaims() + "\n");
    EXPECT_EQ(r.err, "");
  }
}

TEST_F(TokenCliTest, InvalidTokenExitsOneWithCodeOnStderr) {
  std::string expired = testing::BasicClaims();
  expired.replace(expired.find(std::to_string(testing::kNow + 3600)), 10,
                  std::to_string(testing::kNow));
  const CliRun r = Verify(*rs_.Sign(expired));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err.rfind("invalid: expired: ", 0), 0u) << r.err;
  EXPECT_EQ(r.out, "");
}

TEST_F(TokenCliTest, RejectsAlgNone) {
  const std::string none =
      testing::B64(R"({"alg":"none"})") + "." + testing::B64(testing::BasicClaims()) + ".";
  const CliRun r = Verify(none);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err.rfind("invalid: alg_not_allowed: ", 0), 0u) << r.err;
}

TEST_F(TokenCliTest, DoesNotTrimTheToken) {
  const std::string token = *es_.Sign(testing::BasicClaims());
  EXPECT_EQ(Verify(token).exit_code, 0);
  EXPECT_EQ(Verify(token + "\n").exit_code, 1);
  EXPECT_EQ(Verify(" " + token).exit_code, 1);
  EXPECT_EQ(Verify("Bearer " + token).exit_code, 1);
  EXPECT_EQ(Verify("").exit_code, 1);
}

TEST_F(TokenCliTest, RejectsAMegabyteTokenBeforeParsing) {
  const CliRun r = Verify(std::string(1 << 20, 'a') + "." + std::string(10, 'b') + ".c");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("exceeds"), std::string::npos) << r.err;
}

TEST_F(TokenCliTest, SurvivesDeepNesting) {
  const std::string header =
      R"({"alg":"ES256","kid":"es","x":)" + std::string(60000, '[') + std::string(60000, ']') + "}";
  const CliRun r = Verify(testing::SignRaw(es_, header, testing::BasicClaims()));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err.rfind("invalid: malformed: ", 0), 0u) << r.err.substr(0, 200);
}

TEST_F(TokenCliTest, AcceptsATenantTemplateIssuer) {
  const std::string tid = "72f988bf-86f1-41af-91ab-2d7cd011db47";
  const std::string token = *rs_.Sign(testing::EntraClaims(tid, testing::kAudience, testing::kNow));
  const CliRun r = Authctl("token verify --jwks " + (dir_ / "jwks.json").string() +
                               " --issuer https://login.microsoftonline.com/{tenantid}/v2.0"
                               " --audience " +
                               testing::kAudience + " --alg RS256 --leeway 300 --now " +
                               std::to_string(testing::kNow),
                           token);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("\"tid\":\"" + tid + "\""), std::string::npos);
}

TEST_F(TokenCliTest, AlgListRestrictsAlgorithms) {
  const CliRun r = Authctl("token verify --jwks " + (dir_ / "jwks.json").string() + " --issuer " +
                               testing::kIssuer + " --audience " + testing::kAudience +
                               " --alg ES256 --now " + std::to_string(testing::kNow),
                           *hs_.Sign(testing::BasicClaims()));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err.rfind("invalid: alg_not_allowed", 0), 0u) << r.err;
}

TEST_F(TokenCliTest, WithoutAlgEveryAlgorithmIsBoundToItsKey) {
  const std::string base = "token verify --jwks " + (dir_ / "jwks.json").string() + " --issuer " +
                           testing::kIssuer + " --audience " + testing::kAudience + " --now ";
  for (const Signer* s : {&rs_, &es_, &ed_, &hs_}) {
    EXPECT_EQ(
        Authctl(base + std::to_string(testing::kNow), *s->Sign(testing::BasicClaims())).exit_code,
        0);
  }
  // Fractional --now: exp is kNow + 3600.
  const std::string token = *es_.Sign(testing::BasicClaims());
  EXPECT_EQ(Authctl(base + std::to_string(testing::kNow + 3599) + ".5", token).exit_code, 0);
  EXPECT_EQ(Authctl(base + std::to_string(testing::kNow + 3600) + ".0", token).exit_code, 1);
  EXPECT_EQ(Authctl(base + "1e300", token).exit_code, 2);
}

TEST_F(TokenCliTest, UsageErrorsExitTwo) {
  const std::string token = *es_.Sign(testing::BasicClaims());
  EXPECT_EQ(Authctl("token verify --issuer x --audience y", token).exit_code, 2);
  EXPECT_EQ(Verify(token, "--alg none").exit_code, 2);
  EXPECT_EQ(Verify(token, "--leeway soon").exit_code, 2);
  EXPECT_EQ(Verify(token, "--bogus 1").exit_code, 2);
  EXPECT_EQ(Authctl("token verify --jwks /nonexistent --issuer x --audience y", token).exit_code,
            2);
  EXPECT_EQ(Authctl("token frobnicate", token).exit_code, 2);
  EXPECT_EQ(Authctl("token", token).exit_code, 2);
}

TEST_F(TokenCliTest, VerifiesAgainstAJwksUrl) {
  const std::string jwks = testing::JwksJson({&es_});
  http::testing::LoopbackHttpServer server(
      [&](std::string_view) { return http::testing::LoopbackHttpServer::Response(200, jwks); });
  const CliRun r = Authctl("token verify --jwks " + server.Url("/keys") + " --issuer " +
                               testing::kIssuer + " --audience " + testing::kAudience +
                               " --alg ES256 --now " + std::to_string(testing::kNow),
                           *es_.Sign(testing::BasicClaims()));
  EXPECT_EQ(r.exit_code, 0) << r.err;
}

TEST_F(TokenCliTest, SignJwksAndVerifyRoundTrip) {
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_PrivateKey(bio, testing::EcKey("P-256").get(), nullptr, nullptr, 0, nullptr,
                           nullptr);
  char* data = nullptr;
  const long len = BIO_get_mem_data(bio, &data);
  const std::string key = Write("key.pem", std::string(data, static_cast<size_t>(len)));
  BIO_free(bio);
  const CliRun jwks = Authctl("token jwks --key " + key + " --kid dev-1", "");
  ASSERT_EQ(jwks.exit_code, 0) << jwks.err;
  EXPECT_NE(jwks.out.find("\"kid\":\"dev-1\""), std::string::npos);
  const std::string jwks_path = Write("pub.json", jwks.out);
  const CliRun signed_token =
      Authctl("token sign --key " + key + " --kid dev-1 --expires-in 600 --now " +
                  std::to_string(testing::kNow),
              std::string("{\"iss\":\"") + testing::kIssuer + "\",\"aud\":\"" + testing::kAudience +
                  "\",\"sub\":\"svc\"}");
  ASSERT_EQ(signed_token.exit_code, 0) << signed_token.err;
  std::string token = signed_token.out;
  ASSERT_EQ(token.back(), '\n');
  token.pop_back();
  const CliRun r = Authctl("token verify --jwks " + jwks_path + " --issuer " + testing::kIssuer +
                               " --audience " + testing::kAudience + " --alg ES256 --now " +
                               std::to_string(testing::kNow + 599),
                           token);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("\"sub\":\"svc\""), std::string::npos);
  const CliRun late = Authctl("token verify --jwks " + jwks_path + " --issuer " + testing::kIssuer +
                                  " --audience " + testing::kAudience + " --alg ES256 --now " +
                                  std::to_string(testing::kNow + 600),
                              token);
  EXPECT_EQ(late.exit_code, 1);
}

TEST_F(TokenCliTest, DecodeIsLabelledUnverified) {
  const CliRun r = Authctl("token decode", *ed_.Sign(testing::BasicClaims()));
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.err.find("WITHOUT"), std::string::npos);
  EXPECT_NE(r.out.find("\"verified\":false"), std::string::npos);
  EXPECT_NE(r.out.find("\"claims\":" + testing::BasicClaims()), std::string::npos);
  EXPECT_EQ(Authctl("token decode", "garbage").exit_code, 1);
}

}  // namespace
}  // namespace portcullis::token
