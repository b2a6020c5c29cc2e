#include "portcullis/bus/codec.h"

#include <string>

namespace portcullis::bus {

Result<msgpack::object_handle> UnpackMap(std::string_view bytes, const DecodeLimits& limits) {
  if (bytes.size() > limits.max_bytes) {
    return Error{ErrorCode::kBadRequest, "payload of " + std::to_string(bytes.size()) +
                                             " bytes exceeds the limit of " +
                                             std::to_string(limits.max_bytes)};
  }
  if (bytes.empty()) return Error{ErrorCode::kBadRequest, "empty payload"};
  msgpack::unpack_limit limit(limits.max_array, limits.max_map, limits.max_str, limits.max_bin,
                              limits.max_ext, limits.max_depth);
  std::size_t offset = 0;
  msgpack::object_handle handle;
  try {
    handle = msgpack::unpack(bytes.data(), bytes.size(), offset, nullptr, nullptr, limit);
  } catch (const msgpack::size_overflow& e) {
    return Error{ErrorCode::kBadRequest, std::string("msgpack limit exceeded: ") + e.what()};
  } catch (const msgpack::insufficient_bytes&) {
    return Error{ErrorCode::kBadRequest, "truncated msgpack"};
  } catch (const std::exception& e) {
    return Error{ErrorCode::kBadRequest, std::string("malformed msgpack: ") + e.what()};
  }
  if (offset != bytes.size()) {
    return Error{ErrorCode::kBadRequest, "trailing bytes after the msgpack map"};
  }
  if (handle.get().type != msgpack::type::MAP) {
    return Error{ErrorCode::kBadRequest, "payload is not a msgpack map"};
  }
  return handle;
}

}  // namespace portcullis::bus
