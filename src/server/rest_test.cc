// Tests of the REST helpers that need no server: If-Match parsing, write-conflict mapping,
// cursor text encoding, problem rendering.
#include "server/rest.h"

#include <gtest/gtest.h>

namespace homeboard::server {
namespace {

ProblemOr<std::int64_t> IfMatch(std::optional<std::string> value) {
  HttpRequest request;
  if (value) request.headers.emplace("if-match", *value);
  return RequireIfMatch(request);
}

TEST(RequireIfMatch, ReadsAStrongVersionTag) {
  EXPECT_EQ(*IfMatch("\"3\""), 3);
  EXPECT_EQ(*IfMatch(" \"0\" "), 0);
  EXPECT_EQ(*IfMatch("\"9007199254740992\""), std::int64_t{1} << 53);
}

TEST(RequireIfMatch, MissingIs428AndMalformedIs400) {
  auto missing = IfMatch(std::nullopt);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().status, 428);
  EXPECT_EQ(missing.error().code, "precondition_required");
  for (std::string bad : {"3", "*", "W/\"3\"", "\"3\", \"4\"", "\"-1\"", "\"03\"", "\"\"",
                          "\"9007199254740993\"", "\"3x\"", "\"99999999999999999999\""}) {
    auto refused = IfMatch(bad);
    ASSERT_FALSE(refused.ok()) << bad;
    EXPECT_EQ(refused.error().status, 400) << bad;
    EXPECT_EQ(refused.error().field, "If-Match") << bad;
  }
}

TEST(WriteProblem, StaleVersionIs412OtherErrorsKeepTheirStatus) {
  Problem stale = WriteProblem(service::StaleVersion("page", 1, 2));
  EXPECT_EQ(stale.status, 412);
  EXPECT_EQ(stale.code, "precondition_failed");
  Problem missing = WriteProblem(service::NotFound("page_id", "page", "x"));
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.code, "not_found");
  EXPECT_EQ(missing.field, "page_id");
}

TEST(ProblemFrom, HidesInternalMessages) {
  Problem internal = ProblemFrom(service::Internal("table Pages missing at /var/secret"));
  EXPECT_EQ(internal.status, 500);
  EXPECT_EQ(internal.detail.find("secret"), std::string::npos);
  EXPECT_NE(internal.internal_message.find("secret"), std::string::npos);
  Problem unavailable = ProblemFrom(service::Unavailable("db locked"));
  EXPECT_EQ(unavailable.status, 503);
  EXPECT_EQ(unavailable.retry_after_seconds, 1);
}

TEST(RenderProblem, WritesRfc9457Members) {
  HttpResponse response;
  RenderProblem(BadRequest("title", "max_length", "title: too long"), "/api/v1/pages", "r1",
                response);
  EXPECT_EQ(response.status, 400);
  EXPECT_EQ(response.content_type, "application/problem+json");
  EXPECT_EQ(response.body,
            R"({"type":"urn:homeboard:problem:invalid_argument","title":"Invalid argument",)"
            R"("status":400,"detail":"title: too long","code":"invalid_argument","field":"title",)"
            R"("rule":"max_length","invalid-params":[{"name":"title","reason":"title: too long",)"
            R"("rule":"max_length"}],"instance":"/api/v1/pages","request_id":"r1"})");
}

TEST(CursorText, RoundTripsAndRefusesNonCanonicalText) {
  for (std::string bytes : {std::string(), std::string("a"), std::string("ab"), std::string("abc"),
                            std::string("order\n01J", 9), std::string("\0\xff\x10", 3)}) {
    std::string text = EncodeCursorText(bytes);
    EXPECT_EQ(text.find_first_of("+/="), std::string::npos);
    EXPECT_EQ(DecodeCursorText(text), bytes);
  }
  EXPECT_EQ(DecodeCursorText("a"), std::nullopt);     // 6 bits: not a whole byte
  EXPECT_EQ(DecodeCursorText("YR"), std::nullopt);    // non-zero padding bits
  EXPECT_EQ(DecodeCursorText("ab+c"), std::nullopt);  // not base64url
}

}  // namespace
}  // namespace homeboard::server
