#include "portcullis/crypto/envelope.h"

#include "aes_gcm.h"
#include "portcullis/crypto/crypto_error.h"
#include "portcullis/crypto/random.h"

namespace portcullis::crypto {
namespace {

static_assert(kEnvelopeNonceSize == kAesGcmIvSize && kEnvelopeTagSize == kAesGcmTagSize);
static_assert(KeyRing::kMaxKeyIdSize <= 255, "the key id length is one byte");

// The parsed view of an envelope; borrows the envelope's bytes.
struct Parts {
  ByteView header;  // version, id_len, key id: authenticated as associated data
  std::string_view key_id;
  ByteView nonce;
  ByteView ciphertext;
  ByteView tag;
};

Result<Parts> Split(ByteView envelope) {
  if (envelope.size() < 2) return MakeCryptoError(CryptoError::kMalformed, "envelope too short");
  if (envelope[0] != kEnvelopeVersion) {
    return MakeCryptoError(CryptoError::kMalformed,
                           "unknown envelope version " + std::to_string(envelope[0]));
  }
  const size_t id_len = envelope[1];
  const size_t header_len = 2 + id_len;
  if (id_len == 0 || envelope.size() < header_len + kEnvelopeNonceSize + kEnvelopeTagSize) {
    return MakeCryptoError(CryptoError::kMalformed, "envelope too short");
  }
  Parts parts;
  parts.header = envelope.subspan(0, header_len);
  parts.key_id = AsStringView(envelope.subspan(2, id_len));
  parts.nonce = envelope.subspan(header_len, kEnvelopeNonceSize);
  const size_t body = header_len + kEnvelopeNonceSize;
  parts.ciphertext = envelope.subspan(body, envelope.size() - body - kEnvelopeTagSize);
  parts.tag = envelope.subspan(envelope.size() - kEnvelopeTagSize);
  return parts;
}

Bytes Concat(ByteView a, ByteView b) {
  Bytes out;
  out.reserve(a.size() + b.size());
  out.insert(out.end(), a.begin(), a.end());
  out.insert(out.end(), b.begin(), b.end());
  return out;
}

}  // namespace

Result<Bytes> Seal(const KeyRing& ring, ByteView plaintext, ByteView associated_data) {
  const std::string& id = ring.active_id();
  Bytes envelope;
  envelope.reserve(2 + id.size() + kEnvelopeNonceSize + plaintext.size() + kEnvelopeTagSize);
  envelope.push_back(kEnvelopeVersion);
  envelope.push_back(static_cast<uint8_t>(id.size()));
  envelope.insert(envelope.end(), id.begin(), id.end());
  const size_t header_len = envelope.size();
  envelope.resize(header_len + kEnvelopeNonceSize);
  if (Status s = FillRandom(std::span(envelope).subspan(header_len)); !s.ok()) return s.error();

  const ByteView header(envelope.data(), header_len);
  const ByteView nonce(envelope.data() + header_len, kEnvelopeNonceSize);
  Result<GcmSealed> sealed =
      Aes256GcmEncrypt(ring.active_key().view(), nonce, plaintext, Concat(header, associated_data));
  if (!sealed.ok()) return sealed.error();
  envelope.insert(envelope.end(), sealed->ciphertext.begin(), sealed->ciphertext.end());
  envelope.insert(envelope.end(), sealed->tag.begin(), sealed->tag.end());
  return envelope;
}

Result<SecretBytes> Open(const KeyRing& ring, ByteView envelope, ByteView associated_data) {
  Result<Parts> parts = Split(envelope);
  if (!parts.ok()) return parts.error();
  const SecretBytes* key = ring.Find(parts->key_id);
  if (key == nullptr) {
    // Key ids are not secret, and naming it tells an operator which key was retired too early.
    // Split only checked the length byte, so print the id only when it is a valid id.
    const std::string shown =
        KeyRing::IsValidKeyId(parts->key_id) ? std::string(parts->key_id) : "<invalid>";
    return MakeCryptoError(CryptoError::kUnknownKeyId,
                           "key id '" + shown + "' is not in the key ring");
  }
  return Aes256GcmDecrypt(key->view(), parts->nonce, parts->ciphertext,
                          Concat(parts->header, associated_data), parts->tag);
}

Result<std::string> EnvelopeKeyId(ByteView envelope) {
  Result<Parts> parts = Split(envelope);
  if (!parts.ok()) return parts.error();
  return std::string(parts->key_id);
}

}  // namespace portcullis::crypto
