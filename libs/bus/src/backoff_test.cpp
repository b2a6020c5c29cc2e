#include "portcullis/bus/backoff.h"

#include <gtest/gtest.h>

namespace portcullis::bus {
namespace {

using std::chrono::milliseconds;

TEST(BackoffTest, DoublesFromInitialUpToMaxWithoutJitter) {
  BackoffPolicy p{milliseconds(50), milliseconds(1000), 2.0, 0.0};
  EXPECT_EQ(BackoffDelay(p, 1, 0.5), milliseconds(50));
  EXPECT_EQ(BackoffDelay(p, 2, 0.5), milliseconds(100));
  EXPECT_EQ(BackoffDelay(p, 5, 0.5), milliseconds(800));
  EXPECT_EQ(BackoffDelay(p, 6, 0.5), milliseconds(1000));
  EXPECT_EQ(BackoffDelay(p, 1000000, 0.5), milliseconds(1000));
}

TEST(BackoffTest, JitterStaysWithinItsBand) {
  BackoffPolicy p{milliseconds(100), milliseconds(1000), 2.0, 0.2};
  EXPECT_EQ(BackoffDelay(p, 1, 0.0), milliseconds(80));
  EXPECT_EQ(BackoffDelay(p, 1, 0.5), milliseconds(100));
  EXPECT_EQ(BackoffDelay(p, 1, 0.999999), milliseconds(119));
}

TEST(BackoffTest, AttemptBelowOneCountsAsOne) {
  BackoffPolicy p{milliseconds(50), milliseconds(1000), 2.0, 0.0};
  EXPECT_EQ(BackoffDelay(p, 0, 0.5), milliseconds(50));
  EXPECT_EQ(BackoffDelay(p, -3, 0.5), milliseconds(50));
}

}  // namespace
}  // namespace portcullis::bus
