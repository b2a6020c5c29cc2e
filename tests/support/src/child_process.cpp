#include "portcullis/testsupport/child_process.h"

#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <thread>

namespace portcullis::testsupport {
namespace {

int DecodeStatus(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

std::vector<std::string> MergedEnv(const std::map<std::string, std::string>& extra) {
  std::map<std::string, std::string> merged;
  for (char** e = environ; *e != nullptr; ++e) {
    std::string kv(*e);
    auto eq = kv.find('=');
    if (eq != std::string::npos) merged[kv.substr(0, eq)] = kv.substr(eq + 1);
  }
  for (const auto& [k, v] : extra) merged[k] = v;
  std::vector<std::string> out;
  out.reserve(merged.size());
  for (const auto& [k, v] : merged) out.push_back(k + "=" + v);
  return out;
}

}  // namespace

std::optional<std::string> FindOnPath(const std::string& name) {
  if (name.find('/') != std::string::npos) return name;
  const char* path = std::getenv("PATH");
  std::string dirs = path != nullptr ? path : "/usr/local/bin:/usr/bin:/bin";
  size_t start = 0;
  while (start <= dirs.size()) {
    size_t end = dirs.find(':', start);
    if (end == std::string::npos) end = dirs.size();
    std::string candidate = dirs.substr(start, end - start) + "/" + name;
    if (::access(candidate.c_str(), X_OK) == 0) return candidate;
    start = end + 1;
  }
  return std::nullopt;
}

Result<ChildProcess> ChildProcess::Spawn(const Options& options) {
  if (options.argv.empty()) return Error{ErrorCode::kBadRequest, "empty argv"};
  auto program = FindOnPath(options.argv[0]);
  if (!program) return Error{ErrorCode::kNotFound, options.argv[0] + " not found on PATH"};

  uid_t uid = 0;
  gid_t gid = 0;
  if (options.run_as_user) {
    struct passwd* pw = ::getpwnam(options.run_as_user->c_str());
    if (pw == nullptr) return Error{ErrorCode::kNotFound, "no user " + *options.run_as_user};
    uid = pw->pw_uid;
    gid = pw->pw_gid;
  }
  // Everything the child needs is prepared before fork: after fork only async-signal-safe calls.
  std::vector<std::string> env_strings = MergedEnv(options.env);
  std::vector<char*> envp;
  for (auto& s : env_strings) envp.push_back(s.data());
  envp.push_back(nullptr);
  std::vector<std::string> args = options.argv;
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  const pid_t parent = ::getpid();

  pid_t pid = ::fork();
  if (pid < 0) return Error{ErrorCode::kInternal, std::string("fork: ") + std::strerror(errno)};
  if (pid == 0) {
    ::setpgid(0, 0);  // own process group: a terminal's ^C reaches the test, not the server
    if (!options.log_path.empty()) {
      int fd = ::open(options.log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
      if (fd >= 0) {
        ::dup2(fd, 1);
        ::dup2(fd, 2);
      }
      int devnull = ::open("/dev/null", O_RDONLY);
      if (devnull >= 0) ::dup2(devnull, 0);
    }
    if (options.run_as_user) {
      // Credentials change first: changing them clears PR_SET_PDEATHSIG.
      if (::setgroups(0, nullptr) != 0 || ::setgid(gid) != 0 || ::setuid(uid) != 0) _exit(126);
    }
    ::prctl(PR_SET_PDEATHSIG, options.death_signal);
    if (::getppid() != parent) _exit(125);  // the parent died before prctl took effect
    ::execve(program->c_str(), argv.data(), envp.data());
    _exit(127);
  }
  return ChildProcess(pid);
}

ChildProcess::ChildProcess(ChildProcess&& other) noexcept
    : pid_(other.pid_), exit_status_(other.exit_status_) {
  other.pid_ = -1;
}

ChildProcess& ChildProcess::operator=(ChildProcess&& other) noexcept {
  if (this != &other) {
    if (pid_ > 0 && !exit_status_) (void)Stop(SIGKILL, std::chrono::seconds(5));
    pid_ = other.pid_;
    exit_status_ = other.exit_status_;
    other.pid_ = -1;
  }
  return *this;
}

ChildProcess::~ChildProcess() {
  if (pid_ > 0 && !exit_status_) (void)Stop(SIGKILL, std::chrono::seconds(5));
}

bool ChildProcess::Running() {
  if (pid_ <= 0 || exit_status_) return false;
  int status = 0;
  pid_t r = ::waitpid(pid_, &status, WNOHANG);
  if (r == pid_) {
    exit_status_ = DecodeStatus(status);
    return false;
  }
  return r == 0;
}

void ChildProcess::Signal(int signal) const {
  if (pid_ > 0 && !exit_status_) ::kill(pid_, signal);
}

Result<int> ChildProcess::Wait(std::chrono::milliseconds timeout) {
  if (exit_status_) return *exit_status_;
  if (pid_ <= 0) return Error{ErrorCode::kInternal, "no child"};
  auto deadline = std::chrono::steady_clock::now() + timeout;
  auto pause = std::chrono::milliseconds(1);
  while (true) {
    if (!Running()) {
      if (exit_status_) return *exit_status_;
      return Error{ErrorCode::kInternal, "waitpid failed"};
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      return Error{ErrorCode::kUnavailable, "child " + std::to_string(pid_) + " still running"};
    }
    std::this_thread::sleep_for(pause);
    pause = std::min(pause * 2, std::chrono::milliseconds(50));
  }
}

Result<int> ChildProcess::Stop(int signal, std::chrono::milliseconds grace) {
  if (exit_status_) return *exit_status_;
  Signal(signal);
  auto status = Wait(grace);
  if (status.ok()) return status;
  Signal(SIGKILL);
  return Wait(std::chrono::seconds(10));
}

Status StopAndRelease(std::optional<ChildProcess>& child, int signal,
                      std::chrono::milliseconds grace) {
  if (!child) return OkStatus();
  auto status = child->Stop(signal, grace);
  child.reset();
  if (!status.ok()) return status.error();
  return OkStatus();
}

Result<int> RunToCompletion(const ChildProcess::Options& options,
                            std::chrono::milliseconds timeout) {
  auto child = ChildProcess::Spawn(options);
  if (!child.ok()) return child.error();
  auto status = child->Wait(timeout);
  if (!status.ok()) {
    (void)child->Stop(SIGKILL, std::chrono::seconds(5));
    return Error{ErrorCode::kUnavailable, options.argv[0] + " timed out"};
  }
  return status;
}

}  // namespace portcullis::testsupport
