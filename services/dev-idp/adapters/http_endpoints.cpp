#include "adapters/http_endpoints.h"

#include <pistache/endpoint.h>
#include <pistache/http.h>
#include <pistache/router.h>
#include <spdlog/spdlog.h>

#include "discovery.h"
#include "pages.h"
#include "portcullis/http/pistache_headers.h"

namespace portcullis::dev_idp {
namespace {

using Pistache::Http::ResponseWriter;
using Pistache::Rest::Request;
using Pistache::Rest::Route;
namespace Http = Pistache::Http;
using http::ContentSecurityPolicyHeader;
using http::ContentTypeText;
using http::PragmaHeader;
using http::RetryAfterHeader;
using http::WwwAuthenticateHeader;

constexpr size_t kMaxRequestBytes = 64 * 1024;
// Discovery and JWKS may be cached for 5 minutes (Entra says a day); key rollover within that
// window is found through a verifier's unknown-kid refetch, as with Entra.
constexpr int kMetadataMaxAgeSeconds = 300;

void Write(ResponseWriter& w, const HttpReply& r) {
  w.headers().add<ContentTypeText>(r.content_type);
  if (r.no_store) {
    w.headers().add<Http::Header::CacheControl>(Http::CacheDirective::NoStore);
    w.headers().add<PragmaHeader>("no-cache");
  } else if (r.max_age_seconds) {
    w.headers().add<Http::Header::CacheControl>(Http::CacheDirective(
        Http::CacheDirective::MaxAge, std::chrono::seconds(*r.max_age_seconds)));
  }
  if (r.content_type.rfind("text/html", 0) == 0) {
    w.headers().add<ContentSecurityPolicyHeader>(
        "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'");
  }
  for (const auto& [name, value] : r.headers) {
    switch (name) {
      case ReplyHeader::kLocation:
        w.headers().add<Http::Header::Location>(value);
        break;
      case ReplyHeader::kWwwAuthenticate:
        w.headers().add<WwwAuthenticateHeader>(value);
        break;
      case ReplyHeader::kRetryAfter:
        w.headers().add<RetryAfterHeader>(value);
        break;
    }
  }
  if (r.cookie) {
    Http::Cookie c(r.cookie->name, r.cookie->value);
    c.path = "/";
    c.httpOnly = true;
    c.maxAge = r.cookie->max_age_seconds;
    c.ext["SameSite"] = "Lax";
    w.cookies().add(c);
  }
  w.send(static_cast<Http::Code>(r.status), r.body);
}

// Pistache 0.0.5 hands query names and values over still percent-encoded; a malformed escape
// drops the parameter (the logic then reports it missing).
Params QueryParams(const Request& req) {
  Params out;
  const auto& q = req.query();
  for (auto it = q.parameters_begin(); it != q.parameters_end(); ++it) {
    std::optional<std::string> name = UrlDecode(it->first);
    std::optional<std::string> value = UrlDecode(it->second);
    if (name && value) out[*name] = *value;
  }
  return out;
}

std::string SkipToken(const Request& req) {
  Params q = QueryParams(req);
  auto it = q.find("$skiptoken");
  return it == q.end() ? "" : it->second;
}

std::optional<std::string> Header(const Request& req, const char* name) {
  auto h = req.headers().tryGetRaw(name);
  if (!h) return std::nullopt;
  return h->value();
}

std::optional<std::string> Cookie(const Request& req, const std::string& name) {
  if (!req.cookies().has(name)) return std::nullopt;
  return req.cookies().get(name).value;
}

HttpReply NotFound() { return HttpReply::Json(404, nlohmann::json{{"error", "not_found"}}); }

}  // namespace

class HttpEndpoints::Routes {
 public:
  Routes(Provider& p, HttpOptions o) : p_(p), o_(o) {}

  void Register(Pistache::Rest::Router& r) {
    namespace R = Pistache::Rest::Routes;
    R::Get(r, "/", Bind(&Routes::Index));
    R::Get(r, "/:tenant/v2.0/.well-known/openid-configuration", Bind(&Routes::Discovery));
    R::Get(r, "/:tenant/discovery/v2.0/keys", Bind(&Routes::Jwks));
    R::Get(r, "/:tenant/oauth2/v2.0/authorize", Bind(&Routes::AuthorizeGet));
    R::Post(r, "/:tenant/oauth2/v2.0/authorize", Bind(&Routes::AuthorizePost));
    R::Post(r, "/:tenant/oauth2/v2.0/token", Bind(&Routes::Token));
    R::Get(r, "/:tenant/oauth2/v2.0/logout", Bind(&Routes::LogoutGet));
    R::Post(r, "/:tenant/oauth2/v2.0/logout", Bind(&Routes::LogoutPost));
    R::Get(r, "/v1.0/me", Bind(&Routes::Me));
    R::Post(r, "/v1.0/me/getMemberObjects", Bind(&Routes::MyMemberObjects));
    R::Post(r, "/v1.0/users/:oid/getMemberObjects", Bind(&Routes::UserMemberObjects));
    R::Post(r, "/_test/:control", Bind(&Routes::TestControl));
    r.addNotFoundHandler(Bind(&Routes::Missing));
  }

 private:
  using Handler = HttpReply (Routes::*)(const Request&);

  // Every route goes through here: exceptions from Pistache stop at this adapter.
  Pistache::Rest::Route::Handler Bind(Handler h) {
    return [this, h](const Request& req, ResponseWriter w) {
      HttpReply reply;
      try {
        reply = (this->*h)(req);
      } catch (const std::exception& e) {
        spdlog::error("dev-idp: {} {} failed: {}", Http::methodString(req.method()), req.resource(),
                      e.what());
        reply = HttpReply::Json(500, nlohmann::json{{"error", "server_error"}});
      }
      Write(w, reply);
      return Route::Result::Ok;
    };
  }

  bool KnownTenant(const Request& req) const {
    return req.param(":tenant").as<std::string>() == p_.directory.tenant_id;
  }

  std::optional<Params> Form(const Request& req) const {
    auto type = Header(req, "Content-Type");
    if (!type || type->rfind("application/x-www-form-urlencoded", 0) != 0) return std::nullopt;
    return ParseForm(req.body());
  }

  HttpReply Index(const Request&) {
    HttpReply r = HttpReply::Html(
        200, IndexPage(p_.directory, p_.issuer.V2(),
                       p_.issuer.base + EndpointPaths::Discovery(p_.directory.tenant_id)));
    r.no_store = false;
    return r;
  }
  HttpReply Discovery(const Request& req) {
    if (!KnownTenant(req)) return NotFound();
    HttpReply r = HttpReply::Json(200, DiscoveryDocument(p_.issuer));
    r.no_store = false;
    r.max_age_seconds = kMetadataMaxAgeSeconds;
    return r;
  }
  HttpReply Jwks(const Request& req) {
    if (!KnownTenant(req)) return NotFound();
    HttpReply r = HttpReply::Json(200, p_.keys.Jwks());
    r.no_store = false;
    r.max_age_seconds = kMetadataMaxAgeSeconds;
    return r;
  }
  HttpReply AuthorizeGet(const Request& req) {
    if (!KnownTenant(req)) return NotFound();
    return p_.authorize.Authorize({QueryParams(req), Cookie(req, std::string(kSessionCookie)),
                                   /*from_login_page=*/false});
  }
  HttpReply AuthorizePost(const Request& req) {
    if (!KnownTenant(req)) return NotFound();
    std::optional<Params> form = Form(req);
    if (!form) return HttpReply::Html(400, ErrorPage("Bad request", "expected a form post"));
    return p_.authorize.Authorize(
        {std::move(*form), Cookie(req, std::string(kSessionCookie)), /*from_login_page=*/true});
  }
  HttpReply Token(const Request& req) {
    if (!KnownTenant(req)) return NotFound();
    std::optional<Params> form = Form(req);
    if (!form) {
      return OAuthError::InvalidRequest(
                 "the body must be application/x-www-form-urlencoded, each parameter once")
          .ToReply();
    }
    return p_.tokens.Handle({std::move(*form), Header(req, "Authorization")});
  }
  HttpReply LogoutGet(const Request& req) {
    if (!KnownTenant(req)) return NotFound();
    return p_.authorize.Logout({QueryParams(req), Cookie(req, std::string(kSessionCookie))});
  }
  HttpReply LogoutPost(const Request& req) {
    if (!KnownTenant(req)) return NotFound();
    return p_.authorize.Logout(
        {Form(req).value_or(Params{}), Cookie(req, std::string(kSessionCookie))});
  }
  HttpReply Me(const Request& req) { return p_.graph.Me(Header(req, "Authorization")); }
  HttpReply MyMemberObjects(const Request& req) {
    return p_.graph.MemberObjects(Header(req, "Authorization"), "", SkipToken(req));
  }
  HttpReply UserMemberObjects(const Request& req) {
    return p_.graph.MemberObjects(Header(req, "Authorization"), req.param(":oid").as<std::string>(),
                                  SkipToken(req));
  }
  HttpReply TestControl(const Request& req) {
    if (!o_.test_controls) return NotFound();
    return p_.controls.Handle(req.param(":control").as<std::string>(), req.body());
  }
  HttpReply Missing(const Request&) { return NotFound(); }

  Provider& p_;
  HttpOptions o_;
};

HttpEndpoints::HttpEndpoints(Provider& provider, HttpOptions options)
    : provider_(provider), options_(options) {}

HttpEndpoints::~HttpEndpoints() { Stop(); }

Status HttpEndpoints::Start(const std::string& address, int port, int threads) {
  try {
    auto router = std::make_shared<Pistache::Rest::Router>();
    routes_ = std::make_unique<Routes>(provider_, options_);
    routes_->Register(*router);
    endpoint_ = std::make_shared<Http::Endpoint>(
        Pistache::Address(address, Pistache::Port(static_cast<uint16_t>(port))));
    endpoint_->init(Http::Endpoint::options()
                        .threads(threads)
                        .flags(Pistache::Tcp::Options::ReuseAddr)
                        .maxRequestSize(kMaxRequestBytes)
                        .headerTimeout(std::chrono::seconds(10))
                        .bodyTimeout(std::chrono::seconds(10)));
    endpoint_->setHandler(router->handler());
    endpoint_->serveThreaded();
  } catch (const std::exception& e) {
    endpoint_.reset();
    return Error{ErrorCode::kUnavailable,
                 "cannot serve on " + address + ":" + std::to_string(port) + ": " + e.what()};
  }
  return OkStatus();
}

void HttpEndpoints::Stop() {
  if (endpoint_) {
    endpoint_->shutdown();
    endpoint_.reset();
  }
}

}  // namespace portcullis::dev_idp
