#include "portcullis/crypto/hash.h"

#include <gtest/gtest.h>

#include "portcullis/crypto/encoding.h"

namespace portcullis::crypto {
namespace {

// FIPS 180-2 Appendix B.1 / B.2.
TEST(HashTest, Sha256MatchesFipsVectors) {
  EXPECT_EQ(HexEncode(Sha256(AsBytes("abc"))),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(HexEncode(Sha256(AsBytes(""))),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(HexEncode(Sha256(AsBytes("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"))),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

// RFC 4231 test cases 1 and 2.
TEST(HashTest, HmacSha256MatchesRfc4231Vectors) {
  const Bytes key1(20, 0x0b);
  EXPECT_EQ(HexEncode(HmacSha256(key1, AsBytes("Hi There"))),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
  EXPECT_EQ(HexEncode(HmacSha256(AsBytes("Jefe"), AsBytes("what do ya want for nothing?"))),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(HashTest, HmacSha256AcceptsEmptyKey) {
  // Python: hmac.new(b"", b"", hashlib.sha256).hexdigest()
  EXPECT_EQ(HexEncode(HmacSha256({}, {})),
            "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad");
}

TEST(HashTest, ConstantTimeEqualsComparesContentAndLength) {
  EXPECT_TRUE(ConstantTimeEquals(AsBytes("same"), AsBytes("same")));
  EXPECT_FALSE(ConstantTimeEquals(AsBytes("same"), AsBytes("samf")));
  EXPECT_FALSE(ConstantTimeEquals(AsBytes("same"), AsBytes("sam")));
  EXPECT_TRUE(ConstantTimeEquals({}, {}));
}

}  // namespace
}  // namespace portcullis::crypto
