#pragma once
// ChildProcess: a server or tool started by a test, never outliving it.
//
// The child is started with PR_SET_PDEATHSIG, so if the test process dies (a failed assert, a
// sanitizer abort, SIGKILL) the kernel signals the child too; nothing is left running. The
// signal fires when the *thread* that spawned the child exits, so spawn long-lived servers from
// the test's main thread (gtest runs tests there).
//
//   ChildProcess::Options o;  o.argv = {"/usr/bin/nats-server", "-p", "4222"};
//   o.log_path = dir + "/nats.log";
//   auto child = ChildProcess::Spawn(o);   // Result<ChildProcess>
//   child->Signal(SIGTERM); child->Wait(std::chrono::seconds(5));

#include <sys/types.h>

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "portcullis/common/result.h"

namespace portcullis::testsupport {

class ChildProcess {
 public:
  struct Options {
    std::vector<std::string> argv;           // argv[0] is an absolute path or found on PATH
    std::map<std::string, std::string> env;  // added to (or replacing in) the inherited env
    std::string log_path;                    // stdout+stderr appended here; empty = inherit
    std::optional<std::string> run_as_user;  // switch to this user first (root only)
    int death_signal = 15;                   // sent to the child if we die (SIGTERM)
  };

  // Starts the child. Errors: kInternal when fork/exec setup fails, kNotFound when the user
  // does not exist. An exec failure shows up as the child exiting with status 127.
  static Result<ChildProcess> Spawn(const Options& options);

  ChildProcess(ChildProcess&& other) noexcept;
  ChildProcess& operator=(ChildProcess&& other) noexcept;
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;
  // Kills (SIGKILL) and reaps a child that is still running.
  ~ChildProcess();

  pid_t pid() const { return pid_; }
  bool Running();
  void Signal(int signal) const;
  // Waits for exit; returns the exit status (128+signal when killed), or kUnavailable on timeout.
  Result<int> Wait(std::chrono::milliseconds timeout);
  // SIGTERM (or `signal`), wait up to `grace`, then SIGKILL. Returns the exit status.
  Result<int> Stop(int signal = 15, std::chrono::milliseconds grace = std::chrono::seconds(10));

 private:
  explicit ChildProcess(pid_t pid) : pid_(pid) {}
  pid_t pid_ = -1;
  std::optional<int> exit_status_;
};

// Stops `child` (when it holds one) with `signal`, waiting up to `grace` before SIGKILL, and
// empties it. OK when there was nothing to stop.
Status StopAndRelease(std::optional<ChildProcess>& child, int signal,
                      std::chrono::milliseconds grace);

// Runs a command to completion (no PDEATHSIG games needed: we wait for it). Returns its exit
// status; output goes to `log_path` when set.
Result<int> RunToCompletion(const ChildProcess::Options& options,
                            std::chrono::milliseconds timeout = std::chrono::seconds(60));

// Finds `name` on PATH; nullopt if absent.
std::optional<std::string> FindOnPath(const std::string& name);

}  // namespace portcullis::testsupport
