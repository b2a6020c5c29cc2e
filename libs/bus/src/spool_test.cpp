#include "portcullis/bus/spool.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <string>

namespace portcullis::bus {
namespace {

class SpoolTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/bus-spool-test-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    path_ = dir_ + "/audit.spool";
  }
  void TearDown() override {
    std::remove(path_.c_str());
    rmdir(dir_.c_str());
  }
  static SpoolRecord Rec(int i) {
    return {"auth.audit.events.session.x", "id-" + std::to_string(i),
            std::string(static_cast<std::size_t>(10 + i), static_cast<char>('a' + i % 26))};
  }
  std::string dir_;
  std::string path_;
};

TEST(SpoolRecordTest, EncodesAndParsesOneRecord) {
  SpoolRecord r{"s.x", "id", std::string("pay\0load", 8)};
  std::string bytes;
  AppendSpoolRecord(r, bytes);
  EXPECT_EQ(bytes.size(), kSpoolHeaderBytes + 2 + 3 + 2 + 2 + 8);
  SpoolParseResult p = ParseSpoolRecord(bytes);
  ASSERT_EQ(p.status, SpoolParseStatus::kOk);
  EXPECT_EQ(p.record, r);
  EXPECT_EQ(p.consumed, bytes.size());
}

TEST(SpoolRecordTest, ShortDataIsIncompleteAndFlippedBitIsCorrupt) {
  std::string bytes;
  AppendSpoolRecord({"s", "i", "payload"}, bytes);
  EXPECT_EQ(ParseSpoolRecord(bytes.substr(0, bytes.size() - 1)).status,
            SpoolParseStatus::kIncomplete);
  bytes[bytes.size() - 2] ^= 0x01;
  EXPECT_EQ(ParseSpoolRecord(bytes).status, SpoolParseStatus::kCorrupt);
}

TEST(SpoolRecordTest, AbsurdLengthIsCorrupt) {
  std::string bytes(8, '\xff');
  EXPECT_EQ(ParseSpoolRecord(bytes).status, SpoolParseStatus::kCorrupt);
}

TEST(SpoolRecordTest, Crc32MatchesTheStandardCheckValue) {
  EXPECT_EQ(Crc32("123456789"), 0xCBF43926u);
}

TEST_F(SpoolTest, RecordsComeOutInTheOrderTheyWentIn) {
  auto spool = Spool::Open(path_, 1 << 20);
  ASSERT_TRUE(spool.ok());
  ASSERT_TRUE((*spool)->Append({Rec(0), Rec(1)}).ok());
  ASSERT_TRUE((*spool)->Append({Rec(2)}).ok());
  EXPECT_EQ((*spool)->records(), 3u);
  for (int i = 0; i < 3; ++i) {
    Result<SpoolRecord> r = (*spool)->Front();
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(*r, Rec(i));
    ASSERT_TRUE((*spool)->PopFront().ok());
  }
  EXPECT_TRUE((*spool)->empty());
}

TEST_F(SpoolTest, SurvivesReopenAndTruncatesWhenReplayed) {
  {
    auto spool = Spool::Open(path_, 1 << 20);
    ASSERT_TRUE(spool.ok());
    ASSERT_TRUE((*spool)->Append({Rec(0), Rec(1), Rec(2)}).ok());
  }
  auto spool = Spool::Open(path_, 1 << 20);
  ASSERT_TRUE(spool.ok());
  ASSERT_EQ((*spool)->records(), 3u);
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE((*spool)->Front().ok());
    ASSERT_TRUE((*spool)->PopFront().ok());
  }
  std::ifstream f(path_, std::ios::binary | std::ios::ate);
  EXPECT_EQ(f.tellg(), static_cast<std::streamoff>(kSpoolFileHeaderBytes));
}

TEST_F(SpoolTest, CheckpointedCursorSurvivesReopen) {
  {
    auto spool = Spool::Open(path_, 1 << 20);
    ASSERT_TRUE((*spool)->Append({Rec(0), Rec(1), Rec(2)}).ok());
    ASSERT_TRUE((*spool)->Front().ok());
    ASSERT_TRUE((*spool)->PopFront().ok());
    ASSERT_TRUE((*spool)->Checkpoint().ok());
    ASSERT_TRUE((*spool)->Front().ok());
    ASSERT_TRUE((*spool)->PopFront().ok());  // consumed, not checkpointed: replayed again
  }
  auto spool = Spool::Open(path_, 1 << 20);
  ASSERT_TRUE(spool.ok());
  EXPECT_EQ((*spool)->records(), 2u);
  EXPECT_EQ((*spool)->Front()->msg_id, "id-1");
}

TEST_F(SpoolTest, ForeignFileIsRefusedAsInternal) {
  {
    std::ofstream f(path_, std::ios::binary);
    f << "this is somebody else's file";
  }
  auto spool = Spool::Open(path_, 1 << 20);
  ASSERT_FALSE(spool.ok());
  EXPECT_EQ(spool.code(), ErrorCode::kInternal);
}

TEST_F(SpoolTest, TornTailIsCutAndEarlierRecordsKept) {
  {
    auto spool = Spool::Open(path_, 1 << 20);
    ASSERT_TRUE((*spool)->Append({Rec(0), Rec(1)}).ok());
  }
  {
    std::ofstream f(path_, std::ios::binary | std::ios::app);
    f << std::string("\x40\x00\x00\x00\x01\x02", 6);  // a header cut short by a crash
  }
  auto spool = Spool::Open(path_, 1 << 20);
  ASSERT_TRUE(spool.ok());
  EXPECT_EQ((*spool)->records(), 2u);
  ASSERT_TRUE((*spool)->Append({Rec(2)}).ok());
  std::vector<std::string> ids;
  while (!(*spool)->empty()) {
    ids.push_back((*spool)->Front()->msg_id);
    ASSERT_TRUE((*spool)->PopFront().ok());
  }
  EXPECT_EQ(ids, (std::vector<std::string>{"id-0", "id-1", "id-2"}));
}

TEST_F(SpoolTest, FullSpoolRefusesTheWholeBatchAsUnavailable) {
  auto spool = Spool::Open(path_, 100);
  ASSERT_TRUE(spool.ok());
  ASSERT_TRUE((*spool)->Append({Rec(0)}).ok());
  Status s = (*spool)->Append({Rec(1), Rec(2), Rec(3)});
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.code(), ErrorCode::kUnavailable);
  EXPECT_EQ((*spool)->records(), 1u);
}

TEST_F(SpoolTest, UnopenablePathIsInternal) {
  auto spool = Spool::Open(dir_ + "/no/such/dir/spool", 100);
  ASSERT_FALSE(spool.ok());
  EXPECT_EQ(spool.code(), ErrorCode::kInternal);
}

}  // namespace
}  // namespace portcullis::bus
