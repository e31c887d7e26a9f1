// Tests for User and NameClaim: exact round trips (unicode, limits, version extremes), every
// invalid value rejected with its field and rule, corrupt items, key forms, and user name
// normalisation.
#include "model/user.h"

#include <gtest/gtest.h>

#include "model/internal/entity_testing.h"
#include "model/limits.h"

namespace homeboard::model {
namespace {

using namespace testing;  // NOLINT: test helpers
using ddb::AttributeValue;

User ValidUser() {
  return User{.user_id = kUserA,
              .name = "alice",
              .display_name = "Alice Liddell",
              .password_hash = "$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo",
              .created_at = kCreated,
              .updated_at = kUpdated,
              .version = 1};
}

TEST(User, RoundTrips) {
  ExpectRoundTrip(ValidUser());
  User user = ValidUser();
  user.display_name = std::string(kEmoji) + " " + kCombining + " Zo\xc3\xab";
  ExpectRoundTrip(user);
  user.display_name = Repeat(kEmoji, kMaxTitleChars);  // exactly at the limit, 800 bytes
  user.version = kMaxVersion;
  user.name = std::string(32, 'z');
  ExpectRoundTrip(user);
  user.name = "a.b";
  user.display_name = "x";
  ExpectRoundTrip(user);
}

TEST(User, ItemShape) {
  ddb::Item item = ValidUser().ToItem();
  EXPECT_EQ(item.at("user_id"), AttributeValue::S(std::string("u#") + kUserA));
  EXPECT_EQ(item.at("name"), AttributeValue::S("alice"));
  EXPECT_EQ(item.at("version"), AttributeValue::N("1"));
  EXPECT_EQ(item.size(), 7u);
  EXPECT_EQ(ValidUser().Key(),
            (ddb::Item{{"user_id", AttributeValue::S(std::string("u#") + kUserA)}}));
  EXPECT_EQ(User::KeyOf(kUserA), ValidUser().Key());
  EXPECT_EQ(UserKeyValue("X"), "u#X");
  EXPECT_EQ(NameClaimKeyValue("alice"), "name#alice");
}

TEST(User, RejectsInvalid) {
  ExpectRejected<User>(
      ValidUser(),
      {
          {"no id", [](User& u) { u.user_id = ""; }, "user_id", "required"},
          {"prefixed id", [](User& u) { u.user_id = std::string("u#") + kUserA; }, "user_id",
           "pattern"},
          {"no name", [](User& u) { u.name = ""; }, "name", "required"},
          {"short name", [](User& u) { u.name = "ab"; }, "name", "min_length"},
          {"long name", [](User& u) { u.name = std::string(33, 'a'); }, "name", "max_length"},
          {"upper name", [](User& u) { u.name = "Alice"; }, "name", "pattern"},
          {"space name", [](User& u) { u.name = "al ice"; }, "name", "pattern"},
          {"unicode name",
           [](User& u) {
             u.name =
                 "z\xc3\xab"
                 "e";
           },
           "name", "pattern"},
          {"hash name", [](User& u) { u.name = "a#b"; }, "name", "pattern"},
          {"no display", [](User& u) { u.display_name = ""; }, "display_name", "required"},
          {"long display", [](User& u) { u.display_name = Repeat(kEmoji, 201); }, "display_name",
           "max_length"},
          {"untrimmed display", [](User& u) { u.display_name = "Alice "; }, "display_name",
           "not_normalized"},
          {"control display", [](User& u) { u.display_name = "A\x1b[31m"; }, "display_name",
           "control_character"},
          {"bad utf8 display", [](User& u) { u.display_name = "A\xc3"; }, "display_name", "utf8"},
          {"no hash", [](User& u) { u.password_hash = ""; }, "password_hash", "required"},
          {"plain hash", [](User& u) { u.password_hash = "hunter2"; }, "password_hash", "pattern"},
          {"spaced hash", [](User& u) { u.password_hash = "$argon2id$a b"; }, "password_hash",
           "pattern"},
          {"empty alg", [](User& u) { u.password_hash = "$$abc"; }, "password_hash", "pattern"},
          {"huge hash", [](User& u) { u.password_hash = "$argon2id$" + std::string(600, 'a'); },
           "password_hash", "max_length"},
          {"no created", [](User& u) { u.created_at = ""; }, "created_at", "required"},
          {"loose created", [](User& u) { u.created_at = "2026-11-25T08:40:17Z"; }, "created_at",
           "pattern"},
          {"bad updated", [](User& u) { u.updated_at = "yesterday"; }, "updated_at", "pattern"},
          {"version 0", [](User& u) { u.version = 0; }, "version", "range"},
          {"version -1", [](User& u) { u.version = -1; }, "version", "range"},
          {"version 2^53+1", [](User& u) { u.version = kMaxVersion + 1; }, "version", "range"},
      });
}

TEST(User, CorruptItems) {
  ExpectCorruptWithout(ValidUser(), {"user_id", "name", "display_name", "password_hash",
                                     "created_at", "updated_at", "version"});
  ExpectCorruptWith(ValidUser(), "user_id", AttributeValue::S(kUserA));  // no "u#"
  ExpectCorruptWith(ValidUser(), "user_id", AttributeValue::S("name#alice"));
  ExpectCorruptWith(ValidUser(), "version", AttributeValue::N("1.5"));
  ExpectCorruptWith(ValidUser(), "version", AttributeValue::N("1e3"));
  ExpectCorruptWith(ValidUser(), "version", AttributeValue::N("99999999999999999999"));
  // Unknown attributes are ignored: items written by a newer version stay readable.
  ddb::Item item = ValidUser().ToItem();
  item["future"] = AttributeValue::S("x");
  ASSERT_OK(User::FromItem(item));
}

TEST(User, NameNormalisation) {
  struct Case {
    const char* raw;
    const char* name;
  } cases[] = {{"Alice", "alice"}, {"  BOB_1.x-y ", "bob_1.x-y"}, {"abc", "abc"}};
  for (const Case& c : cases) {
    ASSERT_OK_AND_ASSIGN(std::string name, NormalizeUserName(c.raw));
    EXPECT_EQ(name, c.name);
  }
  auto bad = NormalizeUserName("Ali ce");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().rule, "pattern");
  EXPECT_EQ(bad.error().field, "name");
  EXPECT_FALSE(NormalizeUserName("\xc3\x85sa").ok());  // Åsa: no non-ASCII names
}

NameClaim ValidClaim() {
  return NameClaim{.name = "alice", .user_id = kUserA, .created_at = kCreated};
}

TEST(NameClaim, RoundTripsAndShape) {
  ExpectRoundTrip(ValidClaim());
  ddb::Item item = ValidClaim().ToItem();
  EXPECT_EQ(item.at("user_id"), AttributeValue::S("name#alice"));
  EXPECT_EQ(item.at("claimed_by"), AttributeValue::S(kUserA));
  EXPECT_EQ(NameClaim::KeyOf("alice"), (ddb::Item{{"user_id", AttributeValue::S("name#alice")}}));
}

TEST(NameClaim, RejectsInvalidAndCorrupt) {
  ExpectRejected<NameClaim>(
      ValidClaim(),
      {
          {"bad name", [](NameClaim& c) { c.name = "A"; }, "name", "pattern"},
          {"bad id", [](NameClaim& c) { c.user_id = "x"; }, "claimed_by", "pattern"},
          {"bad time", [](NameClaim& c) { c.created_at = ""; }, "created_at", "required"},
      });
  ExpectCorruptWithout(ValidClaim(), {"user_id", "claimed_by", "created_at"});
  ExpectCorruptWith(ValidClaim(), "user_id", AttributeValue::S(std::string("u#") + kUserA));
  // A user item is not a claim, and a claim is not a user.
  EXPECT_FALSE(NameClaim::FromItem(ValidUser().ToItem()).ok());
  EXPECT_FALSE(User::FromItem(ValidClaim().ToItem()).ok());
}

}  // namespace
}  // namespace homeboard::model
