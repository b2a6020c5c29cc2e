#include "portcullis/bus/jetstream.h"

#include <nats/nats.h>
#include <spdlog/spdlog.h>

#include "nats_status.h"
#include "portcullis/proto/audit/v1/subjects.h"

namespace portcullis::bus {

Status EnsureAuditStream(Connection& connection, const AuditStreamOptions& options) {
  jsCtx* raw_js = nullptr;
  if (natsStatus s = natsConnection_JetStream(&raw_js, connection.raw(), nullptr); s != NATS_OK) {
    return NatsError(s, "JetStream context");
  }
  JsCtxPtr js(raw_js);
  const std::string subject = proto::audit::v1::EventsWildcard(options.prefix);
  const char* subjects[] = {subject.c_str()};
  jsStreamConfig config;
  jsStreamConfig_Init(&config);
  config.Name = options.stream.c_str();
  config.Description = "Portcullis audit events";
  config.Subjects = subjects;
  config.SubjectsLen = 1;
  config.Storage = js_FileStorage;
  config.Replicas = options.replicas;
  config.MaxAge = std::chrono::duration_cast<std::chrono::nanoseconds>(options.max_age).count();
  config.Duplicates =
      std::chrono::duration_cast<std::chrono::nanoseconds>(options.duplicate_window).count();

  jsStreamInfo* info = nullptr;
  auto jerr = static_cast<jsErrCode>(0);
  natsStatus s = js_AddStream(&info, js.get(), &config, nullptr, &jerr);
  const char* verb = "created";
  if (s != NATS_OK && jerr == JSStreamNameExistErr) {
    verb = "updated";
    s = js_UpdateStream(&info, js.get(), &config, nullptr, &jerr);
  }
  jsStreamInfo_Destroy(info);
  if (s != NATS_OK) {
    Error e = NatsError(s, "cannot create or update stream " + options.stream);
    if (jerr != 0) e.detail += " (JetStream error " + std::to_string(static_cast<int>(jerr)) + ")";
    return e;
  }
  spdlog::info("bus: stream {} {} on {}", options.stream, verb, subject);
  return OkStatus();
}

}  // namespace portcullis::bus
