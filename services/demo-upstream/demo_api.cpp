#include "demo_api.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>

namespace portcullis::demo_upstream {
namespace {

bool IsToken68Char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~' || c == '+' || c == '/' || c == '=';
}

DemoReply JsonError(int status, std::string_view error) {
  DemoReply reply;
  reply.status = status;
  reply.body = nlohmann::json{{"error", error}}.dump() + "\n";
  return reply;
}

std::optional<int> ParseInt(const std::map<std::string, std::string>& query, const char* name,
                            int fallback, int max) {
  auto it = query.find(name);
  if (it == query.end()) return fallback;
  int value = 0;
  const std::string& text = it->second;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < 0 || value > max) {
    return std::nullopt;
  }
  return value;
}

}  // namespace

std::optional<std::string_view> ExtractBearer(std::string_view authorization) {
  constexpr std::string_view kScheme = "bearer ";
  if (authorization.size() <= kScheme.size()) return std::nullopt;
  for (size_t i = 0; i < kScheme.size(); ++i) {
    const char c = authorization[i];
    const char lower = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    if (lower != kScheme[i]) return std::nullopt;
  }
  std::string_view token = authorization.substr(kScheme.size());
  while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
  while (!token.empty() && token.back() == ' ') token.remove_suffix(1);
  if (token.empty() || !std::all_of(token.begin(), token.end(), IsToken68Char)) {
    return std::nullopt;
  }
  return token;
}

std::string SseEvent(int index, int total) {
  return "id: " + std::to_string(index) + "\nevent: tick\ndata: {\"seq\":" + std::to_string(index) +
         ",\"of\":" + std::to_string(total) + "}\n\n";
}

Result<StreamPlan> ParseStreamPlan(const std::map<std::string, std::string>& query,
                                   const DemoLimits& limits) {
  auto n = ParseInt(query, "n", 10, limits.max_events);
  if (!n) {
    return Error{ErrorCode::kBadRequest,
                 "n must be an integer in [0, " + std::to_string(limits.max_events) + "]"};
  }
  const int max_interval = static_cast<int>(limits.max_interval.count());
  auto interval = ParseInt(query, "interval_ms", 100, max_interval);
  if (!interval) {
    return Error{ErrorCode::kBadRequest,
                 "interval_ms must be an integer in [0, " + std::to_string(max_interval) + "]"};
  }
  return StreamPlan{*n, std::chrono::milliseconds(*interval)};
}

DemoReply DemoApi::Handle(const DemoRequest& request) const {
  std::optional<std::string_view> token;
  if (request.authorization) token = ExtractBearer(*request.authorization);
  if (!token) {
    DemoReply reply = JsonError(401, "unauthorized");
    reply.www_authenticate = "Bearer";
    return reply;
  }
  Result<Principal> principal = authenticator_.Authenticate(*token);
  if (!principal.ok()) {
    if (principal.error().code == ErrorCode::kUnavailable) return JsonError(503, "unavailable");
    DemoReply reply = JsonError(401, "invalid_token");
    reply.www_authenticate = "Bearer error=\"invalid_token\"";
    return reply;
  }

  const bool get = request.method == "GET";
  if (request.path == "/api/ping") {
    if (!get) return JsonError(405, "method_not_allowed");
    DemoReply reply;
    reply.content_type = "text/plain";
    reply.body = "pong";
    return reply;
  }
  if (request.path == "/api/whoami") {
    if (!get) return JsonError(405, "method_not_allowed");
    DemoReply reply;
    reply.body = "{\"provider\":" + nlohmann::json(principal->provider).dump() +
                 ",\"subject\":" + nlohmann::json(principal->subject).dump() +
                 ",\"claims\":" + principal->claims_json + "}\n";
    return reply;
  }
  if (request.path == "/api/stream") {
    if (!get) return JsonError(405, "method_not_allowed");
    Result<StreamPlan> plan = ParseStreamPlan(request.query, limits_);
    if (!plan.ok()) return JsonError(400, plan.error().detail);
    DemoReply reply;
    reply.content_type = "text/event-stream";
    reply.stream = *plan;
    return reply;
  }
  if (request.path == "/api/echo") {
    if (request.method != "POST") return JsonError(405, "method_not_allowed");
    DemoReply reply;
    reply.content_type =
        request.content_type.empty() ? "application/octet-stream" : request.content_type;
    reply.body = request.body;
    return reply;
  }
  return JsonError(404, "not_found");
}

}  // namespace portcullis::demo_upstream
