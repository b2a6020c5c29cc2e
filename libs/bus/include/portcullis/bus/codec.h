#pragma once
// msgpack encoding and bounded decoding of wire messages (proto/). Decode never throws: malformed,
// oversized or mistyped input becomes Error{kBadRequest, ...}, so a hostile payload costs at most
// a bounded amount of memory and never a crash.
//
//   std::string bytes = bus::Encode(req);
//   Result<GetRequest> r = bus::Decode<GetRequest>(bytes);   // limits default to DecodeLimits{}
//   if (!r.ok()) return r.error();                          // r.code() == ErrorCode::kBadRequest

#include <msgpack.hpp>

#include <cstddef>
#include <exception>
#include <string>
#include <string_view>

#include "portcullis/common/result.h"

namespace portcullis::bus {

// Limits applied before any object is built (msgpack::unpack_limit works per container, so the
// total size cap is what bounds memory: at most ~24 bytes of msgpack::object per input byte).
struct DecodeLimits {
  std::size_t max_bytes = 1 << 20;  // whole payload: 1 MiB
  std::size_t max_array = 65536;    // elements of one array
  std::size_t max_map = 4096;       // pairs of one map
  std::size_t max_str = 1 << 20;    // bytes of one string
  std::size_t max_bin = 1 << 20;    // bytes of one binary
  std::size_t max_ext = 1024;       // bytes of one extension
  std::size_t max_depth = 32;       // nesting of containers
};

// Unpacks `bytes` as exactly one msgpack map within `limits` (trailing bytes are an error).
// Returns kBadRequest with a short reason: too large, truncated, malformed, limit exceeded, not
// a map.
Result<msgpack::object_handle> UnpackMap(std::string_view bytes, const DecodeLimits& limits);

// Converts an unpacked map into T (a MSGPACK_DEFINE_MAP struct). Unknown keys are ignored and
// missing keys keep their defaults; a value of the wrong type is kBadRequest.
template <typename T>
Result<T> ConvertMap(const msgpack::object& object) {
  try {
    T out;
    object.convert(out);
    return out;
  } catch (const std::exception& e) {
    return Error{ErrorCode::kBadRequest, std::string("wrong field type: ") + e.what()};
  }
}

template <typename T>
Result<T> Decode(std::string_view bytes, const DecodeLimits& limits = {}) {
  Result<msgpack::object_handle> handle = UnpackMap(bytes, limits);
  if (!handle.ok()) return handle.error();
  return ConvertMap<T>(handle->get());
}

template <typename T>
std::string Encode(const T& message) {
  msgpack::sbuffer buffer;
  msgpack::pack(buffer, message);
  return {buffer.data(), buffer.size()};
}

}  // namespace portcullis::bus
