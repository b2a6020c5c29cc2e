// JWT-RULES.md §20 (Entra ID v1/v2, multi-tenant issuers) and the typed Entra claims view.
#include <gtest/gtest.h>

#include "portcullis/token/verifier.h"
#include "test_support.h"

namespace portcullis::token {
namespace {

using testing::At;
using testing::kNow;
using testing::kValid;

constexpr const char* kTid = "72f988bf-86f1-41af-91ab-2d7cd011db47";
constexpr const char* kClient = "6e74172b-be56-4843-9ff4-e66a39bb12e3";
constexpr const char* kV2Template = "https://login.microsoftonline.com/{tenantid}/v2.0";
constexpr const char* kV1Template = "https://sts.windows.net/{tenantid}/";

class EntraTest : public ::testing::Test {
 protected:
  const Signer signer_ = testing::SignerFor(Algorithm::kRS256, "nOo3ZDrODXEK1jKWhXslHR_KXEg");
  // Entra's JWKS: no alg, kid == x5t, extra members.
  JwkSet Keys() const {
    std::string jwk = signer_.PublicJwk().PublicJson();
    jwk = jwk.substr(0, jwk.find(",\"kid\""));
    jwk +=
        R"(,"use":"sig","kid":"nOo3ZDrODXEK1jKWhXslHR_KXEg","x5t":"nOo3ZDrODXEK1jKWhXslHR_KXEg",)"
        R"("x5c":["MIIC/TCCAeWgAwIBAgIIUd7j/OIahkYwDQ"],"issuer":"https://login.microsoftonline.com/{tenantid}/v2.0"})";
    return *JwkSet::Parse("{\"keys\":[" + jwk + "]}");
  }
  TokenErrorCode Code(const std::string& claims, VerifyPolicy policy,
                      std::string_view header = "") {
    const std::string h = header.empty()
                              ? R"({"typ":"JWT","alg":"RS256","kid":"nOo3ZDrODXEK1jKWhXslHR_KXEg"})"
                              : std::string(header);
    auto r = VerifyJws(testing::SignRaw(signer_, h, claims), Keys(), policy, At(kNow));
    return r.ok() ? kValid : r.code();
  }
  static VerifyPolicy Policy(std::vector<std::string> issuers, std::vector<std::string> auds) {
    VerifyPolicy p;
    p.algorithms = {Algorithm::kRS256};
    p.issuers = std::move(issuers);
    p.audiences = std::move(auds);
    p.leeway = std::chrono::seconds(300);
    return p;
  }
  static std::string Claims(std::string_view iss, std::string_view aud, std::string_view tid,
                            int64_t exp = kNow + 3600) {
    return "{\"aud\":\"" + std::string(aud) + "\",\"iss\":\"" + std::string(iss) +
           "\",\"iat\":" + std::to_string(kNow - 100) + ",\"nbf\":" + std::to_string(kNow - 100) +
           ",\"exp\":" + std::to_string(exp) + ",\"tid\":\"" + std::string(tid) +
           "\",\"oid\":\"o\",\"ver\":\"1.0\"}";
  }
};

TEST_F(EntraTest, AcceptsV2TokensWithATenantTemplate) {
  const std::string iss = std::string("https://login.microsoftonline.com/") + kTid + "/v2.0";
  EXPECT_EQ(Code(Claims(iss, kClient, kTid), Policy({kV2Template}, {kClient})), kValid);
}

TEST_F(EntraTest, AcceptsV1TokensWithTrailingSlashIssuer) {
  const std::string iss = std::string("https://sts.windows.net/") + kTid + "/";
  const std::string aud = std::string("api://") + kClient;
  EXPECT_EQ(Code(Claims(iss, aud, kTid), Policy({kV1Template, kV2Template}, {aud, kClient})),
            kValid);
  // Without the trailing slash it is another issuer.
  EXPECT_EQ(Code(Claims(iss.substr(0, iss.size() - 1), aud, kTid), Policy({kV1Template}, {aud})),
            TokenErrorCode::kBadIssuer);
}

TEST_F(EntraTest, TemplateNeedsAGuidTidThatMatchesIss) {
  const VerifyPolicy p = Policy({kV2Template}, {kClient});
  const std::string base = "https://login.microsoftonline.com/";
  EXPECT_EQ(Code(Claims(base + "common/v2.0", kClient, "common"), p), TokenErrorCode::kBadIssuer);
  EXPECT_EQ(Code(Claims(base + "organizations/v2.0", kClient, "organizations"), p),
            TokenErrorCode::kBadIssuer);
  const std::string other = "11111111-2222-3333-4444-555555555555";
  EXPECT_EQ(Code(Claims(base + other + "/v2.0", kClient, kTid), p), TokenErrorCode::kBadIssuer);
  const std::string pathy = std::string(kTid) + "/v2.0/x";
  EXPECT_EQ(Code(Claims(base + pathy + "/v2.0", kClient, pathy), p), TokenErrorCode::kBadIssuer);
  EXPECT_EQ(Code(Claims(base + "{tenantid}/v2.0", kClient, "{tenantid}"), p),
            TokenErrorCode::kBadIssuer);
  // No tid at all.
  const std::string no_tid = "{\"aud\":\"" + std::string(kClient) + "\",\"iss\":\"" + base + kTid +
                             "/v2.0\",\"exp\":" + std::to_string(kNow + 60) + "}";
  EXPECT_EQ(Code(no_tid, p), TokenErrorCode::kBadIssuer);
}

TEST_F(EntraTest, AllowedTenantsRestrictTheTemplate) {
  VerifyPolicy p = Policy({kV2Template}, {kClient});
  p.allowed_tenants = {"11111111-2222-3333-4444-555555555555"};
  const std::string iss = std::string("https://login.microsoftonline.com/") + kTid + "/v2.0";
  EXPECT_EQ(Code(Claims(iss, kClient, kTid), p), TokenErrorCode::kBadIssuer);
  p.allowed_tenants.push_back(kTid);
  EXPECT_EQ(Code(Claims(iss, kClient, kTid), p), kValid);
}

TEST_F(EntraTest, ToleratesTheUsualFiveMinutesOfSkew) {
  const std::string iss = std::string("https://login.microsoftonline.com/") + kTid + "/v2.0";
  EXPECT_EQ(Code(Claims(iss, kClient, kTid, kNow - 299), Policy({kV2Template}, {kClient})), kValid);
  EXPECT_EQ(Code(Claims(iss, kClient, kTid, kNow - 300), Policy({kV2Template}, {kClient})),
            TokenErrorCode::kExpired);
}

TEST_F(EntraTest, RejectsGraphTokensWithAHeaderNonce) {
  const std::string iss = std::string("https://sts.windows.net/") + kTid + "/";
  EXPECT_EQ(
      Code(Claims(iss, "00000003-0000-0000-c000-000000000000", kTid),
           Policy({kV1Template}, {"00000003-0000-0000-c000-000000000000"}),
           R"({"typ":"JWT","nonce":"abc","alg":"RS256","kid":"nOo3ZDrODXEK1jKWhXslHR_KXEg"})"),
      TokenErrorCode::kUnsupportedHeader);
}

TEST_F(EntraTest, ExposesTypedEntraClaims) {
  std::string claims = testing::EntraClaims(kTid, kClient, kNow);
  claims.pop_back();
  claims +=
      R"(,"_claim_names":{"groups":"src1"},"_claim_sources":{"src1":{"endpoint":"https://graph.microsoft.com/v1.0/users/o/getMemberObjects"}},"appid":"legacy"})";
  auto r = VerifyJws(
      testing::SignRaw(signer_, R"({"alg":"RS256","kid":"nOo3ZDrODXEK1jKWhXslHR_KXEg"})", claims),
      Keys(), Policy({kV2Template}, {kClient}), At(kNow));
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  const token::Claims& c = r->claims;
  EXPECT_EQ(c.Oid(), "9a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d");
  EXPECT_EQ(c.Tid(), kTid);
  EXPECT_EQ(c.Upn(), "ada@contoso.example");
  EXPECT_EQ(c.PreferredUsername(), "ada@contoso.example");
  EXPECT_EQ(c.Email(), "ada.lovelace@contoso.example");
  EXPECT_EQ(c.Name(), "Ada Lovelace");
  EXPECT_EQ(c.Version(), "2.0");
  EXPECT_EQ(c.IdType(), "user");
  EXPECT_EQ(c.AuthorizedParty(), "0c8b1e2d-3f4a-4b5c-8d6e-7f8091a2b3c4");  // azp before appid
  EXPECT_EQ(c.Roles(),
            (std::vector<std::string_view>{"Agents.Invoke", "Agents.Read", "Tools.Execute"}));
  EXPECT_EQ(c.Scopes(),
            (std::vector<std::string_view>{"access_as_user", "Files.Read", "User.Read"}));
  EXPECT_EQ(c.Groups().size(), 1u);
  EXPECT_EQ(c.Wids(), (std::vector<std::string_view>{"b79fbf4d-3ef9-4689-8143-76b194e85509"}));
  EXPECT_TRUE(c.HasGroupOverage());
  EXPECT_EQ(c.GroupsOverageEndpoint(), "https://graph.microsoft.com/v1.0/users/o/getMemberObjects");
  EXPECT_EQ(c.Audiences(), (std::vector<std::string_view>{kClient}));
  ASSERT_TRUE(c.Get("xms_tcdt"));
  EXPECT_EQ(c.Get("xms_tcdt")->AsNumber(), 1600000000);
  EXPECT_EQ(c.Expiry(), static_cast<double>(kNow + 3600));
}

TEST(EntraGuidTest, RecognisesCanonicalGuids) {
  EXPECT_TRUE(IsGuid("72f988bf-86f1-41af-91ab-2d7cd011db47"));
  EXPECT_TRUE(IsGuid("72F988BF-86F1-41AF-91AB-2D7CD011DB47"));
  EXPECT_FALSE(IsGuid("common"));
  EXPECT_FALSE(IsGuid("72f988bf86f141af91ab2d7cd011db47"));
  EXPECT_FALSE(IsGuid("{72f988bf-86f1-41af-91ab-2d7cd011db47}"));
  EXPECT_FALSE(IsGuid("72f988bf-86f1-41af-91ab-2d7cd011db4g"));
  EXPECT_FALSE(IsGuid("72f988bf-86f1-41af-91ab/2d7cd011db47"));
}

}  // namespace
}  // namespace portcullis::token
