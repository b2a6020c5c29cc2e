#pragma once
// TempDir: a directory under $TMPDIR (default /tmp) removed with everything in it on destruction.
// Its name carries our pid (portcullis-test-<pid>-XXXXXX) so that directories left behind by a
// test process that was killed are swept by the next run (SweepStaleTempDirs).

#include <string>

#include "portcullis/common/result.h"

namespace portcullis::testsupport {

class TempDir {
 public:
  static Result<TempDir> Create();
  TempDir(TempDir&& other) noexcept : path_(std::move(other.path_)) { other.path_.clear(); }
  TempDir& operator=(TempDir&&) = delete;
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir();

  const std::string& path() const { return path_; }
  // Gives the tree to `user` (so a server that runs as that user can write it). Root only.
  Status ChownTo(const std::string& user) const;

 private:
  explicit TempDir(std::string path) : path_(std::move(path)) {}
  std::string path_;
};

// Removes portcullis-test-<pid>-* directories whose process no longer exists.
void SweepStaleTempDirs();

}  // namespace portcullis::testsupport
