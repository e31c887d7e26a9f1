// Tests for the item mapping helpers (internal/item_codec.h) and ValidationError rendering:
// canonical integers, omission of empty optionals, and "corrupt" errors naming attributes.
#include "model/internal/item_codec.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "model/error.h"
#include "testing/status_matchers.h"

namespace homeboard::model {
namespace {

using ddb::AttributeValue;
using internal::ItemReader;
using internal::ParseCanonicalInteger;

TEST(ItemCodec, CanonicalIntegers) {
  EXPECT_EQ(ParseCanonicalInteger("0"), 0);
  EXPECT_EQ(ParseCanonicalInteger("1"), 1);
  EXPECT_EQ(ParseCanonicalInteger("-42"), -42);
  EXPECT_EQ(ParseCanonicalInteger("9007199254740992"), 9007199254740992);
  EXPECT_EQ(ParseCanonicalInteger("9223372036854775807"), INT64_MAX);
  EXPECT_EQ(ParseCanonicalInteger("-9223372036854775808"), INT64_MIN);
  for (const char* bad :
       {"", "-", "+1", "01", "-0", "1.0", "1e3", "1E3", " 1", "1 ", "9223372036854775808",
        "-9223372036854775809", "99999999999999999999", "0x10", "\xd9\xa1"}) {
    EXPECT_FALSE(ParseCanonicalInteger(bad).has_value()) << bad;
  }
}

TEST(ItemCodec, WritersOmitEmptyOptionals) {
  ddb::Item item;
  internal::PutStringIfNotEmpty(item, "a", "");
  internal::PutOptionalString(item, "b", std::nullopt);
  internal::PutOptionalString(item, "c", std::string());
  internal::PutOptionalInteger(item, "d", std::nullopt);
  internal::PutStringSet(item, "e", {});
  internal::PutMapIfNotEmpty(item, "f", {});
  EXPECT_TRUE(item.empty());
  internal::PutStringSet(item, "tags", {"b", "a"});
  EXPECT_EQ(item.at("tags").AsSS(), (std::vector<std::string>{"a", "b"}));
}

TEST(ItemCodec, ReaderReportsFirstProblem) {
  ddb::Item item = {{"s", AttributeValue::S("x")},
                    {"n", AttributeValue::N("7")},
                    {"bad", AttributeValue::N("7.5")},
                    {"b", AttributeValue::Bool(true)}};
  ItemReader reader(item);
  EXPECT_EQ(reader.String("s"), "x");
  EXPECT_EQ(reader.Integer("n"), 7);
  EXPECT_TRUE(reader.BoolOr("b", false));
  EXPECT_FALSE(reader.BoolOr("absent", false));
  EXPECT_EQ(reader.OptionalString("absent"), std::nullopt);
  EXPECT_TRUE(reader.StringSet("absent").empty());
  EXPECT_TRUE(reader.ok());
  EXPECT_EQ(reader.Integer("s"), 0);  // wrong type
  EXPECT_EQ(reader.String("missing"), "");
  ASSERT_FALSE(reader.ok());
  EXPECT_EQ(reader.error().field, "s");
  EXPECT_EQ(reader.error().rule, "corrupt");
  EXPECT_EQ(reader.error().message, "s: attribute has type S, expected N");

  ItemReader missing(item);
  missing.String("title");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().ToString(), "title: attribute is missing from the item [corrupt]");

  ItemReader fraction(item);
  fraction.Integer("bad");
  ASSERT_FALSE(fraction.ok());
  EXPECT_EQ(fraction.error().field, "bad");
}

// The reader tries the attribute after the last one found before it searches; every order
// of reads, with absent names among them, must still find exactly what the item holds.
TEST(ItemCodec, ReaderFindsAttributesInAnyOrder) {
  ddb::Item item = {{"a", AttributeValue::S("1")}, {"c", AttributeValue::S("3")},
                    {"d", AttributeValue::S("4")}, {"f", AttributeValue::S("6")}};
  std::vector<std::string> names = {"a", "b", "c", "d", "e", "f", "g"};
  std::sort(names.begin(), names.end());
  do {
    ItemReader reader(item);
    for (const std::string& name : names) {
      auto found = item.find(name);
      std::optional<std::string> want;
      if (found != item.end()) want = found->second.AsS();
      EXPECT_EQ(reader.OptionalString(name), want) << name;
    }
    EXPECT_TRUE(reader.ok());
  } while (std::next_permutation(names.begin(), names.end()));
  ItemReader reader(item);
  EXPECT_EQ(reader.String("f"), "6");
  EXPECT_EQ(reader.String("e"), "");
  ASSERT_FALSE(reader.ok());
  EXPECT_EQ(reader.error().field, "e");
}

TEST(ValidationError, Rendering) {
  ValidationError error = Invalid("title", rule::kMaxLength, "at most 200 characters (got 250)");
  EXPECT_EQ(error.field, "title");
  EXPECT_EQ(error.rule, "max_length");
  EXPECT_EQ(error.message, "title: at most 200 characters (got 250)");
  EXPECT_EQ(error.ToString(), "title: at most 200 characters (got 250) [max_length]");
  EXPECT_EQ((ValidationError{"f", "r", ""}).ToString(), "f: r");
  EXPECT_EQ(FieldPath("settings", "feed_url"), "settings.feed_url");
  EXPECT_EQ(FieldPath("", "feed_url"), "feed_url");
}

TEST(ValidationError, SharedFieldRules) {
  EXPECT_OK(internal::ValidateVersion(1));
  EXPECT_OK(internal::ValidateVersion(int64_t{1} << 53));
  EXPECT_FALSE(internal::ValidateVersion(0).ok());
  EXPECT_FALSE(internal::ValidateVersion((int64_t{1} << 53) + 1).ok());
  EXPECT_OK(internal::ValidateEpochSeconds(0, "expires_at"));
  EXPECT_FALSE(internal::ValidateEpochSeconds(-1, "expires_at").ok());
}

}  // namespace
}  // namespace homeboard::model
