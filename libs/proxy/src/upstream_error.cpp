#include "portcullis/proxy/upstream_proxy.h"

namespace portcullis::proxy {

std::string_view ToString(UpstreamErrorCode code) {
  switch (code) {
    case UpstreamErrorCode::kBadRequest:
      return "bad_request";
    case UpstreamErrorCode::kRefused:
      return "refused";
    case UpstreamErrorCode::kReset:
      return "reset";
    case UpstreamErrorCode::kTimeout:
      return "timeout";
    case UpstreamErrorCode::kBadResponse:
      return "bad_response";
    case UpstreamErrorCode::kClientGone:
      return "client_gone";
    case UpstreamErrorCode::kOverloaded:
      return "overloaded";
  }
  return "unknown";
}

}  // namespace portcullis::proxy
