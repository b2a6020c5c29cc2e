#include "flags.h"

#include <gtest/gtest.h>
#include <stdlib.h>

namespace portcullis::authctl {
namespace {

TEST(FlagsTest, AcceptsSpacedAndInlineValuesAndSwitches) {
  auto f = Flags::Parse({"ping", "--nats", "nats://a:1", "--wait=250", "--all"}, 1,
                        {{"nats"}, {"wait"}, {"all", FlagKind::kSwitch}, {"count"}});
  ASSERT_TRUE(f.ok()) << f.error().detail;
  EXPECT_EQ(f->Get("nats"), "nats://a:1");
  EXPECT_EQ(*f->Int("wait", 500, 1, 600000), 250);
  EXPECT_TRUE(f->Has("all"));
  EXPECT_FALSE(f->Has("count"));
  EXPECT_EQ(*f->Int("count", 5, 1, 10), 5);
  EXPECT_EQ(f->GetOr("count", "x"), "x");
}

TEST(FlagsTest, LastValueWinsUnlessRepeated) {
  auto f = Flags::Parse({"--alg", "RS256", "--alg", "ES256", "--issuer", "a", "--issuer=b"}, 0,
                        {{"alg"}, {"issuer", FlagKind::kRepeated}});
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(f->Get("alg"), "ES256");
  EXPECT_EQ(f->All("issuer"), (std::vector<std::string>{"a", "b"}));
  EXPECT_TRUE(f->All("nothing").empty());
}

TEST(FlagsTest, ValuesMayLookLikeFlagsOrBeEmpty) {
  auto f = Flags::Parse({"--issuer", "--not-a-flag", "--audience="}, 0, {{"issuer"}, {"audience"}});
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(f->Get("issuer"), "--not-a-flag");
  EXPECT_EQ(f->Get("audience"), "");
}

TEST(FlagsTest, RejectsUnknownPositionalMissingValueAndValuedSwitch) {
  const std::initializer_list<FlagSpec> specs = {{"nats"}, {"all", FlagKind::kSwitch}};
  auto unknown = Flags::Parse({"--bogus", "1"}, 0, specs);
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.code(), ErrorCode::kBadRequest);
  EXPECT_EQ(unknown.error().detail, "unknown argument '--bogus'");
  EXPECT_EQ(Flags::Parse({"positional"}, 0, specs).error().detail, "unknown argument 'positional'");
  EXPECT_EQ(Flags::Parse({"--"}, 0, specs).error().detail, "unknown argument '--'");
  EXPECT_EQ(Flags::Parse({"--nats"}, 0, specs).error().detail, "--nats needs a value");
  EXPECT_EQ(Flags::Parse({"--all=yes"}, 0, specs).error().detail, "--all takes no value");
}

TEST(FlagsTest, IntRejectsJunkAndOutOfRange) {
  for (const char* bad : {"", "12x", " 5", "0", "600001", "-3", "99999999999999999999"}) {
    auto f = Flags::Parse({"--wait", bad}, 0, {{"wait"}});
    ASSERT_TRUE(f.ok());
    auto v = f->Int("wait", 500, 1, 600000);
    ASSERT_FALSE(v.ok()) << bad;
    EXPECT_EQ(v.error().detail, "--wait needs a number from 1 to 600000");
  }
}

TEST(FlagsTest, EnvOrTakesTheFirstNonEmptyVariable) {
  ::setenv("PORTCULLIS_TEST_FLAG_A", "", 1);
  ::setenv("PORTCULLIS_TEST_FLAG_B", "from-b", 1);
  EXPECT_EQ(EnvOr({"PORTCULLIS_TEST_FLAG_A", "PORTCULLIS_TEST_FLAG_B"}, "dflt"), "from-b");
  EXPECT_EQ(EnvOr({"PORTCULLIS_TEST_FLAG_UNSET"}, "dflt"), "dflt");
  ::unsetenv("PORTCULLIS_TEST_FLAG_A");
  ::unsetenv("PORTCULLIS_TEST_FLAG_B");
}

}  // namespace
}  // namespace portcullis::authctl
