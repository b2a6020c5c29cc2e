// authctl token: verify, decode, sign and publish JWTs with libs/token.
//
//   authctl token verify --jwks FILE_OR_URL --issuer ISS --audience AUD[,AUD] [--alg ALG[,ALG]]
//                        [--leeway S] [--now UNIX] [--max-age S] [--require CLAIM[,CLAIM]]
//                        (no --alg: every algorithm, each still bound to its key's kty/crv/alg)
//                        [--tenants GUID[,GUID]] [--max-bytes N]        < token
//   authctl token decode                                                  < token
//   authctl token sign --key FILE [--alg ALG] [--kid KID] [--expires-in S] [--now UNIX] < claims
//   authctl token jwks --key FILE [--alg ALG] [--kid KID]
//
// verify reads the token from stdin as raw bytes (no trimming): exit 0 and the claims as JSON on
// stdout when valid; exit 1 and "invalid: <code>: <detail>" on stderr when not; exit 2 on usage
// errors (including an unreadable or unparseable JWKS).
#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <optional>
#include <sstream>
#include <string>

#include "command.h"
#include "flags.h"
#include "portcullis/common/clock.h"
#include "portcullis/http/curl_http_fetcher.h"
#include "portcullis/token/base64url.h"
#include "portcullis/token/jws.h"
#include "portcullis/token/signer.h"
#include "portcullis/token/verifier.h"

namespace portcullis::authctl {
namespace {

using token::Algorithm;

constexpr const char* kTokenUsage =
    "usage: authctl token verify --jwks FILE_OR_URL --issuer ISS --audience AUD[,AUD]\n"
    "                            [--alg ALG[,ALG]] [--leeway S] [--now UNIX] [--max-age S]\n"
    "                            [--require CLAIM[,CLAIM]] [--tenants GUID[,GUID]]\n"
    "                            [--max-bytes N]  < token\n"
    "       authctl token decode  < token          (no verification)\n"
    "       authctl token sign --key FILE [--alg ALG] [--kid KID] [--expires-in S] [--now UNIX]"
    "  < claims.json\n"
    "       authctl token jwks --key FILE [--alg ALG] [--kid KID]\n";

int TokenUsageError(const std::string& why) {
  if (!why.empty()) std::fprintf(stderr, "authctl token: %s\n", why.c_str());
  std::fputs(kTokenUsage, stderr);
  return kExitUsage;
}

std::vector<std::string> SplitCsv(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream in(s);
  for (std::string item; std::getline(in, item, ',');) out.push_back(item);
  return out;
}

std::optional<int64_t> ParseInt(const std::string& s) {
  int64_t v = 0;
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || ptr != s.data() + s.size()) return std::nullopt;
  return v;
}

// Reads at most `limit` bytes of stdin, byte for byte (no trimming, no newline handling).
std::string ReadStdin(size_t limit) {
  std::string data;
  char buf[65536];
  while (data.size() < limit) {
    const size_t n = std::fread(buf, 1, std::min(sizeof(buf), limit - data.size()), stdin);
    if (n == 0) break;
    data.append(buf, n);
  }
  return data;
}

std::optional<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::optional<std::string> LoadJwks(const std::string& source, std::string& error) {
  if (source.starts_with("http://") || source.starts_with("https://")) {
    http::CurlHttpFetcher fetcher;
    const http::FetchResult r = fetcher.Get(source, http::FetchOptions{});
    if (!r.ok())
      return error = std::string(http::ToString(r.error().code)) + ": " + r.error().detail,
             std::nullopt;
    if (r->status != 200) return error = "HTTP " + std::to_string(r->status), std::nullopt;
    return r->body;
  }
  auto text = ReadFile(source);
  if (!text) error = "cannot read " + source;
  return text;
}

int RunVerify(const std::vector<std::string>& args) {
  auto parsed = Flags::Parse(args, 1,
                             {{"jwks"},
                              {"issuer", FlagKind::kRepeated},
                              {"audience"},
                              {"alg"},
                              {"leeway"},
                              {"now"},
                              {"max-age"},
                              {"require"},
                              {"tenants"},
                              {"max-bytes"}});
  if (!parsed.ok()) return TokenUsageError(parsed.error().detail);
  const Flags& f = *parsed;
  if (!f.Get("jwks") || f.All("issuer").empty() || !f.Get("audience")) {
    return TokenUsageError("verify needs --jwks, --issuer and --audience");
  }
  token::VerifyPolicy policy;
  policy.issuers = f.All("issuer");
  policy.audiences = SplitCsv(*f.Get("audience"));
  // Without --alg every algorithm may be used: key selection already binds the alg to the key's
  // kty/crv/alg, and a JWKS that publishes an oct key means HS* is intended.
  policy.algorithms = token::AllAlgorithms();
  if (auto algs = f.Get("alg")) {
    auto parsed = token::ParseAlgorithmList(*algs);
    if (!parsed) return TokenUsageError("unknown algorithm in --alg " + *algs);
    policy.algorithms = *parsed;
  }
  TimePoint now = SystemClock().Now();
  for (const auto& [name, target] :
       {std::pair<const char*, int>{"leeway", 0}, {"now", 1}, {"max-age", 2}, {"max-bytes", 3}}) {
    auto value = f.Get(name);
    if (!value) continue;
    if (target == 1) {
      // Fractional seconds are accepted for --now; the range keeps the conversion defined.
      double seconds = 0;
      const auto [ptr, ec] = std::from_chars(value->data(), value->data() + value->size(), seconds);
      if (ec != std::errc() || ptr != value->data() + value->size() || !(seconds > -1e11) ||
          !(seconds < 1e11)) {
        return TokenUsageError("bad --now " + *value);
      }
      now = TimePoint(std::chrono::duration_cast<Duration>(std::chrono::duration<double>(seconds)));
      continue;
    }
    auto n = ParseInt(*value);
    if (!n || *n < 0 || (target == 3 && *n > (int64_t{1} << 26))) {
      return TokenUsageError(std::string("bad --") + name + " " + *value);
    }
    if (target == 0) policy.leeway = std::chrono::seconds(*n);
    if (target == 2) policy.max_age = std::chrono::seconds(*n);
    if (target == 3) policy.max_token_bytes = static_cast<size_t>(*n);
  }
  if (auto req = f.Get("require")) policy.required_claims = SplitCsv(*req);
  if (auto tenants = f.Get("tenants")) policy.allowed_tenants = SplitCsv(*tenants);

  std::string error;
  auto jwks_text = LoadJwks(*f.Get("jwks"), error);
  if (!jwks_text) return TokenUsageError("JWKS: " + error);
  auto keys = token::JwkSet::Parse(*jwks_text);
  if (!keys.ok()) return TokenUsageError("JWKS: " + keys.error().detail);

  // One byte past the limit is enough to know the token is too large; the rest is never read.
  const std::string bearer = ReadStdin(policy.max_token_bytes + 1);
  auto verified = token::VerifyJws(bearer, *keys, policy, now);
  if (!verified.ok()) {
    std::fprintf(stderr, "invalid: %s\n", verified.error().ToString().c_str());
    return kExitFailed;
  }
  std::printf("%s\n", verified->claims.ToJson().c_str());
  return kExitOk;
}

int RunDecode(const std::vector<std::string>& args) {
  if (args.size() != 1) return TokenUsageError("decode takes no arguments");
  std::string bearer = ReadStdin(token::kDefaultMaxTokenBytes + 1);
  // decode is for people pasting tokens, so a trailing newline is forgiven (verify never does).
  while (!bearer.empty() && (bearer.back() == '\n' || bearer.back() == '\r')) bearer.pop_back();
  auto parts = token::SplitJws(bearer);
  if (!parts.ok()) {
    std::fprintf(stderr, "invalid: %s\n", parts.error().ToString().c_str());
    return kExitFailed;
  }
  std::string out = "{\"verified\":false";
  for (const auto& [name, bytes] :
       {std::pair<const char*, const std::string*>{"header", &parts->header},
        {"claims", &parts->payload}}) {
    auto doc = token::JsonDocument::Parse(*bytes);
    out += ",\"" + std::string(name) + "\":";
    if (doc.ok()) {
      token::AppendJson(doc->root(), out);
    } else {
      out += "\"" + token::Base64UrlEncode(*bytes) + "\"";  // not JSON: shown as base64url
    }
  }
  out += ",\"signature\":\"" + token::Base64UrlEncode(parts->signature) + "\"}";
  std::fprintf(stderr, "WARNING: decoded WITHOUT verifying the signature or any claim\n");
  std::printf("%s\n", out.c_str());
  return kExitOk;
}

token::TokenResult<token::Signer> LoadSigner(const Flags& f) {
  auto path = f.Get("key");
  auto text = path ? ReadFile(*path) : std::nullopt;
  if (!text) return token::TokenError{token::TokenErrorCode::kMalformed, "cannot read --key"};
  std::optional<Algorithm> alg;
  if (auto a = f.Get("alg")) {
    alg = token::ParseAlgorithm(*a);
    if (!alg) return token::TokenError{token::TokenErrorCode::kAlgNotAllowed, "unknown --alg"};
  }
  const size_t first = text->find_first_not_of(" \t\r\n");
  if (first != std::string::npos && (*text)[first] == '{') {
    return token::Signer::FromJwk(*text, alg, f.Get("kid").value_or(""));
  }
  return token::Signer::FromPem(*text, alg, f.Get("kid").value_or(""));
}

int RunSign(const std::vector<std::string>& args) {
  auto parsed = Flags::Parse(args, 1, {{"key"}, {"alg"}, {"kid"}, {"expires-in"}, {"now"}});
  if (!parsed.ok()) return TokenUsageError(parsed.error().detail);
  const Flags& f = *parsed;
  if (!f.Get("key")) return TokenUsageError("sign needs --key");
  auto signer = LoadSigner(f);
  if (!signer.ok()) return TokenUsageError(signer.error().ToString());
  std::string claims = ReadStdin(token::kDefaultMaxTokenBytes + 1);
  if (auto ttl = f.Get("expires-in")) {
    auto seconds = ParseInt(*ttl);
    auto now = f.Get("now") ? ParseInt(*f.Get("now")) : ToUnixSeconds(SystemClock().Now());
    if (!seconds || !now) return TokenUsageError("bad --expires-in or --now");
    const size_t brace = claims.find('{');
    if (brace == std::string::npos) return TokenUsageError("claims must be a JSON object");
    const bool empty = claims.find_first_not_of(" \t\r\n", brace + 1) == claims.find('}', brace);
    claims.insert(brace + 1, "\"iat\":" + std::to_string(*now) + ",\"exp\":" +
                                 std::to_string(*now + *seconds) + (empty ? "" : ","));
  }
  auto jwt = signer->Sign(claims);
  if (!jwt.ok()) {
    std::fprintf(stderr, "error: %s\n", jwt.error().ToString().c_str());
    return kExitFailed;
  }
  std::printf("%s\n", jwt->c_str());
  return kExitOk;
}

int RunJwks(const std::vector<std::string>& args) {
  auto parsed = Flags::Parse(args, 1, {{"key"}, {"alg"}, {"kid"}});
  if (!parsed.ok()) return TokenUsageError(parsed.error().detail);
  const Flags& f = *parsed;
  if (!f.Get("key")) return TokenUsageError("jwks needs --key");
  auto signer = LoadSigner(f);
  if (!signer.ok()) return TokenUsageError(signer.error().ToString());
  std::printf("%s\n", signer->PublicJwksJson().c_str());
  return kExitOk;
}

int RunToken(const std::vector<std::string>& args) {
  if (args.empty()) return TokenUsageError("");
  const std::string& sub = args[0];
  if (sub == "--help" || sub == "-h" || sub == "help") {
    std::fputs(kTokenUsage, stdout);
    return kExitOk;
  }
  if (sub == "verify") return RunVerify(args);
  if (sub == "decode") return RunDecode(args);
  if (sub == "sign") return RunSign(args);
  if (sub == "jwks") return RunJwks(args);
  return TokenUsageError("unknown subcommand " + sub);
}

}  // namespace

PORTCULLIS_AUTHCTL_COMMAND(token, "verify, decode, sign and publish JWTs", RunToken);

}  // namespace portcullis::authctl
