#include "adapters/sse_scheduler.h"

#include <exception>

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

void SseScheduler::Add(Pistache::Http::ResponseStream stream, int events,
                       std::chrono::milliseconds interval) {
  Job job;
  job.stream = std::make_shared<Pistache::Http::ResponseStream>(std::move(stream));
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
  try {
    if (job.next >= job.total) {
      job.stream->ends();
      return false;
    }
    // Pistache sizes chunks only for C strings and literals; an event never contains a NUL.
    const std::string event = SseEvent(job.next, job.total);
    *job.stream << event.c_str();
    job.stream->flush();
    ++job.next;
    if (job.next >= job.total) {
      job.stream->ends();
      return false;
    }
    return true;
  } catch (const std::exception&) {
    return false;  // Pistache throws when the connection is gone
  }
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
