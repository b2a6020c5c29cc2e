// The published examples: RFC 7515 A.1 (HS256), A.2 (RS256), A.3 (ES256), A.4 (ES512) and RFC 8037
// A.4/A.5 (Ed25519), byte for byte from the RFC texts.
#include <gtest/gtest.h>

#include "portcullis/token/jws.h"
#include "portcullis/token/signature.h"
#include "portcullis/token/verifier.h"
#include "test_support.h"

namespace portcullis::token {
namespace {

constexpr const char* kA1Token =
    "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0"
    "dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
constexpr const char* kA1Jwk =
    R"({"kty":"oct","k":"AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow"})";

constexpr const char* kA2Token =
    "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNv"
    "bS9pc19yb290Ijp0cnVlfQ.cC4hiUPoj9Eetdgtv3hF80EGrhuB__"
    "dzERat0XF9g2VtQgr9PJbu3XOiZj5RZmh7AAuHIm4B"
    "h-0Qc_lF5YKt_O8W2Fp5jujGbds9uJdbF9CUAr7t1dnZcAcQjbKBYNX4BAynRFdiuB--f_"
    "nZLgrnbyTyWzO75vRK5h6xBArL"
    "IARNPvkSjtQBMHlb1L07Qe7K0GarZRmB_eSN9383LcOLn6_dO--xi12jzDwusC-"
    "eOkHWEsqtFZESc6BfI7noOPqvhJ1phCnv"
    "Wh6IeYI2w9QOYEUipUTI8np6LbgGY9Fs98rqVt5AXLIhWkWywlVmtVrBp0igcN_IoypGlUPQGe77Rw";
constexpr const char* kA2Jwk =
    R"({"kty":"RSA","e":"AQAB","n":"ofgWCuLjybRlzo0tZWJjNiuSfb4p4fAkd_wWJcyQoTbji9k0l8W26mPddxHmfHQp-Vaw-4qPCJrcS2mJPMEzP1Pt0Bm4d4QlL-yRT-SFd2lZS-pCgNMsD1W_YpRPEwOWvG6b32690r2jZ47soMZo9wGzjb_7OMg0LOL-bSf63kpaSHSXndS5z5rexMdbBYUsLA9e-KXBdQOS-UTo7WTBEMa2R2CapHg665xsmtdVMTBQY4uDZlxvb3qCo5ZwKh9kG4LT6_I5IhlJH7aGhyxXFvUK-DWNmoudF8NAco9_h9iaGNj8q2ethFkMLs91kzk2PAcDTW9gb54h4FRWyuXpoQ"})";

constexpr const char* kA3Token =
    "eyJhbGciOiJFUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNv"
    "bS9pc19yb290Ijp0cnVlfQ.DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-"
    "F4GawxaepmXFCgfTjDxw5djxLa8ISlSApmWQxfKT"
    "UJqPP3-Kg6NU1Q";
constexpr const char* kA3Jwk =
    R"({"kty":"EC","crv":"P-256","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"})";

constexpr const char* kA4Token =
    "eyJhbGciOiJFUzUxMiJ9.UGF5bG9hZA.AdwMgeerwtHoh-l192l60hp9wAHZFVJbLfD_UxMi70cwnZOYaRI1bKPWROc-"
    "mZZq"
    "wqT2SI-KGDKB34XO0aw_"
    "7XdtAG8GaSwFKdCAPZgoXD2YBJZCPEX3xKpRwcdOO8KpEHwJjyqOgzDO7iKvU8vcnwNrmxYbSW9E"
    "RBXukOXolLzeO_Jn";
constexpr const char* kA4Jwk =
    R"({"kty":"EC","crv":"P-521","x":"AekpBQ8ST8a8VcfVOTNl353vSrDCLLJXmPk06wTjxrrjcBpXp5EOnYG_NjFZ6OvLFV1jSfS9tsz4qUxcWceqwQGk","y":"ADSmRA43Z1DSNx_RvcLI87cdL07l6jQyyBXMoxVg_l2Th-x3S1WDhjDly79ajL4Kkd0AZMaZmh9ubmf63e3kyMj2"})";

constexpr const char* kEd25519Token =
    "eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc.hgyY0il_MGCjP0JzlnLWG1PPOt7-"
    "09PGcvMg3A"
    "IbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg";
constexpr const char* kEd25519Jwk =
    R"({"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"})";

// The RFC 7515 examples expire at 1300819380 (2011-03-22T18:43:00Z) and are issued by "joe".
constexpr int64_t kRfcNow = 1300819000;

VerifyPolicy RfcPolicy(Algorithm alg) {
  VerifyPolicy p;
  p.algorithms = {alg};
  p.issuers = {"joe"};
  p.audiences = {"unused"};
  return p;
}

JwkSet SetOf(const char* jwk) { return *JwkSet::Parse(std::string("{\"keys\":[") + jwk + "]}"); }

// The RFC examples carry no "aud"; everything but the audience must pass.
void ExpectVerifiesUpToAudience(const char* token, const char* jwk, Algorithm alg) {
  auto r = VerifyJws(token, SetOf(jwk), RfcPolicy(alg), testing::At(kRfcNow));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.code(), TokenErrorCode::kMissingClaim) << r.error().ToString();
  EXPECT_NE(r.error().detail.find("aud"), std::string::npos);
  // One payload byte changed: the signature no longer verifies.
  std::string tampered = token;
  const size_t at = tampered.find('.') + 5;
  tampered[at] = tampered[at] == 'A' ? 'B' : 'A';
  auto bad = VerifyJws(tampered, SetOf(jwk), RfcPolicy(alg), testing::At(kRfcNow));
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.code(), TokenErrorCode::kMissingClaim);
}

TEST(RfcVectorsTest, Rfc7515A1Hs256Verifies) {
  ExpectVerifiesUpToAudience(kA1Token, kA1Jwk, Algorithm::kHS256);
  VerifyPolicy p = RfcPolicy(Algorithm::kHS256);
  p.audiences.clear();
  auto parsed = ParseJws(kA1Token);
  ASSERT_TRUE(parsed.ok());
  const auto key = Jwk::ParseText(kA1Jwk);
  ASSERT_TRUE(key.ok());
  EXPECT_TRUE(VerifySignature(Algorithm::kHS256, *key,
                              std::string_view(kA1Token).substr(0, parsed->signing_input_size),
                              parsed->signature)
                  .ok());
}

TEST(RfcVectorsTest, Rfc7515A2Rs256Verifies) {
  ExpectVerifiesUpToAudience(kA2Token, kA2Jwk, Algorithm::kRS256);
}

TEST(RfcVectorsTest, Rfc7515A3Es256Verifies) {
  ExpectVerifiesUpToAudience(kA3Token, kA3Jwk, Algorithm::kES256);
}

TEST(RfcVectorsTest, Rfc7515A4Es512Verifies) {
  // The payload is the text "Payload", not JSON: check the signature itself.
  auto parts = SplitJws(kA4Token);
  ASSERT_TRUE(parts.ok());
  EXPECT_EQ(parts->payload, "Payload");
  EXPECT_EQ(parts->signature.size(), 132u);
  const auto key = Jwk::ParseText(kA4Jwk);
  ASSERT_TRUE(key.ok()) << key.error().detail;
  const std::string_view input =
      std::string_view(kA4Token).substr(0, std::string_view(kA4Token).rfind('.'));
  EXPECT_TRUE(VerifySignature(Algorithm::kES512, *key, input, parts->signature).ok());
  std::string flipped = parts->signature;
  flipped[70] ^= 1;
  EXPECT_EQ(VerifySignature(Algorithm::kES512, *key, input, flipped).code(),
            TokenErrorCode::kBadSignature);
  // Through the verifier the non-JSON payload is malformed.
  EXPECT_EQ(
      VerifyJws(kA4Token, SetOf(kA4Jwk), RfcPolicy(Algorithm::kES512), testing::At(kRfcNow)).code(),
      TokenErrorCode::kMalformed);
}

TEST(RfcVectorsTest, Rfc8037Ed25519Verifies) {
  auto parts = SplitJws(kEd25519Token);
  ASSERT_TRUE(parts.ok());
  EXPECT_EQ(parts->payload, "Example of Ed25519 signing");
  const auto key = Jwk::ParseText(kEd25519Jwk);
  ASSERT_TRUE(key.ok());
  const std::string_view token = kEd25519Token;
  const std::string_view input = token.substr(0, token.rfind('.'));
  EXPECT_TRUE(VerifySignature(Algorithm::kEdDSA, *key, input, parts->signature).ok());
  EXPECT_EQ(
      VerifySignature(Algorithm::kEdDSA, *key, std::string(input) + "x", parts->signature).code(),
      TokenErrorCode::kBadSignature);
}

TEST(RfcVectorsTest, Rfc8037SigningReproducesTheExample) {
  // RFC 8037 A.1: the private key; Ed25519 is deterministic, so signing gives the same bytes.
  const char* jwk =
      R"({"kty":"OKP","crv":"Ed25519","d":"nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"})";
  auto signer = Signer::FromJwk(jwk);
  ASSERT_TRUE(signer.ok()) << signer.error().detail;
  auto token = signer->SignRaw(R"({"alg":"EdDSA"})", "Example of Ed25519 signing");
  ASSERT_TRUE(token.ok());
  EXPECT_EQ(*token, kEd25519Token);
  // RFC 8037 A.3: the thumbprint of the public key.
  EXPECT_EQ(Thumbprint(signer->PublicJwk()), "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k");
}

TEST(RfcVectorsTest, Rfc7515A5UnsecuredIsRefused) {
  const std::string a5 =
      "eyJhbGciOiJub25lIn0.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNv"
      "bS9pc19yb290Ijp0cnVlfQ.";
  EXPECT_EQ(VerifyJws(a5, SetOf(kA2Jwk), RfcPolicy(Algorithm::kRS256), testing::At(kRfcNow)).code(),
            TokenErrorCode::kAlgNotAllowed);
}

}  // namespace
}  // namespace portcullis::token
