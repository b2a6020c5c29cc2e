#include "portcullis/crypto/crypto_error.h"

#include <gtest/gtest.h>

namespace portcullis::crypto {
namespace {

TEST(CryptoErrorTest, MadeErrorCarriesCoarseCodeAndPreciseName) {
  const Error e = MakeCryptoError(CryptoError::kUnknownKeyId, "key id 'k9' is not in the ring");
  EXPECT_EQ(e.code, ErrorCode::kBadRequest);
  EXPECT_EQ(e.detail, "unknown_key_id: key id 'k9' is not in the ring");
  EXPECT_EQ(CryptoErrorOf(e), CryptoError::kUnknownKeyId);
}

TEST(CryptoErrorTest, EveryPreciseErrorRoundTrips) {
  for (CryptoError c : {CryptoError::kMalformed, CryptoError::kAuthenticationFailed,
                        CryptoError::kUnknownKeyId, CryptoError::kBadKey, CryptoError::kInternal}) {
    EXPECT_EQ(CryptoErrorOf(MakeCryptoError(c, "x")), c) << ToString(c);
  }
}

TEST(CryptoErrorTest, BadKeyAndInternalMapToInternal) {
  EXPECT_EQ(ToErrorCode(CryptoError::kBadKey), ErrorCode::kInternal);
  EXPECT_EQ(ToErrorCode(CryptoError::kInternal), ErrorCode::kInternal);
  EXPECT_EQ(ToErrorCode(CryptoError::kMalformed), ErrorCode::kBadRequest);
  EXPECT_EQ(ToErrorCode(CryptoError::kAuthenticationFailed), ErrorCode::kBadRequest);
}

TEST(CryptoErrorTest, ErrorNotMadeByCryptoHasNoPreciseError) {
  EXPECT_EQ(CryptoErrorOf(Error{ErrorCode::kBadRequest, "malformed request body"}), std::nullopt);
  EXPECT_EQ(CryptoErrorOf(Error{ErrorCode::kInternal, "unknown_key_id: wrong coarse code"}),
            std::nullopt);
}

}  // namespace
}  // namespace portcullis::crypto
