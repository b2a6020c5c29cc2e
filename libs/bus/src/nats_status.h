#pragma once
// natsStatus -> Error, for the adapter files only.

#include <nats/nats.h>

#include <string>
#include <string_view>

#include "portcullis/common/error.h"

namespace portcullis::bus {

// kUnavailable "<what>: <status text>" (every nats.c failure we see is about reachability or
// timing); the last error text of this thread is appended when it adds something.
inline Error NatsError(natsStatus s, std::string_view what) {
  std::string detail(what);
  detail.append(": ").append(natsStatus_GetText(s));
  natsStatus last = NATS_OK;
  const char* text = nats_GetLastError(&last);
  if (text != nullptr && last == s && *text != '\0' && detail.find(text) == std::string::npos) {
    detail.append(" (").append(text).append(")");
  }
  return Error{ErrorCode::kUnavailable, std::move(detail)};
}

}  // namespace portcullis::bus
