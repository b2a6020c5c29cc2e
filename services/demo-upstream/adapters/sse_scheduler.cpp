#include "adapters/sse_scheduler.h"

#include <cstdio>
#include <exception>
#include <string>

#include "demo_api.h"

namespace portcullis::demo_upstream {

SseScheduler::SseScheduler() : thread_([this] { Run(); }) {}

SseScheduler::~SseScheduler() {
  {
    std::lock_guard<std::mutex> guard(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

void SseScheduler::Add(std::weak_ptr<Pistache::Tcp::Peer> peer, int events,
                       std::chrono::milliseconds interval) {
  Job job;
  job.peer = std::move(peer);
  job.total = events;
  job.interval = interval;
  job.due = std::chrono::steady_clock::now();
  {
    std::lock_guard<std::mutex> guard(mu_);
    jobs_.push(std::move(job));
  }
  cv_.notify_all();
}

bool SseScheduler::Step(Job& job) {
  std::shared_ptr<Pistache::Tcp::Peer> peer = job.peer.lock();
  if (!peer) return false;  // the client went away
  std::string out;
  if (job.next < job.total) {
    const std::string event = SseEvent(job.next, job.total);
    char size[20];
    std::snprintf(size, sizeof(size), "%zx\r\n", event.size());
    out.append(size).append(event).append("\r\n");
    ++job.next;
  }
  const bool done = job.next >= job.total;
  if (done) out.append("0\r\n\r\n");
  try {
    const size_t n = out.size();
    peer->send(Pistache::RawBuffer(std::move(out), n));
  } catch (const std::exception&) {
    return false;
  }
  return !done;
}

void SseScheduler::Run() {
  std::unique_lock<std::mutex> lock(mu_);
  while (!stop_) {
    if (jobs_.empty()) {
      cv_.wait(lock);
      continue;
    }
    const auto due = jobs_.top().due;
    if (std::chrono::steady_clock::now() < due) {
      cv_.wait_until(lock, due);
      continue;
    }
    Job job = jobs_.top();
    jobs_.pop();
    lock.unlock();
    const bool more = Step(job);
    lock.lock();
    if (more) {
      job.due += job.interval;
      jobs_.push(std::move(job));
    }
  }
}

}  // namespace portcullis::demo_upstream
