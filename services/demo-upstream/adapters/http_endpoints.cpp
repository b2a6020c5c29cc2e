#include "adapters/http_endpoints.h"

#include <pistache/endpoint.h>
#include <pistache/http.h>
#include <pistache/peer.h>
#include <spdlog/spdlog.h>

#include <exception>

#include "adapters/sse_scheduler.h"
#include "portcullis/http/pistache_headers.h"

namespace portcullis::demo_upstream {
namespace {

namespace Http = Pistache::Http;

using http::WwwAuthenticateHeader;

DemoRequest Decode(const Http::Request& request) {
  DemoRequest out;
  out.method = Http::methodString(request.method());
  out.path = request.resource();
  for (auto it = request.query().parameters_begin(); it != request.query().parameters_end(); ++it) {
    out.query.emplace(it->first, it->second);
  }
  if (auto auth = request.headers().tryGetRaw("Authorization")) out.authorization = auth->value();
  if (auto type = request.headers().tryGetRaw("Content-Type")) out.content_type = type->value();
  out.body = request.body();
  return out;
}

class Handler final : public Http::Handler {
 public:
  HTTP_PROTOTYPE(Handler)
  Handler(const DemoApi& api, SseScheduler& scheduler) : api_(api), scheduler_(scheduler) {}

  void onRequest(const Http::Request& request, Http::ResponseWriter writer) override {
    try {
      DemoReply reply = api_.Handle(Decode(request));
      writer.headers().add<Http::Header::ContentType>(
          Http::Mime::MediaType::fromString(reply.content_type));
      if (!reply.www_authenticate.empty()) {
        writer.headers().add<WwwAuthenticateHeader>(reply.www_authenticate);
      }
      if (reply.stream) {
        // The head is written by hand so that every byte of the stream, head included, takes
        // the same thread-safe path (SseScheduler explains why not ResponseStream).
        auto connection = writer.headers().tryGet<Http::Header::Connection>();
        const bool keep_alive =
            connection && connection->control() == Http::ConnectionControl::KeepAlive;
        std::string head =
            "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\n"
            "Transfer-Encoding: chunked\r\nConnection: ";
        head += keep_alive ? "keep-alive\r\n\r\n" : "close\r\n\r\n";
        std::shared_ptr<Pistache::Tcp::Peer> peer = writer.getPeer();
        if (!peer) return;
        const size_t n = head.size();
        peer->send(Pistache::RawBuffer(std::move(head), n));
        scheduler_.Add(peer, reply.stream->events, reply.stream->interval);
        return;
      }
      writer.send(static_cast<Http::Code>(reply.status), reply.body);
    } catch (const std::exception& e) {
      spdlog::error("request failed: {}", e.what());
      writer.send(Http::Code::Internal_Server_Error, "{\"error\":\"internal\"}\n");
    }
  }

 private:
  const DemoApi& api_;
  SseScheduler& scheduler_;
};

}  // namespace

HttpEndpoints::HttpEndpoints(const DemoApi& api)
    : api_(api), scheduler_(std::make_unique<SseScheduler>()) {}

HttpEndpoints::~HttpEndpoints() { Stop(); }

Status HttpEndpoints::Start(const std::string& address, int port, int threads,
                            size_t max_request_bytes) {
  try {
    endpoint_ = std::make_shared<Http::Endpoint>(
        Pistache::Address(address, Pistache::Port(static_cast<uint16_t>(port))));
    endpoint_->init(Http::Endpoint::options()
                        .threads(threads)
                        .flags(Pistache::Tcp::Options::ReuseAddr)
                        .maxRequestSize(max_request_bytes));
    endpoint_->setHandler(Http::make_handler<Handler>(api_, *scheduler_));
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

}  // namespace portcullis::demo_upstream
