#include "adapters/http_server.h"

#include <pistache/endpoint.h>
#include <pistache/http.h>
#include <spdlog/spdlog.h>

#include <atomic>

#include "adapters/worker_pool.h"
#include "portcullis/crypto/encoding.h"
#include "portcullis/crypto/random.h"
#include "portcullis/http/pistache_headers.h"
#include "portcullis/proxy/pistache_streaming_sink.h"
#include "upstream_headers.h"

namespace portcullis::gateway {

namespace Http = Pistache::Http;
using http::CacheControlText;
using http::ContentSecurityPolicyHeader;
using http::ContentTypeText;
using http::FrameOptionsHeader;
using http::NoSniffHeader;
using http::ReferrerPolicyHeader;
using http::RequestIdHeader;
using http::RetryAfterHeader;
using http::WwwAuthenticateHeader;
using Clock = std::chrono::steady_clock;

class HttpServer::State {
 public:
  State(HttpServerDeps d, const HttpServerOptions& o)
      : deps(d), options(o), workers(o.workers, o.max_queued_work) {
    auto prefix = crypto::RandomBytes(6);
    id_prefix = prefix.ok() ? crypto::Base64UrlEncode(*prefix) : "gw";
  }
  HttpServerDeps deps;
  HttpServerOptions options;
  WorkerPool workers;
  std::string id_prefix;
  std::atomic<uint64_t> next_id{0};

  std::string NewRequestId() {
    return id_prefix + "-" + std::to_string(next_id.fetch_add(1, std::memory_order_relaxed));
  }
};

namespace {

using Writer = Http::ResponseWriter;
using SharedWriter = std::shared_ptr<Writer>;

// What the proxy needs of the client connection, settled on the reactor thread.
struct ClientConnection {
  std::shared_ptr<proxy::ClientSocket> socket;
  bool keep_alive = false;
};

double Since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

void Write(Writer& w, const HttpReply& r, const std::string& request_id) {
  w.headers().add<ContentTypeText>(r.content_type);
  w.headers().add<CacheControlText>(r.no_store ? "no-store" : "max-age=300");
  w.headers().add<NoSniffHeader>("nosniff");
  w.headers().add<RequestIdHeader>(request_id);
  if (r.content_type.rfind("text/html", 0) == 0) {
    w.headers().add<ContentSecurityPolicyHeader>(
        "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'");
    w.headers().add<FrameOptionsHeader>("DENY");
    w.headers().add<ReferrerPolicyHeader>("no-referrer");
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
      case ReplyHeader::kSetCookie:
        // The header collection keeps one value per name; the cookie jar writes one Set-Cookie
        // line per cookie (login binding cleared + session set in the same answer).
        w.cookies().add(Http::Cookie::fromString(value));
        break;
    }
  }
  w.send(static_cast<Http::Code>(r.status), r.body);
}

// A label for metrics that cannot explode in cardinality: our endpoints by path, proxy routes by
// prefix, everything else "other".
std::string_view RouteLabel(std::string_view path) {
  for (std::string_view known : {"/", "/healthz", "/readyz", "/metrics", "/auth/login",
                                 "/auth/callback", "/auth/logout", "/auth/refresh", "/auth/me",
                                 "/auth/capabilities", "/.well-known/oauth-protected-resource"}) {
    if (path == known) return known;
  }
  if (path.starts_with("/auth/")) return "/auth/other";
  return "other";
}

class GatewayHandler final : public Http::Handler {
 public:
  HTTP_PROTOTYPE(GatewayHandler)
  explicit GatewayHandler(std::shared_ptr<HttpServer::State> state) : s_(std::move(state)) {}

  void onRequest(const Http::Request& req, Writer writer) override {
    const auto t0 = Clock::now();
    RequestView view;
    view.request_id = s_->NewRequestId();
    try {
      view.method = Http::methodString(req.method());
      view.path = req.resource();
      std::string query = req.query().as_str();
      if (!query.empty()) view.raw_query = query.substr(1);
      for (const auto& [name, raw] : req.headers().rawList()) {
        view.headers.emplace_back(raw.name(), raw.value());
      }
      view.client_address = req.address().host();
      view.body = req.body();
    } catch (const std::exception& e) {
      Answer(writer, view, HttpReply::Error(400, "bad_request", "malformed request"), "other", t0);
      return;
    }
    if (view.path.size() + view.raw_query.size() > s_->options.max_url_bytes) {
      Answer(writer, view, HttpReply::Error(414, "uri_too_long", "the URL is too long"), "other",
             t0);
      return;
    }
    if (!ParseQuery(view.raw_query, view.query)) {
      Answer(writer, view, HttpReply::Error(400, "bad_request", "malformed query"), "other", t0);
      return;
    }
    try {
      Dispatch(std::move(view), std::move(writer), proxy::KeepAliveRequested(req), t0);
    } catch (const std::exception& e) {
      spdlog::error("auth-gateway: request failed: {}", e.what());
    }
  }

 private:
  void Answer(Writer& w, const RequestView& view, const HttpReply& r, std::string_view label,
              Clock::time_point t0) {
    Write(w, r, view.request_id);
    s_->deps.metrics.Request(label, r.status, Since(t0));
  }

  // Runs `fn(view)` on a worker and writes what it returns; 503 at once when the pool is full.
  void OnWorker(RequestView view, Writer writer, std::string_view label, Clock::time_point t0,
                std::function<HttpReply(const RequestView&)> fn) {
    auto shared = std::make_shared<Writer>(std::move(writer));
    auto shared_view = std::make_shared<RequestView>(std::move(view));
    auto state = s_;
    std::string label_copy(label);
    bool queued = s_->workers.Submit([state, shared, shared_view, label_copy, t0, fn] {
      HttpReply reply;
      try {
        reply = fn(*shared_view);
      } catch (const std::exception& e) {
        spdlog::error("auth-gateway: {} {} failed: {}", shared_view->method, label_copy, e.what());
        reply = HttpReply::Error(500, "internal", "internal error");
      }
      Write(*shared, reply, shared_view->request_id);
      state->deps.metrics.Request(label_copy, reply.status, Since(t0));
    });
    if (!queued) {
      Write(*shared, HttpReply::Error(503, "overloaded", "try again shortly"),
            shared_view->request_id);
      s_->deps.metrics.Request(label, 503, Since(t0));
    }
  }

  void Dispatch(RequestView view, Writer writer, bool keep_alive, Clock::time_point t0) {
    GatewayService& svc = s_->deps.service;
    const std::string& path = view.path;
    const bool get = view.method == "GET" || view.method == "HEAD";
    std::string_view label = RouteLabel(path);

    if (path.starts_with("/auth/")) {
      RateDecision d = s_->deps.auth_limiter.Take(view.client_address);
      if (!d.allowed) {
        HttpReply r = HttpReply::Error(429, "rate_limited", "too many requests");
        r.headers.emplace_back(ReplyHeader::kRetryAfter, std::to_string(d.retry_after.count()));
        s_->deps.metrics.AuthFailure("rate_limited");
        AuditRecord a{.action = "gateway.rate_limited",
                      .outcome = "denied",
                      .reason = "auth_rate_limit",
                      .ip = view.client_address,
                      .request_id = view.request_id,
                      .resource_type = "route",
                      .resource_id = path};
        s_->deps.audit.Emit(a);
        Answer(writer, view, r, label, t0);
        return;
      }
    }
    if (path == "/" && get) return Answer(writer, view, svc.Landing(), label, t0);
    if (path == "/healthz") return Answer(writer, view, HttpReply::Text(200, "ok\n"), label, t0);
    if (path == "/metrics" && get) {
      HttpReply r = HttpReply::Text(200, s_->deps.metrics.Render());
      r.content_type = "text/plain; version=0.0.4; charset=utf-8";
      return Answer(writer, view, r, label, t0);
    }
    if (path == "/.well-known/oauth-protected-resource" && get) {
      return Answer(writer, view, svc.ResourceMetadata(), label, t0);
    }
    if (path == "/auth/capabilities" && get) {
      return Answer(writer, view, svc.Capabilities(), label, t0);
    }
    if (path == "/readyz") {
      SessionClient& sessions = s_->deps.sessions;
      return OnWorker(std::move(view), std::move(writer), label, t0, [&sessions](const auto&) {
        Status s = sessions.Ping();
        return s.ok() ? HttpReply::Text(200, "ready\n")
                      : HttpReply::Text(503, "not ready: " + s.error().ToString() + "\n");
      });
    }
    if (path == "/auth/login" && get) {
      return OnWorker(std::move(view), std::move(writer), label, t0,
                      [&svc](const RequestView& v) { return svc.Login(v); });
    }
    if (path == "/auth/callback" && get) {
      return OnWorker(std::move(view), std::move(writer), label, t0,
                      [&svc](const RequestView& v) { return svc.Callback(v); });
    }
    if (path == "/auth/me" && get) {
      return OnWorker(std::move(view), std::move(writer), label, t0,
                      [&svc](const RequestView& v) { return svc.Me(v); });
    }
    if (path == "/auth/logout" && view.method == "POST") {
      return OnWorker(std::move(view), std::move(writer), label, t0,
                      [&svc](const RequestView& v) { return svc.Logout(v); });
    }
    if (path == "/auth/refresh" && view.method == "POST") {
      return OnWorker(std::move(view), std::move(writer), label, t0,
                      [&svc](const RequestView& v) { return svc.Refresh(v); });
    }
    if (path.starts_with("/auth/") || path == "/auth") {
      return Answer(writer, view, HttpReply::Error(404, "not_found", "no such endpoint"), label,
                    t0);
    }
    const Route* route = s_->deps.routes.Match(path);
    if (route == nullptr) {
      return Answer(writer, view, HttpReply::Error(404, "not_found", "no such route"), label, t0);
    }
    if (!IsCleanPath(path)) {
      return Answer(writer, view, HttpReply::Error(400, "bad_request", "path not allowed"),
                    route->prefix, t0);
    }
    // Here, on the reactor thread that read the request, the connection's descriptor is
    // certainly this client's; a worker could find it closed and reused (AttachClientSocket).
    ClientConnection client{proxy::AttachClientSocket(writer), keep_alive};
    GateResult gate = svc.GateProxy(view, *route, /*may_block=*/false);
    if (gate.kind == GateResult::Kind::kForward) {
      return Forward(std::move(view), std::move(writer), std::move(client), *route,
                     std::move(gate.grant), t0);
    }
    if (gate.kind == GateResult::Kind::kReply) {
      return Answer(writer, view, gate.reply, route->prefix, t0);
    }
    auto shared = std::make_shared<Writer>(std::move(writer));
    auto shared_view = std::make_shared<RequestView>(std::move(view));
    auto self = std::make_shared<GatewayHandler>(s_);
    bool queued = s_->workers.Submit([self, shared, shared_view, client, route, t0] {
      GateResult g;
      try {
        g = self->s_->deps.service.GateProxy(*shared_view, *route, /*may_block=*/true);
      } catch (const std::exception& e) {
        spdlog::error("auth-gateway: proxy gate failed: {}", e.what());
        g.kind = GateResult::Kind::kReply;
        g.reply = HttpReply::Error(500, "internal", "internal error");
      }
      if (g.kind == GateResult::Kind::kForward) {
        self->Forward(std::move(*shared_view), std::move(*shared), client, *route,
                      std::move(g.grant), t0);
        return;
      }
      if (g.kind == GateResult::Kind::kNeedsBlocking) {
        g.reply = HttpReply::Error(500, "internal", "internal error");
      }
      self->Answer(*shared, *shared_view, g.reply, route->prefix, t0);
    });
    if (!queued) {
      Answer(*shared, *shared_view, HttpReply::Error(503, "overloaded", "try again shortly"),
             route->prefix, t0);
    }
  }

  void Forward(RequestView view, Writer writer, ClientConnection client, const Route& route,
               ProxyGrant grant, Clock::time_point t0) {
    ForwardContext ctx;
    ctx.bearer_token = std::move(grant.bearer_token);
    ctx.request_id = view.request_id;
    ctx.client_address = view.client_address;
    ctx.proto = s_->options.forwarded_proto;
    ctx.host = std::string(view.Header("Host").value_or(""));
    ctx.session_cookie_name = s_->deps.service.options().cookie.name;

    proxy::UpstreamRequest up;
    up.method = view.method;
    up.url = route.UpstreamUrl(view.PathAndQuery());
    up.headers = BuildUpstreamHeaders(view.headers, ctx);
    up.body = std::move(view.body);
    up.timeout = s_->options.upstream_timeout;

    proxy::StreamingSinkOptions sink_options;
    sink_options.request_method = view.method;
    sink_options.extra_headers = {{"X-Request-Id", view.request_id}};
    sink_options.keep_alive = client.keep_alive;
    sink_options.client_socket = std::move(client.socket);
    auto state = s_;
    std::string prefix = route.prefix;
    std::string request_id = view.request_id, ip = view.client_address, path = view.path;
    std::string user = grant.principal.subject;
    auto on_done = [state, prefix, request_id, ip, path, user, t0](const proxy::StreamOutcome& o) {
      state->deps.metrics.Request(prefix, o.status, Since(t0));
      if (!o.error || o.error->code == proxy::UpstreamErrorCode::kClientGone) return;
      std::string code(proxy::ToString(o.error->code));
      state->deps.metrics.UpstreamError(prefix, code);
      AuditRecord a{.action = "gateway.upstream_error",
                    .outcome = "failure",
                    .reason = code,
                    .ip = ip,
                    .request_id = request_id,
                    .resource_type = "route",
                    .resource_id = path};
      if (!user.empty()) {
        a.actor_type = "user";
        a.actor_id = user;
      }
      state->deps.audit.Emit(a);
      spdlog::warn("upstream error on {} ({}): {} {}", prefix, request_id, code, o.error->detail);
    };
    s_->deps.proxy.Forward(std::move(up), proxy::MakePistacheStreamingSink(
                                              std::move(writer), std::move(sink_options), on_done));
  }

  std::shared_ptr<HttpServer::State> s_;
};

}  // namespace

HttpServer::HttpServer(HttpServerDeps deps, HttpServerOptions options)
    : state_(std::make_shared<State>(deps, options)), options_(std::move(options)) {}

HttpServer::~HttpServer() { Stop(); }

Status HttpServer::Start() {
  try {
    endpoint_ = std::make_shared<Http::Endpoint>(
        Pistache::Address(options_.bind, Pistache::Port(static_cast<uint16_t>(options_.port))));
    endpoint_->init(Http::Endpoint::options()
                        .threads(options_.threads)
                        .flags(Pistache::Tcp::Options::ReuseAddr)
                        .maxRequestSize(options_.max_request_bytes)
                        // Pistache 0.0.5 keeps this timer running while the proxy streams an
                        // answer around its ResponseWriter, so it also bounds a stream's length.
                        .headerTimeout(options_.request_timeout)
                        .bodyTimeout(options_.request_timeout));
    endpoint_->setHandler(Http::make_handler<GatewayHandler>(state_));
    endpoint_->serveThreaded();
  } catch (const std::exception& e) {
    endpoint_.reset();
    return Error{ErrorCode::kUnavailable, "cannot serve on " + options_.bind + ":" +
                                              std::to_string(options_.port) + ": " + e.what()};
  }
  return OkStatus();
}

void HttpServer::Stop() {
  if (endpoint_) {
    endpoint_->shutdown();
    endpoint_.reset();
  }
  // Queued work still writes its answers; afterwards no worker holds the state.
  state_->workers.Shutdown();
}

}  // namespace portcullis::gateway
