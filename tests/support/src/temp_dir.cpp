#include "portcullis/testsupport/temp_dir.h"

#include <pwd.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>

namespace portcullis::testsupport {
namespace {

namespace fs = std::filesystem;
constexpr std::string_view kPrefix = "portcullis-test-";

fs::path TempRoot() {
  const char* t = std::getenv("TMPDIR");
  return (t != nullptr && *t != '\0') ? fs::path(t) : fs::path("/tmp");
}

}  // namespace

Result<TempDir> TempDir::Create() {
  std::string tmpl =
      (TempRoot() / (std::string(kPrefix) + std::to_string(::getpid()) + "-XXXXXX")).string();
  if (::mkdtemp(tmpl.data()) == nullptr) {
    return Error{ErrorCode::kInternal, std::string("mkdtemp: ") + std::strerror(errno)};
  }
  return TempDir(tmpl);
}

TempDir::~TempDir() {
  if (path_.empty()) return;
  std::error_code ec;
  fs::remove_all(path_, ec);
}

Status TempDir::ChownTo(const std::string& user) const {
  struct passwd* pw = ::getpwnam(user.c_str());
  if (pw == nullptr) return Error{ErrorCode::kNotFound, "no user " + user};
  std::error_code ec;
  if (::chown(path_.c_str(), pw->pw_uid, pw->pw_gid) != 0) {
    return Error{ErrorCode::kInternal, "chown " + path_ + ": " + std::strerror(errno)};
  }
  for (auto it = fs::recursive_directory_iterator(path_, ec); !ec && it != fs::end(it);
       it.increment(ec)) {
    if (::lchown(it->path().c_str(), pw->pw_uid, pw->pw_gid) != 0) {
      return Error{ErrorCode::kInternal, "chown " + it->path().string()};
    }
  }
  return OkStatus();
}

void SweepStaleTempDirs() {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(TempRoot(), ec)) {
    std::string name = entry.path().filename().string();
    if (name.rfind(kPrefix, 0) != 0) continue;
    std::string rest = name.substr(kPrefix.size());
    auto dash = rest.find('-');
    if (dash == std::string::npos) continue;
    pid_t pid = static_cast<pid_t>(std::atoi(rest.substr(0, dash).c_str()));
    if (pid <= 0) continue;
    if (::kill(pid, 0) == 0 || errno != ESRCH) continue;  // still alive (or not ours to judge)
    std::error_code rm;
    fs::remove_all(entry.path(), rm);
  }
}

}  // namespace portcullis::testsupport
