// Tests for ApiToken: round trips, item shape, expiry (including the boundary second),
// every invalid value with its field and rule, corrupt items, and TokenHash.
#include "model/api_token.h"

#include <gtest/gtest.h>

#include "model/internal/entity_testing.h"
#include "model/limits.h"

namespace homeboard::model {
namespace {

using namespace testing;  // NOLINT: test helpers
using ddb::AttributeValue;

ApiToken ValidToken() {
  return ApiToken{.token_hash = TokenHash("hb_secret_token"),
                  .user_id = kUserA,
                  .token_id = kItem1,
                  .name = "laptop " + std::string(kEmoji),
                  .kind = TokenKind::kApi,
                  .created_at = kCreated,
                  .expires_at = std::nullopt};
}

TEST(ApiToken, RoundTrips) {
  ExpectRoundTrip(ValidToken());
  ApiToken token = ValidToken();
  token.kind = TokenKind::kSession;
  token.expires_at = 1'795'596'017;
  ExpectRoundTrip(token);
  token.expires_at = 0;
  ExpectRoundTrip(token);
  token.expires_at = kMaxEpochSeconds;
  token.name = Repeat(kEmoji, kMaxTokenNameChars);
  ExpectRoundTrip(token);
}

TEST(ApiToken, ItemShape) {
  ApiToken token = ValidToken();
  ddb::Item item = token.ToItem();
  EXPECT_FALSE(item.count("expires_at"));  // empty optionals are omitted
  EXPECT_EQ(item.at("kind"), AttributeValue::S("api"));
  token.expires_at = 42;
  token.kind = TokenKind::kSession;
  item = token.ToItem();
  EXPECT_EQ(item.at("expires_at"), AttributeValue::N("42"));
  EXPECT_EQ(item.at("kind"), AttributeValue::S("session"));
  EXPECT_EQ(token.Key(), (ddb::Item{{"token_hash", AttributeValue::S(token.token_hash)}}));
  EXPECT_EQ(ApiToken::KeyOf(token.token_hash), token.Key());
}

TEST(ApiToken, Expiry) {
  ApiToken token = ValidToken();
  EXPECT_FALSE(token.IsExpiredAt(Time::max()));  // no expiry
  token.expires_at = 1000;
  EXPECT_FALSE(token.IsExpiredAt(FromEpochSeconds(999)));
  EXPECT_FALSE(token.IsExpiredAt(FromEpochSeconds(999) + std::chrono::milliseconds(999)));
  EXPECT_TRUE(token.IsExpiredAt(FromEpochSeconds(1000)));
  EXPECT_TRUE(token.IsExpiredAt(FromEpochSeconds(5000)));
}

TEST(ApiToken, TokenHashIsSha256Hex) {
  // SHA-256("abc"), FIPS 180-2 example.
  EXPECT_EQ(TokenHash("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_OK(ValidateTokenHash(TokenHash(""), "token_hash"));
}

TEST(ApiToken, RejectsInvalid) {
  ExpectRejected<ApiToken>(
      ValidToken(),
      {
          {"no hash", [](ApiToken& t) { t.token_hash = ""; }, "token_hash", "required"},
          {"upper hash", [](ApiToken& t) { t.token_hash = std::string(64, 'A'); }, "token_hash",
           "pattern"},
          {"short hash", [](ApiToken& t) { t.token_hash = std::string(63, 'a'); }, "token_hash",
           "pattern"},
          {"raw token", [](ApiToken& t) { t.token_hash = "hb_secret_token"; }, "token_hash",
           "pattern"},
          {"no user", [](ApiToken& t) { t.user_id = ""; }, "user_id", "required"},
          {"bad token id", [](ApiToken& t) { t.token_id = "1"; }, "token_id", "pattern"},
          {"no name", [](ApiToken& t) { t.name = ""; }, "name", "required"},
          {"long name", [](ApiToken& t) { t.name = std::string(201, 'n'); }, "name", "max_length"},
          {"bad time", [](ApiToken& t) { t.created_at = "2026"; }, "created_at", "pattern"},
          {"negative expiry", [](ApiToken& t) { t.expires_at = -1; }, "expires_at", "range"},
          {"far expiry", [](ApiToken& t) { t.expires_at = kMaxEpochSeconds + 1; }, "expires_at",
           "range"},
          {"session without expiry", [](ApiToken& t) { t.kind = TokenKind::kSession; },
           "expires_at", "required"},
      });
}

TEST(ApiToken, CorruptItems) {
  ApiToken token = ValidToken();
  token.expires_at = 42;
  ExpectCorruptWithout(token, {"token_hash", "user_id", "token_id", "name", "kind", "created_at"});
  ExpectCorruptWith(token, "kind", AttributeValue::S("admin"));
  ExpectCorruptWith(token, "expires_at", AttributeValue::S("42"));
  ExpectCorruptWith(token, "expires_at", AttributeValue::N("42.5"));
}

TEST(ApiToken, ParseTokenKind) {
  ASSERT_OK_AND_ASSIGN(TokenKind kind, ParseTokenKind("session"));
  EXPECT_EQ(kind, TokenKind::kSession);
  auto bad = ParseTokenKind("API");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().rule, "enum");
  EXPECT_EQ(bad.error().field, "kind");
}

}  // namespace
}  // namespace homeboard::model
