#include "test_controls.h"

namespace portcullis::dev_idp {
namespace {

using nlohmann::json;

HttpReply BadRequest(const std::string& detail) {
  return HttpReply::Json(400, json{{"error", "bad_request"}, {"error_description", detail}});
}

// Reads an optional integer member in [min, max] into *out. False (with *error set) when the
// member is present but not such an integer.
bool IntMember(const json& body, const char* key, int64_t min, int64_t max, int64_t* out,
               std::string* error) {
  if (!body.contains(key)) return true;
  const json& v = body[key];
  if (!v.is_number_integer() || v.get<int64_t>() < min || v.get<int64_t>() > max) {
    *error = std::string(key) + " must be an integer in [" + std::to_string(min) + ", " +
             std::to_string(max) + "]";
    return false;
  }
  *out = v.get<int64_t>();
  return true;
}

}  // namespace

HttpReply TestControlService::Handle(const std::string& name, const std::string& raw) {
  json body = raw.empty() ? json::object() : json::parse(raw, nullptr, false);
  if (!body.is_object()) return BadRequest("the body must be a JSON object");
  std::string error;
  if (name == "rotate-keys") {
    int64_t grace = 0;
    if (!IntMember(body, "grace_seconds", 0, 7 * 86400, &grace, &error)) return BadRequest(error);
    bool drop = body.value("drop_old", false);
    std::optional<Duration> keep;
    if (!drop) keep = std::chrono::seconds(grace);
    Result<std::string> kid = keys_.Rotate(keep);
    if (!kid.ok()) return HttpReply::Json(500, json{{"error", "key generation failed"}});
    return HttpReply::Json(200, json{{"kid", *kid}, {"jwks", keys_.Jwks()}});
  }
  if (name == "token-faults") {
    int64_t count = 1, status = 429, retry_after = -1;
    if (!IntMember(body, "count", 0, 1000000, &count, &error) ||
        !IntMember(body, "status", 429, 599, &status, &error) ||
        !IntMember(body, "retry_after", 0, 86400, &retry_after, &error)) {
      return BadRequest(error);
    }
    if (status != 429 && status < 500) return BadRequest("status must be 429 or 5xx");
    TokenFault fault{static_cast<int>(status), std::nullopt};
    if (retry_after >= 0) fault.retry_after_seconds = static_cast<int>(retry_after);
    state_.InjectTokenFaults(static_cast<int>(count), fault);
    return HttpReply::Json(200, json{{"count", count}, {"status", status}});
  }
  if (name == "lifetimes") {
    Lifetimes l = state_.lifetimes();
    int64_t access = l.access_token.count(), id = l.id_token.count(),
            refresh = l.refresh_token.count(), code = l.code.count();
    if (!IntMember(body, "access_token", 1, 86400 * 30, &access, &error) ||
        !IntMember(body, "id_token", 1, 86400 * 30, &id, &error) ||
        !IntMember(body, "refresh_token", 1, 86400 * 365, &refresh, &error) ||
        !IntMember(body, "code", 1, 3600, &code, &error)) {
      return BadRequest(error);
    }
    l = Lifetimes{std::chrono::seconds(access), std::chrono::seconds(id),
                  std::chrono::seconds(refresh), std::chrono::seconds(code)};
    state_.SetLifetimes(l);
    return HttpReply::Json(200, json{{"access_token", access},
                                     {"id_token", id},
                                     {"refresh_token", refresh},
                                     {"code", code}});
  }
  if (name == "revoke-refresh-token") {
    if (!body.contains("refresh_token") || !body["refresh_token"].is_string()) {
      return BadRequest("refresh_token (a string) is required");
    }
    if (!refresh_.RevokeToken(body["refresh_token"].get<std::string>())) {
      return HttpReply::Json(404, json{{"error", "not_found"}});
    }
    return HttpReply::Json(200, json{{"revoked", true}});
  }
  if (name == "counters") return HttpReply::Json(200, state_.Counters());
  return HttpReply::Json(404, json{{"error", "not_found"}, {"error_description", name}});
}

}  // namespace portcullis::dev_idp
