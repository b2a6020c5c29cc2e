#include <sys/eventfd.h>
#include <unistd.h>

#include <cassert>
#include <cstdint>
#include <utility>

#include "io_loop.h"

namespace portcullis::proxy {

Mailbox::Mailbox() {
  event_fd_ = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  assert(event_fd_ >= 0);
}

Mailbox::~Mailbox() { ::close(event_fd_); }

bool Mailbox::Post(Command command) {
  bool wake = false;
  {
    std::lock_guard<std::mutex> guard(mu_);
    if (closed_) return false;
    pending_.push_back(std::move(command));
    wake = std::exchange(sleeping_, false);
  }
  if (wake) {
    const uint64_t one = 1;
    [[maybe_unused]] const ssize_t n = ::write(event_fd_, &one, sizeof(one));
  }
  return true;
}

std::vector<Mailbox::Command> Mailbox::Take() {
  std::vector<Command> out;
  std::lock_guard<std::mutex> guard(mu_);
  out.swap(pending_);
  return out;
}

bool Mailbox::PrepareToSleep() {
  std::lock_guard<std::mutex> guard(mu_);
  sleeping_ = pending_.empty();
  return sleeping_;
}

void Mailbox::Awake(bool signalled) {
  {
    std::lock_guard<std::mutex> guard(mu_);
    sleeping_ = false;
  }
  if (signalled) {
    uint64_t count = 0;
    [[maybe_unused]] const ssize_t n = ::read(event_fd_, &count, sizeof(count));
  }
}

std::vector<Mailbox::Command> Mailbox::Close() {
  std::lock_guard<std::mutex> guard(mu_);
  closed_ = true;
  std::vector<Command> out;
  out.swap(pending_);
  return out;
}

void Call::Resume() { mailbox->Post({Mailbox::Kind::kResume, shared_from_this()}); }

void Call::Cancel() { mailbox->Post({Mailbox::Kind::kCancel, shared_from_this()}); }

}  // namespace portcullis::proxy
