// Tests of TokenService on a SQLite store: API tokens made, checked, listed, expired and
// revoked (only by their owner); malformed, unknown and wrong-kind tokens refused without a
// store call; sessions with their idle and absolute expiry; CSRF tokens bound to a session.
#include "service/token_service.h"

#include <gtest/gtest.h>

#include <chrono>
#include <set>

#include "model/ids.h"
#include "model/tables.h"
#include "model/timestamp.h"
#include "service/testing_store.h"
#include "testing/status_matchers.h"

namespace homeboard::service {
namespace {

using Code = Error::Code;
using Op = FaultInjectingStore::Op;
using When = FaultInjectingStore::When;
using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

constexpr std::int64_t kHourMs = 3600 * 1000;

class TokenServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_OK_AND_ASSIGN(env_, ServiceTestEnv::Open());
    tokens_ = std::make_unique<TokenService>(env_->context);
  }

  // The stored item of a token, read around the service.
  std::optional<ddb::Item> StoredItem(std::string_view token) {
    auto item = env_->db->store()->Get({.table = env_->context.Table(model::kApiTokensTable),
                                        .key = model::ApiToken::KeyOf(model::TokenHash(token))});
    EXPECT_OK(item);
    return item.ok() ? *item : std::nullopt;
  }

  std::optional<Authenticated> AuthOrDie(std::string_view token) {
    auto auth = tokens_->Authenticate(token);
    EXPECT_OK(auth);
    return auth.ok() ? *auth : std::nullopt;
  }

  std::optional<SessionAuth> SessionOrDie(std::string_view token) {
    auto auth = tokens_->AuthenticateSession(token);
    EXPECT_OK(auth);
    return auth.ok() ? *auth : std::nullopt;
  }

  std::unique_ptr<ServiceTestEnv> env_;
  std::unique_ptr<TokenService> tokens_;
  Caller alice_{model::NewId()};
  Caller bob_{model::NewId()};
};

TEST_F(TokenServiceTest, CreatedTokenAuthenticatesItsOwner) {
  ASSERT_OK_AND_ASSIGN(CreatedToken created, tokens_->CreateApiToken(alice_, "  backup   script "));
  EXPECT_EQ(created.token.size(), kTokenLength);
  EXPECT_EQ(created.token.substr(0, 4), "hbk_");
  EXPECT_EQ(created.record.name, "backup script");
  EXPECT_EQ(created.record.user_id, alice_.user_id);
  EXPECT_EQ(created.record.kind, model::TokenKind::kApi);
  EXPECT_FALSE(created.record.expires_at.has_value());
  EXPECT_TRUE(model::IsValidId(created.record.token_id));

  auto auth = AuthOrDie(created.token);
  ASSERT_TRUE(auth.has_value());
  EXPECT_EQ(auth->caller.user_id, alice_.user_id);
  EXPECT_EQ(auth->token_id, created.record.token_id);
  EXPECT_EQ(auth->kind, model::TokenKind::kApi);
}

TEST_F(TokenServiceTest, OnlyTheHashIsStored) {
  ASSERT_OK_AND_ASSIGN(CreatedToken created, tokens_->CreateApiToken(alice_, "ci"));
  std::optional<ddb::Item> item = StoredItem(created.token);
  ASSERT_TRUE(item.has_value());
  EXPECT_EQ(item->at("token_hash").AsS(), model::TokenHash(created.token));
  for (const auto& [name, value] : *item) {
    if (value.IsS()) {
      EXPECT_EQ(value.AsS().find(created.token.substr(4)), std::string::npos) << name;
    }
  }
}

TEST_F(TokenServiceTest, TokensAreDistinctAndCarry256RandomBits) {
  std::set<std::string> seen;
  for (int i = 0; i < 50; ++i) {
    ASSERT_OK_AND_ASSIGN(CreatedToken created, tokens_->CreateApiToken(alice_, "t"));
    // 43 base64url characters carry 258 bits; the 32 random bytes fill 256 of them.
    EXPECT_EQ(created.token.size() - 4, 43u);
    EXPECT_TRUE(seen.insert(created.token).second);
  }
}

TEST_F(TokenServiceTest, MalformedTokensAreRefusedWithoutAStoreCall) {
  ASSERT_OK_AND_ASSIGN(CreatedToken created, tokens_->CreateApiToken(alice_, "ci"));
  ASSERT_OK_AND_ASSIGN(CreatedSession session, tokens_->CreateSession(alice_));
  int gets_before = env_->faulty.Calls(Op::kGet);
  std::string bad_char = created.token;
  bad_char[10] = '+';
  for (std::string bad : {
           std::string(""), std::string("hbk_"), "Bearer " + created.token, created.token + "A",
           created.token.substr(0, kTokenLength - 1),
           "hbs_" + created.token.substr(4),  // right secret, wrong kind prefix
           "HBK_" + created.token.substr(4), bad_char, std::string(kTokenLength, '\0'),
           session.token,  // a session cookie is not a bearer token
       }) {
    auto auth = tokens_->Authenticate(bad);
    ASSERT_OK(auth);
    EXPECT_FALSE(auth->has_value()) << bad;
  }
  // None reached the store: the shape and the kind prefix are checked first.
  EXPECT_EQ(env_->faulty.Calls(Op::kGet), gets_before);
}

TEST_F(TokenServiceTest, UnknownTokenIsRefused) {
  ASSERT_OK_AND_ASSIGN(CreatedToken created, tokens_->CreateApiToken(alice_, "ci"));
  std::string other = created.token;
  other[20] = other[20] == 'a' ? 'b' : 'a';
  auto auth = AuthOrDie(other);
  EXPECT_FALSE(auth.has_value());
}

TEST_F(TokenServiceTest, ExpiredTokenIsRefusedWhileItsItemStillExists) {
  ASSERT_OK_AND_ASSIGN(CreatedToken created,
                       tokens_->CreateApiToken(alice_, "short", seconds(3600)));
  ASSERT_TRUE(created.record.expires_at.has_value());
  EXPECT_TRUE(AuthOrDie(created.token).has_value());
  env_->clock->Advance(kHourMs - 1000);
  EXPECT_TRUE(AuthOrDie(created.token).has_value());
  env_->clock->Advance(1000);
  EXPECT_FALSE(AuthOrDie(created.token).has_value());
  EXPECT_TRUE(StoredItem(created.token).has_value());  // TTL is lazy; the check is not
  ASSERT_OK_AND_ASSIGN(auto listed, tokens_->ListTokens(alice_));
  EXPECT_TRUE(listed.empty());
}

TEST_F(TokenServiceTest, RevokedTokenIsRefused) {
  ASSERT_OK_AND_ASSIGN(CreatedToken keep, tokens_->CreateApiToken(alice_, "keep"));
  ASSERT_OK_AND_ASSIGN(CreatedToken drop, tokens_->CreateApiToken(alice_, "drop"));
  ASSERT_OK(tokens_->RevokeToken(alice_, drop.record.token_id));
  EXPECT_FALSE(AuthOrDie(drop.token).has_value());
  EXPECT_TRUE(AuthOrDie(keep.token).has_value());
  EXPECT_FALSE(StoredItem(drop.token).has_value());
  auto again = tokens_->RevokeToken(alice_, drop.record.token_id);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, Code::kNotFound);
}

TEST_F(TokenServiceTest, NobodyRevokesAnotherUsersToken) {
  ASSERT_OK_AND_ASSIGN(CreatedToken alices, tokens_->CreateApiToken(alice_, "mine"));
  auto revoked = tokens_->RevokeToken(bob_, alices.record.token_id);
  ASSERT_FALSE(revoked.ok());
  EXPECT_EQ(revoked.error().code, Code::kNotFound);
  EXPECT_EQ(revoked.error().field, "token_id");
  EXPECT_TRUE(AuthOrDie(alices.token).has_value());
}

TEST_F(TokenServiceTest, ListShowsOnlyTheCallersTokensNewestFirst) {
  ASSERT_OK_AND_ASSIGN(CreatedToken first, tokens_->CreateApiToken(alice_, "first"));
  ASSERT_OK_AND_ASSIGN(CreatedToken second, tokens_->CreateApiToken(alice_, "second"));
  ASSERT_OK_AND_ASSIGN(CreatedSession session, tokens_->CreateSession(alice_, "browser"));
  ASSERT_OK_AND_ASSIGN(CreatedToken bobs, tokens_->CreateApiToken(bob_, "bob's"));
  ASSERT_OK_AND_ASSIGN(auto listed, tokens_->ListTokens(alice_));
  ASSERT_EQ(listed.size(), 3u);
  EXPECT_EQ(listed[0].token_id, session.record.token_id);
  EXPECT_EQ(listed[0].kind, model::TokenKind::kSession);
  EXPECT_EQ(listed[1], second.record);
  EXPECT_EQ(listed[2], first.record);
  ASSERT_OK_AND_ASSIGN(auto bobs_list, tokens_->ListTokens(bob_));
  ASSERT_EQ(bobs_list.size(), 1u);
  EXPECT_EQ(bobs_list[0], bobs.record);
}

TEST_F(TokenServiceTest, BadInputNamesFieldAndRule) {
  struct Case {
    Caller caller;
    std::string name;
    std::optional<seconds> expires_in;
    std::string field;
    std::string rule;
  };
  for (const Case& c : std::vector<Case>{
           {alice_, "", std::nullopt, "name", "required"},
           {alice_, "   ", std::nullopt, "name", "required"},
           {alice_, std::string(201, 'x'), std::nullopt, "name", "max_length"},
           {alice_, "bell\a", std::nullopt, "name", "control_character"},
           {alice_, "\xff", std::nullopt, "name", "utf8"},
           {alice_, "ok", seconds(0), "expires_in", "range"},
           {alice_, "ok", seconds(-5), "expires_in", "range"},
           {alice_, "ok", hours(24 * 365 * 6), "expires_in", "range"},
           {Caller{""}, "ok", std::nullopt, "user_id", "required"},
           {Caller{"not-an-id"}, "ok", std::nullopt, "user_id", "pattern"},
       }) {
    auto created = tokens_->CreateApiToken(c.caller, c.name, c.expires_in);
    ASSERT_FALSE(created.ok()) << c.name;
    EXPECT_EQ(created.error().code, Code::kInvalidArgument) << c.name;
    EXPECT_EQ(created.error().field, c.field) << created.error().ToString();
    EXPECT_EQ(created.error().rule, c.rule) << created.error().ToString();
  }
  auto bad_id = tokens_->RevokeToken(alice_, "nope");
  ASSERT_FALSE(bad_id.ok());
  EXPECT_EQ(bad_id.error().field, "token_id");
  EXPECT_EQ(bad_id.error().rule, "pattern");
  EXPECT_EQ(env_->faulty.ForwardedWrites(), 0);
}

TEST_F(TokenServiceTest, StoreTroubleIsAnErrorNotARefusal) {
  ASSERT_OK_AND_ASSIGN(CreatedToken created, tokens_->CreateApiToken(alice_, "ci"));
  env_->faulty.Inject({.op = Op::kGet,
                       .code = store::Error::Code::kUnavailable,
                       .when = When::kBefore,
                       .count = 10});
  auto auth = tokens_->Authenticate(created.token);
  ASSERT_FALSE(auth.ok());
  EXPECT_EQ(auth.error().code, Code::kUnavailable);
}

TEST_F(TokenServiceTest, RevokeAllDeletesEveryTokenOfTheUserOnly) {
  ASSERT_OK_AND_ASSIGN(CreatedToken a1, tokens_->CreateApiToken(alice_, "a1"));
  ASSERT_OK_AND_ASSIGN(CreatedSession a2, tokens_->CreateSession(alice_));
  ASSERT_OK_AND_ASSIGN(CreatedToken b1, tokens_->CreateApiToken(bob_, "b1"));
  ASSERT_OK_AND_ASSIGN(std::size_t revoked, tokens_->RevokeAllTokens(alice_.user_id));
  EXPECT_EQ(revoked, 2u);
  EXPECT_FALSE(AuthOrDie(a1.token).has_value());
  EXPECT_FALSE(SessionOrDie(a2.token).has_value());
  EXPECT_TRUE(AuthOrDie(b1.token).has_value());
  ASSERT_OK_AND_ASSIGN(revoked, tokens_->RevokeAllTokens(alice_.user_id));
  EXPECT_EQ(revoked, 0u);
}

TEST_F(TokenServiceTest, ExpiredTokensAreDeletedWhenNewOnesAreMade) {
  ASSERT_OK_AND_ASSIGN(CreatedToken old_token, tokens_->CreateApiToken(alice_, "old", seconds(60)));
  ASSERT_OK_AND_ASSIGN(CreatedSession old_session, tokens_->CreateSession(alice_));
  ASSERT_OK_AND_ASSIGN(CreatedToken bobs, tokens_->CreateApiToken(bob_, "bob's", seconds(60)));
  env_->clock->Advance(13 * kHourMs);
  EXPECT_TRUE(StoredItem(old_token.token).has_value());
  ASSERT_OK(tokens_->CreateApiToken(alice_, "new"));
  EXPECT_FALSE(StoredItem(old_token.token).has_value());
  EXPECT_FALSE(StoredItem(old_session.token).has_value());
  EXPECT_TRUE(StoredItem(bobs.token).has_value());  // only the caller's are touched
}

TEST_F(TokenServiceTest, ApiTokensPerUserAreCapped) {
  for (std::size_t i = 0; i < kMaxApiTokensPerUser; ++i) {
    ASSERT_OK(tokens_->CreateApiToken(alice_, "t" + std::to_string(i)));
  }
  auto one_more = tokens_->CreateApiToken(alice_, "one too many");
  ASSERT_FALSE(one_more.ok());
  EXPECT_EQ(one_more.error().code, Code::kLimitExceeded);
  EXPECT_EQ(one_more.error().field, "tokens");
  EXPECT_EQ(one_more.error().rule, "max_count");
  // Sessions and other users are not limited by it.
  ASSERT_OK(tokens_->CreateSession(alice_));
  ASSERT_OK(tokens_->CreateApiToken(bob_, "bob's"));
  ASSERT_OK_AND_ASSIGN(auto listed, tokens_->ListTokens(alice_));
  ASSERT_OK(tokens_->RevokeToken(alice_, listed.back().token_id));
  ASSERT_OK(tokens_->CreateApiToken(alice_, "room again"));
}

TEST_F(TokenServiceTest, ANewLoginEndsTheOldestSessionsBeyondTheCap) {
  std::vector<CreatedSession> sessions;
  for (std::size_t i = 0; i < kMaxSessionsPerUser + 3; ++i) {
    ASSERT_OK_AND_ASSIGN(CreatedSession session, tokens_->CreateSession(alice_));
    sessions.push_back(session);
  }
  ASSERT_OK_AND_ASSIGN(CreatedToken api, tokens_->CreateApiToken(alice_, "script"));
  for (std::size_t i = 0; i < sessions.size(); ++i) {
    bool expect_alive = i >= 3;
    EXPECT_EQ(SessionOrDie(sessions[i].token).has_value(), expect_alive) << i;
  }
  EXPECT_TRUE(AuthOrDie(api.token).has_value());
}

TEST_F(TokenServiceTest, RevokeAllOfOneKind) {
  ASSERT_OK_AND_ASSIGN(CreatedToken api, tokens_->CreateApiToken(alice_, "script"));
  ASSERT_OK_AND_ASSIGN(CreatedSession session, tokens_->CreateSession(alice_));
  ASSERT_OK_AND_ASSIGN(std::size_t revoked,
                       tokens_->RevokeAllTokens(alice_.user_id, model::TokenKind::kSession));
  EXPECT_EQ(revoked, 1u);
  EXPECT_FALSE(SessionOrDie(session.token).has_value());
  EXPECT_TRUE(AuthOrDie(api.token).has_value());
}

// --- Sessions -----------------------------------------------------------------------------

TEST_F(TokenServiceTest, SessionAuthenticatesWithItsCsrfToken) {
  ASSERT_OK_AND_ASSIGN(CreatedSession session, tokens_->CreateSession(alice_, "Firefox"));
  EXPECT_EQ(session.token.substr(0, 4), "hbs_");
  EXPECT_EQ(session.token.size(), kTokenLength);
  EXPECT_EQ(session.record.kind, model::TokenKind::kSession);
  ASSERT_TRUE(session.record.expires_at.has_value());
  EXPECT_EQ(
      *session.record.expires_at,
      model::ToEpochSeconds(model::ParseTimestamp(session.record.created_at).value()) + 12 * 3600);
  EXPECT_FALSE(session.csrf_token.empty());
  EXPECT_EQ(session.csrf_token, TokenService::CsrfTokenFor(session.token));

  auto auth = SessionOrDie(session.token);
  ASSERT_TRUE(auth.has_value());
  EXPECT_EQ(auth->auth.caller.user_id, alice_.user_id);
  EXPECT_EQ(auth->auth.kind, model::TokenKind::kSession);
  EXPECT_EQ(auth->csrf_token, session.csrf_token);
  // A session cookie is not a bearer token, and an API token is not a cookie.
  EXPECT_FALSE(AuthOrDie(session.token).has_value());
  ASSERT_OK_AND_ASSIGN(CreatedToken api, tokens_->CreateApiToken(alice_, "api"));
  EXPECT_FALSE(SessionOrDie(api.token).has_value());
}

TEST_F(TokenServiceTest, CsrfTokenIsBoundToItsSession) {
  ASSERT_OK_AND_ASSIGN(CreatedSession one, tokens_->CreateSession(alice_));
  ASSERT_OK_AND_ASSIGN(CreatedSession two, tokens_->CreateSession(alice_));
  EXPECT_NE(one.csrf_token, two.csrf_token);
  EXPECT_TRUE(TokenService::CsrfTokenMatches(one.csrf_token, one.csrf_token));
  EXPECT_FALSE(TokenService::CsrfTokenMatches(one.csrf_token, two.csrf_token));
  EXPECT_FALSE(TokenService::CsrfTokenMatches(one.csrf_token, ""));
  EXPECT_FALSE(TokenService::CsrfTokenMatches("", ""));
  std::string flipped = one.csrf_token;
  flipped[0] = flipped[0] == 'a' ? 'b' : 'a';
  EXPECT_FALSE(TokenService::CsrfTokenMatches(one.csrf_token, flipped));
  EXPECT_FALSE(TokenService::CsrfTokenMatches(one.csrf_token, one.csrf_token + "x"));
  EXPECT_FALSE(TokenService::CsrfTokenMatches(one.csrf_token, one.csrf_token.substr(1)));
  // The CSRF token does not reveal the session token.
  EXPECT_EQ(one.csrf_token.find(one.token.substr(4, 8)), std::string::npos);
}

TEST_F(TokenServiceTest, EndedSessionIsRefused) {
  ASSERT_OK_AND_ASSIGN(CreatedSession session, tokens_->CreateSession(alice_));
  ASSERT_OK(tokens_->EndSession(session.token));
  EXPECT_FALSE(SessionOrDie(session.token).has_value());
  EXPECT_FALSE(StoredItem(session.token).has_value());
  ASSERT_OK(tokens_->EndSession(session.token));  // idempotent
  ASSERT_OK(tokens_->EndSession("garbage"));
  // An API token value cannot be ended through the logout path.
  ASSERT_OK_AND_ASSIGN(CreatedToken api, tokens_->CreateApiToken(alice_, "api"));
  ASSERT_OK(tokens_->EndSession(api.token));
  EXPECT_TRUE(AuthOrDie(api.token).has_value());
}

TEST_F(TokenServiceTest, SessionExpiresAfterIdleTimeout) {
  ASSERT_OK_AND_ASSIGN(CreatedSession session, tokens_->CreateSession(alice_));
  env_->clock->Advance(12 * kHourMs - 1000);
  EXPECT_TRUE(StoredItem(session.token).has_value());
  env_->clock->Advance(1000);
  EXPECT_FALSE(SessionOrDie(session.token).has_value());
}

TEST_F(TokenServiceTest, UseSlidesTheIdleWindowWithFewWrites) {
  ASSERT_OK_AND_ASSIGN(CreatedSession session, tokens_->CreateSession(alice_));
  std::int64_t first_expiry = *session.record.expires_at;
  // Within the refresh interval: no write.
  int writes = env_->faulty.ForwardedWrites();
  env_->clock->Advance(5 * 60 * 1000);
  auto early = SessionOrDie(session.token);
  ASSERT_TRUE(early.has_value());
  EXPECT_EQ(env_->faulty.ForwardedWrites(), writes);
  EXPECT_EQ(*early->auth.expires_at, first_expiry);
  // Eleven hours later the window moves: the session lives on past the first expiry.
  env_->clock->Advance(11 * kHourMs);
  auto later = SessionOrDie(session.token);
  ASSERT_TRUE(later.has_value());
  EXPECT_EQ(env_->faulty.ForwardedWrites(), writes + 1);
  EXPECT_GT(*later->auth.expires_at, first_expiry);
  env_->clock->Advance(2 * kHourMs);  // past the first expiry
  EXPECT_TRUE(SessionOrDie(session.token).has_value());
}

TEST_F(TokenServiceTest, SessionEndsAtItsAbsoluteLifetimeHoweverBusy) {
  ASSERT_OK_AND_ASSIGN(CreatedSession session, tokens_->CreateSession(alice_));
  // Used every 6 hours for a week.
  for (int i = 0; i < 27; ++i) {
    env_->clock->Advance(6 * kHourMs);
    ASSERT_TRUE(SessionOrDie(session.token).has_value()) << "use " << i;
  }
  env_->clock->Advance(6 * kHourMs);  // 168 h after login
  EXPECT_FALSE(SessionOrDie(session.token).has_value());
}

TEST_F(TokenServiceTest, ShortOptionsAreHonoured) {
  TokenService quick(env_->context, TokenOptions{.session_idle_timeout = minutes(30),
                                                 .session_absolute_lifetime = hours(1),
                                                 .session_refresh_interval = minutes(1)});
  ASSERT_OK_AND_ASSIGN(CreatedSession session, quick.CreateSession(alice_));
  env_->clock->Advance(29 * 60 * 1000);
  ASSERT_OK_AND_ASSIGN(auto auth, quick.AuthenticateSession(session.token));
  EXPECT_TRUE(auth.has_value());
  env_->clock->Advance(29 * 60 * 1000);
  ASSERT_OK_AND_ASSIGN(auth, quick.AuthenticateSession(session.token));
  EXPECT_TRUE(auth.has_value());
  env_->clock->Advance(3 * 60 * 1000);  // 61 minutes after login
  ASSERT_OK_AND_ASSIGN(auth, quick.AuthenticateSession(session.token));
  EXPECT_FALSE(auth.has_value());
}

TEST_F(TokenServiceTest, SessionNamesAreNormalisedAndBounded) {
  ASSERT_OK_AND_ASSIGN(CreatedSession blank, tokens_->CreateSession(alice_, "   "));
  EXPECT_EQ(blank.record.name, "session");
  ASSERT_OK_AND_ASSIGN(CreatedSession long_name,
                       tokens_->CreateSession(alice_, std::string(500, 'x')));
  EXPECT_EQ(long_name.record.name.size(), 200u);
}

}  // namespace
}  // namespace homeboard::service
