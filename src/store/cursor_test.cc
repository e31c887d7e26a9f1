// Tests of the query cursor format both engines share: cursors round-trip the paging key,
// stay URL-safe, and are refused (kInvalidArgument) when altered, truncated, made under
// another secret, or presented to another table or index.
#include "store/cursor.h"

#include <gtest/gtest.h>

#include <string>

#include "testing/status_matchers.h"

namespace homeboard::store {
namespace {

constexpr char kSecret[] = "0123456789abcdef-cursor-secret";

Item SampleKey() {
  return {{"pk", AttributeValue::S("user#1")}, {"sk", AttributeValue::N("-12.5")}};
}

bool IsUrlSafe(const std::string& text) {
  for (char c : text) {
    bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_' || c == '.';
    if (!ok) return false;
  }
  return true;
}

void ExpectInvalid(const Result<Item>& decoded, const std::string& what) {
  ASSERT_FALSE(decoded.ok()) << what;
  EXPECT_EQ(decoded.error().code, Error::Code::kInvalidArgument) << what;
}

TEST(CursorCodec, RoundTripsTheKey) {
  CursorCodec codec(kSecret);
  std::string cursor = codec.Encode("table", "", SampleKey());
  ASSERT_OK_AND_ASSIGN(Item key, codec.Decode(cursor, "table", ""));
  EXPECT_EQ(key, SampleKey());
}

TEST(CursorCodec, RoundTripsEveryKeyTypeAndUnicodeAndBinaryBytes) {
  CursorCodec codec(kSecret);
  Item key = {{"p", AttributeValue::S("h\xC3\xA9llo \xF0\x9F\x98\x80 / + = ?&")},
              {"b", AttributeValue::B(std::string("\0\xFF\xFE/+", 5))},
              {"n", AttributeValue::N("99999999999999999999999999999999999999")},
              {"g", AttributeValue::S("index-partition")}};
  std::string cursor = codec.Encode("t", "ByG", key);
  EXPECT_TRUE(IsUrlSafe(cursor)) << cursor;
  ASSERT_OK_AND_ASSIGN(Item decoded, codec.Decode(cursor, "t", "ByG"));
  EXPECT_EQ(decoded, key);
}

TEST(CursorCodec, IsUrlSafeAndHasOneDot) {
  CursorCodec codec(kSecret);
  // Lengths 1..40 cover every base64 padding case of payload and tag.
  for (int length = 1; length <= 40; ++length) {
    std::string cursor =
        codec.Encode("t", "", {{"pk", AttributeValue::S(std::string(length, '\xFB'))}});
    EXPECT_TRUE(IsUrlSafe(cursor)) << cursor;
    EXPECT_EQ(cursor.find('.'), cursor.rfind('.')) << cursor;
    EXPECT_NE(cursor.find('.'), std::string::npos) << cursor;
    EXPECT_OK(codec.Decode(cursor, "t", ""));
  }
}

TEST(CursorCodec, IsDeterministic) {
  CursorCodec codec(kSecret);
  EXPECT_EQ(codec.Encode("t", "i", SampleKey()), codec.Encode("t", "i", SampleKey()));
  EXPECT_NE(codec.Encode("t", "i", SampleKey()),
            codec.Encode("t", "i", {{"pk", AttributeValue::S("user#2")}}));
}

TEST(CursorCodec, RefusesAnotherTable) {
  CursorCodec codec(kSecret);
  std::string cursor = codec.Encode("table_a", "", SampleKey());
  ExpectInvalid(codec.Decode(cursor, "table_b", ""), "other table");
  ExpectInvalid(codec.Decode(cursor, "table_a2", ""), "longer table name");
  ExpectInvalid(codec.Decode(cursor, "table_", ""), "prefix of the table name");
}

TEST(CursorCodec, RefusesAnotherIndex) {
  CursorCodec codec(kSecret);
  std::string table_cursor = codec.Encode("t", "", SampleKey());
  std::string index_cursor = codec.Encode("t", "ByDate", SampleKey());
  ExpectInvalid(codec.Decode(table_cursor, "t", "ByDate"), "table cursor on an index");
  ExpectInvalid(codec.Decode(index_cursor, "t", ""), "index cursor on the table");
  ExpectInvalid(codec.Decode(index_cursor, "t", "ByName"), "index cursor on another index");
  EXPECT_OK(codec.Decode(index_cursor, "t", "ByDate"));
}

TEST(CursorCodec, RefusesACursorMadeWithAnotherSecret) {
  CursorCodec ours(kSecret);
  CursorCodec theirs("another-secret-of-16-bytes-or-more");
  std::string cursor = theirs.Encode("t", "", SampleKey());
  ExpectInvalid(ours.Decode(cursor, "t", ""), "foreign secret");
  EXPECT_OK(theirs.Decode(cursor, "t", ""));
}

TEST(CursorCodec, RefusesEveryOneCharacterAlteration) {
  CursorCodec codec(kSecret);
  std::string cursor = codec.Encode("t", "", SampleKey());
  for (std::size_t i = 0; i < cursor.size(); ++i) {
    for (char replacement : {'A', 'z', '0', '-', '_', '.'}) {
      if (cursor[i] == replacement) continue;
      std::string altered = cursor;
      altered[i] = replacement;
      Result<Item> decoded = codec.Decode(altered, "t", "");
      // Every alteration is refused, even one in the unused low bits of the last base64
      // character (only the canonical spelling decodes).
      ASSERT_FALSE(decoded.ok()) << "position " << i << ": " << altered;
      EXPECT_EQ(decoded.error().code, Error::Code::kInvalidArgument) << altered;
    }
  }
}

TEST(CursorCodec, RefusesAPayloadSignedForAnotherKey) {
  CursorCodec codec(kSecret);
  std::string first = codec.Encode("t", "", {{"pk", AttributeValue::S("a")}});
  std::string second = codec.Encode("t", "", {{"pk", AttributeValue::S("b")}});
  std::string spliced = first.substr(0, first.find('.')) + second.substr(second.find('.'));
  ExpectInvalid(codec.Decode(spliced, "t", ""), "payload of one cursor, tag of another");
}

TEST(CursorCodec, RefusesMalformedText) {
  CursorCodec codec(kSecret);
  std::string cursor = codec.Encode("t", "", SampleKey());
  std::size_t dot = cursor.find('.');
  ExpectInvalid(codec.Decode("", "t", ""), "empty");
  ExpectInvalid(codec.Decode(".", "t", ""), "just a dot");
  ExpectInvalid(codec.Decode("abc", "t", ""), "no dot");
  ExpectInvalid(codec.Decode(cursor.substr(0, dot), "t", ""), "payload only");
  ExpectInvalid(codec.Decode(cursor.substr(0, dot + 1), "t", ""), "no tag");
  ExpectInvalid(codec.Decode(cursor.substr(dot), "t", ""), "no payload");
  ExpectInvalid(codec.Decode(cursor.substr(0, cursor.size() - 2), "t", ""), "truncated tag");
  ExpectInvalid(codec.Decode(cursor.substr(1), "t", ""), "truncated payload");
  ExpectInvalid(codec.Decode(cursor + ".", "t", ""), "second dot");
  ExpectInvalid(codec.Decode(cursor + "A", "t", ""), "longer tag");
  ExpectInvalid(codec.Decode(cursor + "=", "t", ""), "padding");
  std::string plus = cursor;
  plus[0] = '+';  // standard base64, not base64url
  ExpectInvalid(codec.Decode(plus, "t", ""), "standard base64 alphabet");
  ExpectInvalid(codec.Decode(std::string(5000, 'A') + "." + cursor.substr(dot + 1), "t", ""),
                "over 4096 characters");
  ExpectInvalid(codec.Decode(std::string("\0.\0", 3), "t", ""), "NUL bytes");
}

TEST(PagingKey, IsTheTableKeyForTableQueries) {
  TableSpec spec{.name = "t",
                 .partition_key = {"pk", KeyType::kString},
                 .sort_key = KeyAttribute{"sk", KeyType::kNumber},
                 .global_secondary_indexes = {
                     IndexSpec{.name = "ByOwner",
                               .partition_key = {"owner", KeyType::kString},
                               .sort_key = KeyAttribute{"created", KeyType::kNumber}}}};
  Item item = {{"pk", AttributeValue::S("p")},
               {"sk", AttributeValue::N(1)},
               {"owner", AttributeValue::S("o")},
               {"created", AttributeValue::N(7)},
               {"payload", AttributeValue::S("x")}};
  EXPECT_EQ(PagingKey(spec, "", item),
            (Item{{"pk", AttributeValue::S("p")}, {"sk", AttributeValue::N(1)}}));
  EXPECT_EQ(PagingKey(spec, "ByOwner", item), (Item{{"pk", AttributeValue::S("p")},
                                                    {"sk", AttributeValue::N(1)},
                                                    {"owner", AttributeValue::S("o")},
                                                    {"created", AttributeValue::N(7)}}));
  // An unknown index contributes nothing beyond the table key.
  EXPECT_EQ(PagingKey(spec, "Nope", item),
            (Item{{"pk", AttributeValue::S("p")}, {"sk", AttributeValue::N(1)}}));
}

TEST(PagingKey, SkipsAttributesTheItemLacksAndHandlesPartitionOnlyTables) {
  TableSpec spec{.name = "t",
                 .partition_key = {"id", KeyType::kBinary},
                 .global_secondary_indexes = {
                     IndexSpec{.name = "ByTag", .partition_key = {"tag", KeyType::kString}}}};
  Item item = {{"id", AttributeValue::B("\x01")}, {"other", AttributeValue::Bool(true)}};
  EXPECT_EQ(PagingKey(spec, "", item), (Item{{"id", AttributeValue::B("\x01")}}));
  EXPECT_EQ(PagingKey(spec, "ByTag", item), (Item{{"id", AttributeValue::B("\x01")}}));
  item["tag"] = AttributeValue::S("red");
  EXPECT_EQ(PagingKey(spec, "ByTag", item),
            (Item{{"id", AttributeValue::B("\x01")}, {"tag", AttributeValue::S("red")}}));
}

}  // namespace
}  // namespace homeboard::store
