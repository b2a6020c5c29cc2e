#include "response_parser.h"

#include <gtest/gtest.h>

namespace portcullis::proxy {
namespace {

struct Recorder final : ResponseEvents {
  void OnResponseHead(int s, HeaderList h) override {
    ++heads;
    status = s;
    headers = std::move(h);
  }
  bool OnResponseBody(std::string_view data) override {
    body.append(data);
    ++slices;
    return !pause_after_each;
  }
  int heads = 0;
  int status = 0;
  HeaderList headers;
  std::string body;
  int slices = 0;
  bool pause_after_each = false;
};

struct Outcome {
  ParseStatus status;
  Recorder rec;
  bool keep_alive;
  std::string error;
  size_t consumed;
};

// Feeds `wire` in pieces of `step` bytes (0: all at once), as reads would deliver it.
Outcome Parse(std::string_view wire, size_t step = 0, bool head_request = false, bool eof = false) {
  ResponseParser parser({.max_head_bytes = 1024, .max_headers = 8});
  parser.Start(head_request);
  Outcome out{ParseStatus::kNeedMore, {}, false, "", 0};
  size_t pos = 0;
  while (pos < wire.size()) {
    const size_t n = step == 0 ? wire.size() - pos : std::min(step, wire.size() - pos);
    const FeedResult r = parser.Feed(wire.substr(pos, n), out.rec);
    pos += r.consumed;
    out.consumed = pos;
    out.status = r.status;
    if (r.status == ParseStatus::kDone || r.status == ParseStatus::kError) break;
    if (r.consumed < n && r.status != ParseStatus::kPaused) break;
  }
  if (eof && out.status == ParseStatus::kNeedMore) out.status = parser.FinishAtEof(out.rec);
  out.keep_alive = parser.keep_alive();
  out.error = parser.error();
  return out;
}

TEST(ResponseParserTest, ContentLengthBodyInAnySplit) {
  const std::string wire = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX-A:  v \r\n\r\nhello";
  for (size_t step : {0, 1, 2, 3, 7}) {
    Outcome o = Parse(wire, step);
    EXPECT_EQ(o.status, ParseStatus::kDone) << step;
    EXPECT_EQ(o.rec.status, 200);
    EXPECT_EQ(o.rec.body, "hello");
    EXPECT_EQ(o.rec.heads, 1);
    EXPECT_TRUE(o.keep_alive);
    EXPECT_EQ(o.rec.headers, (HeaderList{{"Content-Length", "5"}, {"X-A", "v"}}));
  }
}

TEST(ResponseParserTest, ChunkedBodyWithExtensionsAndTrailersInAnySplit) {
  const std::string wire =
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
      "5;name=value\r\nhello\r\n1A\r\nabcdefghijklmnopqrstuvwxyz\r\n0\r\nX-Sum: 1\r\n\r\n";
  for (size_t step : {0, 1, 2, 5, 13}) {
    Outcome o = Parse(wire, step);
    EXPECT_EQ(o.status, ParseStatus::kDone) << step;
    EXPECT_EQ(o.rec.body, "helloabcdefghijklmnopqrstuvwxyz") << step;
    EXPECT_TRUE(o.keep_alive);
    EXPECT_EQ(o.consumed, wire.size());
  }
}

TEST(ResponseParserTest, StopsAtTheEndOfTheAnswer) {
  const std::string wire = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokEXTRA";
  Outcome o = Parse(wire);
  EXPECT_EQ(o.status, ParseStatus::kDone);
  EXPECT_EQ(o.rec.body, "ok");
  EXPECT_EQ(o.consumed, wire.size() - 5);
}

TEST(ResponseParserTest, BodyUntilCloseEndsAtEofAndIsNotReusable) {
  Outcome o = Parse("HTTP/1.1 200 OK\r\n\r\nstream until close", 4, false, true);
  EXPECT_EQ(o.status, ParseStatus::kDone);
  EXPECT_EQ(o.rec.body, "stream until close");
  EXPECT_FALSE(o.keep_alive);
}

TEST(ResponseParserTest, TruncatedBodiesAreErrorsAtEof) {
  EXPECT_EQ(Parse("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort", 0, false, true).status,
            ParseStatus::kError);
  EXPECT_EQ(
      Parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel", 0, false, true).status,
      ParseStatus::kError);
  EXPECT_EQ(Parse("HTTP/1.1 200 OK\r\nContent-", 0, false, true).status, ParseStatus::kError);
}

TEST(ResponseParserTest, NoBodyForHeadRequests204And304) {
  Outcome head = Parse("HTTP/1.1 200 OK\r\nContent-Length: 99\r\n\r\n", 0, true);
  EXPECT_EQ(head.status, ParseStatus::kDone);
  EXPECT_TRUE(head.keep_alive);
  EXPECT_EQ(Parse("HTTP/1.1 204 No Content\r\n\r\n").status, ParseStatus::kDone);
  EXPECT_EQ(Parse("HTTP/1.1 304 Not Modified\r\nETag: x\r\n\r\n").status, ParseStatus::kDone);
}

TEST(ResponseParserTest, SkipsInterimAnswers) {
  Outcome o = Parse(
      "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n"
      "HTTP/1.1 201 Created\r\nContent-Length: 1\r\n\r\nx",
      3);
  EXPECT_EQ(o.status, ParseStatus::kDone);
  EXPECT_EQ(o.rec.heads, 1);
  EXPECT_EQ(o.rec.status, 201);
  EXPECT_EQ(o.rec.body, "x");
}

TEST(ResponseParserTest, ConnectionCloseAndHttp10DecideReuse) {
  EXPECT_FALSE(
      Parse("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n").keep_alive);
  EXPECT_FALSE(Parse("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n").keep_alive);
  EXPECT_TRUE(
      Parse("HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 0\r\n\r\n").keep_alive);
}

TEST(ResponseParserTest, PausesAfterASliceAndResumesWithTheRest) {
  ResponseParser parser({});
  parser.Start(false);
  Recorder rec;
  rec.pause_after_each = true;
  const std::string wire =
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n3\r\ndef\r\n0\r\n\r\n";
  std::string_view rest = wire;
  int pauses = 0;
  while (true) {
    FeedResult r = parser.Feed(rest, rec);
    rest.remove_prefix(r.consumed);
    if (r.status != ParseStatus::kPaused) {
      EXPECT_EQ(r.status, ParseStatus::kDone);
      break;
    }
    ++pauses;
  }
  EXPECT_EQ(pauses, 2);
  EXPECT_EQ(rec.body, "abcdef");
  EXPECT_TRUE(rest.empty());
}

struct Malformed {
  const char* name;
  const char* wire;
};

class ResponseParserMalformedTest : public ::testing::TestWithParam<Malformed> {};

TEST_P(ResponseParserMalformedTest, IsRejected) {
  Outcome o = Parse(GetParam().wire);
  EXPECT_EQ(o.status, ParseStatus::kError) << GetParam().name;
  EXPECT_FALSE(o.error.empty());
  EXPECT_FALSE(o.keep_alive);
  Outcome byte_by_byte = Parse(GetParam().wire, 1);
  EXPECT_EQ(byte_by_byte.status, ParseStatus::kError) << GetParam().name;
}

INSTANTIATE_TEST_SUITE_P(
    Cases, ResponseParserMalformedTest,
    ::testing::Values(
        Malformed{"NotHttp", "SSH-2.0-OpenSSH\r\n\r\n"},
        Malformed{"Http2Preface", "HTTP/2 200\r\n\r\n"},
        Malformed{"ShortStatus", "HTTP/1.1 20 OK\r\n\r\n"},
        Malformed{"StatusBelow100", "HTTP/1.1 099 X\r\nContent-Length: 0\r\n\r\n"},
        Malformed{"NoSpaceAfterCode", "HTTP/1.1 200OK\r\n\r\n"},
        Malformed{"BareLfHead", "HTTP/1.1 200 OK\nContent-Length: 0\n\n\r\n\r\n"},
        Malformed{"ObsFold", "HTTP/1.1 200 OK\r\nX-A: a\r\n b\r\nContent-Length: 0\r\n\r\n"},
        Malformed{"SpaceBeforeColon", "HTTP/1.1 200 OK\r\nContent-Length : 0\r\n\r\n"},
        Malformed{"NoColon", "HTTP/1.1 200 OK\r\nGarbage\r\n\r\n"},
        Malformed{"NulInValue", "HTTP/1.1 200 OK\r\nX-A: a\x01 b\r\nContent-Length: 0\r\n\r\n"},
        Malformed{"NegativeLength", "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n"},
        Malformed{"PlusLength", "HTTP/1.1 200 OK\r\nContent-Length: +5\r\n\r\nhello"},
        Malformed{"HugeLength", "HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999\r\n\r\n"},
        Malformed{"ConflictingLengths",
                  "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab"},
        Malformed{"ConflictingLengthList", "HTTP/1.1 200 OK\r\nContent-Length: 1, 2\r\n\r\nab"},
        Malformed{"LengthAndChunked",
                  "HTTP/1.1 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n"
                  "0\r\n\r\n"},
        Malformed{"GzipCoding", "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n"},
        Malformed{"ChunkedNotLast",
                  "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, gzip\r\n\r\n0\r\n\r\n"},
        Malformed{"ChunkedTwice",
                  "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: "
                  "chunked\r\n\r\n0\r\n\r\n"},
        Malformed{"Switching", "HTTP/1.1 101 Switching Protocols\r\nUpgrade: x\r\n\r\n"},
        Malformed{"ChunkSizeNotHex",
                  "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n\r\n"},
        Malformed{"ChunkSizeEmpty",
                  "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n\r\nabc\r\n"},
        Malformed{"ChunkSizeOverflow",
                  "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1000000000000000\r\n"},
        Malformed{"ChunkSizeJunk",
                  "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5 x\r\nhello\r\n"},
        Malformed{"ChunkSizeBareLf",
                  "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\nhello\r\n"},
        Malformed{"ChunkDataTooLong",
                  "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nhello\r\n0\r\n\r\n"},
        Malformed{"TrailerBareLf",
                  "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX: 1\n\r\n"}),
    [](const ::testing::TestParamInfo<Malformed>& info) { return std::string(info.param.name); });

TEST(ResponseParserTest, RejectsOversizedHeadsAndTooManyHeaders) {
  const std::string big = "HTTP/1.1 200 OK\r\nX-Big: " + std::string(2000, 'a') + "\r\n\r\n";
  EXPECT_EQ(Parse(big).status, ParseStatus::kError);
  EXPECT_EQ(Parse(big, 100).status, ParseStatus::kError);
  std::string many = "HTTP/1.1 200 OK\r\n";
  for (int i = 0; i < 9; ++i) many += "X-" + std::to_string(i) + ": v\r\n";
  EXPECT_EQ(Parse(many + "\r\n").status, ParseStatus::kError);
}

TEST(ResponseParserTest, RejectsEndlessChunkExtension) {
  const std::string wire =
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;" + std::string(5000, 'e');
  EXPECT_EQ(Parse(wire, 512).status, ParseStatus::kError);
}

TEST(ResponseParserTest, RejectsEndlessTrailers) {
  std::string wire = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n";
  for (int i = 0; i < 200; ++i) wire += "X-T: 0123456789\r\n";
  EXPECT_EQ(Parse(wire, 64).status, ParseStatus::kError);
}

}  // namespace
}  // namespace portcullis::proxy
