// Tests of the stored item format: exact round trips of every type, refusal of damaged
// bytes without crashing, key-column encodings and number normalization.
#include "store/sqlite/item_format.h"

#include <gtest/gtest.h>

#include <random>

#include "testing/status_matchers.h"

namespace homeboard::store::sqlite {
namespace {

using V = AttributeValue;

Item EveryType() {
  return {
      {"s", V::S("héllo")},
      {"empty", V::S("")},
      {"n", V::N("-12.5")},
      {"b", V::B(std::string("\x00\x01\xff", 3))},
      {"empty_b", V::B("")},
      {"t", V::Bool(true)},
      {"f", V::Bool(false)},
      {"null", V::Null()},
      {"m", V::M({{"inner", V::M({{"deep", V::L({V::N(1), V::S("x"), V::Null()})}})},
                  {"", V::S("odd but legal in maps")}})},
      {"empty_m", V::M({})},
      {"empty_l", V::L({})},
      {"ss", V::SS({"a", "b"})},
      {"ns", V::NS({"1", "2.5"})},
      {"bs", V::BS({std::string("\x00", 1), "z"})},
      {std::string("name with\0nul", 13), V::S("names are bytes")},
  };
}

TEST(ItemCodec, RoundTripsEveryType) {
  Item item = EveryType();
  ASSERT_OK_AND_ASSIGN(Item decoded, DecodeItem(EncodeItem(item)));
  EXPECT_EQ(decoded, item);
  ASSERT_OK_AND_ASSIGN(Item empty, DecodeItem(EncodeItem({})));
  EXPECT_TRUE(empty.empty());
}

TEST(ItemCodec, RoundTripsLargeValuesAndDeepNesting) {
  V nested = V::S("bottom");
  for (int i = 0; i < 31; ++i) nested = i % 2 ? V::L({nested}) : V::M({{"k", nested}});
  Item item = {{"deep", nested}, {"big", V::B(std::string(300 * 1024, 'x'))}};
  ASSERT_OK_AND_ASSIGN(Item decoded, DecodeItem(EncodeItem(item)));
  EXPECT_EQ(decoded, item);
}

TEST(ItemCodec, IsCompact) {
  // Version and count, then per attribute: name length, name, type, value length, value.
  // Binary stays raw (DynamoDB JSON would spend 120 base64 characters on these 90 bytes).
  Item item = {{"pk", V::S("user#1")}, {"blob", V::B(std::string(90, '\xff'))}};
  EXPECT_EQ(EncodeItem(item).size(), 2u + (1 + 2 + 1 + 1 + 6) + (1 + 4 + 1 + 1 + 90));
}

TEST(ItemCodec, EveryTruncationIsCorrupt) {
  std::string bytes = EncodeItem(EveryType());
  for (std::size_t n = 0; n < bytes.size(); ++n) {
    Result<Item> decoded = DecodeItem(std::string_view(bytes).substr(0, n));
    ASSERT_FALSE(decoded.ok()) << "prefix of " << n << " bytes decoded";
    EXPECT_EQ(decoded.error().code, Error::Code::kCorrupt);
  }
}

TEST(ItemCodec, DamagedBytesAreRefusedOrDecodedNeverCrash) {
  std::string bytes = EncodeItem(EveryType());
  std::mt19937 rng(1234);
  std::uniform_int_distribution<std::size_t> position(0, bytes.size() - 1);
  std::uniform_int_distribution<int> byte(0, 255);
  int refused = 0;
  for (int i = 0; i < 3000; ++i) {
    std::string damaged = bytes;
    for (int j = 0; j < 3; ++j) damaged[position(rng)] = static_cast<char>(byte(rng));
    Result<Item> decoded = DecodeItem(damaged);
    if (!decoded.ok()) {
      EXPECT_EQ(decoded.error().code, Error::Code::kCorrupt);
      ++refused;
    }
  }
  EXPECT_GT(refused, 0);
}

TEST(ItemCodec, RefusesUnknownVersionsTagsTrailingBytesAndAbsurdNesting) {
  std::string bytes = EncodeItem({{"a", V::N(1)}});
  std::string wrong_version = bytes;
  wrong_version[0] = 0x02;
  EXPECT_EQ(DecodeItem(wrong_version).error().code, Error::Code::kCorrupt);
  EXPECT_EQ(DecodeItem("").error().code, Error::Code::kCorrupt);
  EXPECT_EQ(DecodeItem(bytes + "x").error().code, Error::Code::kCorrupt);
  // version, 1 attribute, name "a", then an unknown type tag.
  EXPECT_EQ(DecodeItem(std::string("\x01\x01\x01"
                                   "a"
                                   "\x42",
                                   5))
                .error()
                .code,
            Error::Code::kCorrupt);
  // A list nested 100 deep: refused instead of recursing without bound.
  std::string deep(
      "\x01\x01\x01"
      "a",
      4);
  for (int i = 0; i < 100; ++i) deep += std::string("\x06\x01", 2);  // L with one element
  deep += '\x04';                                                    // NULL
  EXPECT_EQ(DecodeItem(deep).error().code, Error::Code::kCorrupt);
  // A count far larger than the bytes that follow.
  EXPECT_EQ(DecodeItem(std::string("\x01\xff\xff\xff\xff\x0f", 6)).error().code,
            Error::Code::kCorrupt);
}

// Names come in ascending order from EncodeItem, and decoding appends them; bytes with
// names out of order still decode to the same item, and a repeated name is refused whether
// it repeats the last name or an earlier one, nested maps included.
TEST(ItemCodec, NamesOutOfOrderDecodeAndRepeatedNamesAreCorrupt) {
  auto attribute = [](std::string_view name, std::string_view text) {
    std::string out;
    out += static_cast<char>(name.size());
    out += name;
    out += static_cast<char>(AttributeValue::Type::kS);
    out += static_cast<char>(text.size());
    out += text;
    return out;
  };
  auto item = [](int count, const std::string& attributes) {
    return std::string(1, '\x01') + static_cast<char>(count) + attributes;
  };
  ASSERT_OK_AND_ASSIGN(Item shuffled,
                       DecodeItem(item(3, attribute("b", "2") + attribute("c", "3") +
                                              attribute("a", "1"))));
  EXPECT_EQ(shuffled, (Item{{"a", V::S("1")}, {"b", V::S("2")}, {"c", V::S("3")}}));
  EXPECT_EQ(DecodeItem(item(2, attribute("a", "1") + attribute("a", "2"))).error().code,
            Error::Code::kCorrupt);
  EXPECT_EQ(DecodeItem(item(3, attribute("a", "1") + attribute("b", "2") + attribute("a", "3")))
                .error()
                .code,
            Error::Code::kCorrupt);
  std::string nested = item(1, std::string("\x01m", 2) +
                                   static_cast<char>(AttributeValue::Type::kM) + '\x02' +
                                   attribute("x", "1") + attribute("x", "2"));
  EXPECT_EQ(DecodeItem(nested).error().code, Error::Code::kCorrupt);
}

TEST(EncodeKeyValue, OrdersAsDynamoDbOrdersKeys) {
  EXPECT_EQ(EncodeKeyValue(V::S("abc")), "abc");
  EXPECT_EQ(EncodeKeyValue(V::B(std::string("\x00\x01", 2))), std::string("\x00\x01", 2));
  // UTF-8 byte order: U+00E9 (C3 A9) sorts after "z".
  EXPECT_LT(EncodeKeyValue(V::S("z")), EncodeKeyValue(V::S("é")));
  EXPECT_LT(EncodeKeyValue(V::N("9")), EncodeKeyValue(V::N("10")));
  EXPECT_EQ(EncodeKeyValue(V::N("10")), EncodeKeyValue(V::N("1e1")));
}

TEST(NormalizeNumbers, ReachesEveryNumber) {
  Item item = {{"n", V::N("1.50")},
               {"ns", V::NS({"2.0", "3e1"})},
               {"m", V::M({{"l", V::L({V::N("0.10"), V::S("1.0")})}})}};
  NormalizeNumbers(item);
  EXPECT_EQ(item.at("n").AsN(), "1.5");
  EXPECT_EQ(item.at("ns").AsNS(), (std::vector<std::string>{"2", "30"}));
  EXPECT_EQ(item.at("m").AsM().at("l").AsL()[0].AsN(), "0.1");
  EXPECT_EQ(item.at("m").AsM().at("l").AsL()[1].AsS(), "1.0");  // strings untouched
}

}  // namespace
}  // namespace homeboard::store::sqlite
