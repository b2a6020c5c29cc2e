#pragma once
// bytea <-> crypto::Bytes for the PostgreSQL adapter (libpqxx 6.4 has no std::span support).

#include <pqxx/pqxx>

#include "portcullis/crypto/bytes.h"

namespace portcullis::session_store::pg {

inline crypto::Bytes BytesOf(const pqxx::field& f) {
  pqxx::binarystring b(f);
  return crypto::Bytes(b.data(), b.data() + b.size());
}

inline pqxx::binarystring Bin(const crypto::Bytes& b) {
  return pqxx::binarystring(b.data(), b.size());
}

}  // namespace portcullis::session_store::pg
