// Tests for the DynamoDB JSON value codec: JsonWriter, encoding, request validation and
// decoding (round trips of every type, hostile responses, padding).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "ddb/attribute_value.h"
#include "ddb/internal/json_writer.h"
#include "ddb/internal/value_codec.h"
#include "ddb/internal/value_decoder.h"
#include "testing/status_matchers.h"

namespace homeboard::ddb::internal {
namespace {

using V = AttributeValue;
using namespace std::string_literals;

// ---------------------------------------------------------------------------------------
// JsonWriter
// ---------------------------------------------------------------------------------------

TEST(JsonWriter, HandlesCommasAndNesting) {
  std::string out = "prefix:";
  JsonWriter w(&out);
  w.BeginObject();
  w.Key("a");
  w.Int(-12);
  w.Key("b");
  w.BeginArray();
  w.Bool(true);
  w.Bool(false);
  w.Null();
  w.BeginObject();
  w.EndObject();
  w.BeginArray();
  w.EndArray();
  w.RawNumber("1.5e3");
  w.EndArray();
  w.Key("c");
  w.String("x");
  w.Key("d");
  w.RawValue(R"({"k":1})");
  w.EndObject();
  EXPECT_EQ(out, R"(prefix:{"a":-12,"b":[true,false,null,{},[],1.5e3],"c":"x","d":{"k":1}})");
}

TEST(JsonWriter, OwnBufferAndRelease) {
  JsonWriter w;
  w.BeginArray();
  w.Int(INT64_MIN);
  w.Int(INT64_MAX);
  w.EndArray();
  EXPECT_EQ(w.str(), "[-9223372036854775808,9223372036854775807]");
  EXPECT_EQ(w.Release(), "[-9223372036854775808,9223372036854775807]");
  EXPECT_EQ(w.str(), "");
  w.BeginArray();
  w.EndArray();
  EXPECT_EQ(w.Release(), "[]");
}

std::string Escaped(std::string_view text) {
  JsonWriter w;
  w.String(text);
  return w.Release();
}

TEST(JsonWriter, EscapesWhatJsonRequires) {
  EXPECT_EQ(Escaped(""), R"("")");
  EXPECT_EQ(Escaped("plain text that is longer than eight bytes"),
            R"("plain text that is longer than eight bytes")");
  EXPECT_EQ(Escaped("q\"b\\s/"), R"("q\"b\\s/")");
  EXPECT_EQ(Escaped("\b\f\n\r\t"), R"("\b\f\n\r\t")");
  EXPECT_EQ(Escaped(std::string("\0\x01\x1f\x7f", 4)), "\"\\u0000\\u0001\\u001f\x7f\"");
  // Quote at every position relative to the 8-byte fast path.
  for (std::size_t i = 0; i < 20; ++i) {
    std::string text(20, 'a');
    text[i] = '"';
    std::string expected = "\"" + text.substr(0, i) + "\\\"" + text.substr(i + 1) + "\"";
    EXPECT_EQ(Escaped(text), expected) << i;
  }
}

// Every ASCII byte, at every position relative to the eight-byte fast path and the byte
// table after it, escapes exactly as RFC 8259 asks (checked against a byte-at-a-time
// reference); multi-byte characters around it pass through.
TEST(JsonWriter, EveryAsciiByteAtEveryPosition) {
  auto reference = [](unsigned char c) -> std::string {
    switch (c) {
      case '"': return "\\\"";
      case '\\': return "\\\\";
      case '\b': return "\\b";
      case '\f': return "\\f";
      case '\n': return "\\n";
      case '\r': return "\\r";
      case '\t': return "\\t";
      default:
        break;
    }
    if (c < 0x20) {
      const char hex[] = "0123456789abcdef";
      return std::string("\\u00") + hex[c >> 4] + hex[c & 0xF];
    }
    return std::string(1, static_cast<char>(c));
  };
  const std::string e_acute = "\xc3\xa9";
  for (int c = 0; c < 0x80; ++c) {
    for (std::size_t length = 1; length <= 18; ++length) {
      for (std::size_t i = 0; i < length; ++i) {
        std::string text(length, 'x');
        text[i] = static_cast<char>(c);
        text += e_acute;
        std::string expected = "\"" + text.substr(0, i) + reference(static_cast<unsigned char>(c)) +
                               text.substr(i + 1) + "\"";
        ASSERT_EQ(Escaped(text), expected) << "byte " << c << " at " << i << " of " << length;
      }
    }
  }
}

TEST(JsonWriter, ReserveKeepsTheOutput) {
  std::string out = "prefix:";
  JsonWriter w(&out);
  w.Reserve(1000);
  EXPECT_GE(out.capacity(), out.size() + 1000);
  w.BeginArray();
  w.String("a");
  w.EndArray();
  EXPECT_EQ(out, R"(prefix:["a"])");
}

TEST(JsonWriter, PassesValidUtf8Through) {
  const std::string text = "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80 \xf4\x8f\xbf\xbf";
  EXPECT_EQ(Escaped(text), "\"" + text + "\"");
}

TEST(JsonWriter, ReplacesInvalidUtf8) {
  EXPECT_EQ(Escaped("a\xff" "b"), R"("a\ufffdb")");
  EXPECT_EQ(Escaped("\xc3"), R"("\ufffd")");                     // truncated
  EXPECT_EQ(Escaped("\xc0\xaf"), R"("\ufffd\ufffd")");           // overlong
  EXPECT_EQ(Escaped("\xed\xa0\x80"), R"("\ufffd\ufffd\ufffd")");  // surrogate
  EXPECT_EQ(Escaped("\xf4\x90\x80\x80"), R"("\ufffd\ufffd\ufffd\ufffd")");  // > U+10FFFF
}

TEST(Utf8, Validation) {
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_TRUE(IsValidUtf8("ascii only, more than eight bytes"));
  EXPECT_TRUE(IsValidUtf8("\xc2\x80\xdf\xbf\xe0\xa0\x80\xef\xbf\xbf\xf0\x90\x80\x80"));
  EXPECT_TRUE(IsValidUtf8("\xf4\x8f\xbf\xbf"));
  EXPECT_TRUE(IsValidUtf8(std::string("\0", 1)));
  EXPECT_FALSE(IsValidUtf8("\x80"));
  EXPECT_FALSE(IsValidUtf8("\xc1\xbf"));
  EXPECT_FALSE(IsValidUtf8("\xe0\x9f\xbf"));
  EXPECT_FALSE(IsValidUtf8("\xed\xbf\xbf"));
  EXPECT_FALSE(IsValidUtf8("\xf0\x8f\xbf\xbf"));
  EXPECT_FALSE(IsValidUtf8("\xf4\x90\x80\x80"));
  EXPECT_FALSE(IsValidUtf8("\xf5\x80\x80\x80"));
  EXPECT_FALSE(IsValidUtf8("abcdefgh\xe2\x82"));
}

TEST(PrintableSnippet, CutsAndEscapes) {
  EXPECT_EQ(PrintableSnippet("abc", 10), "abc");
  EXPECT_EQ(PrintableSnippet("abcdef", 3), "abc...");
  EXPECT_EQ(PrintableSnippet("a\nb\tc\x01\xff", 100), "a b c\\x01\\xff");
  EXPECT_EQ(PrintableSnippet("\xe2\x82\xac\xe2\x82\xac", 2), "\xe2\x82\xac...");
}

// ---------------------------------------------------------------------------------------
// Encoding
// ---------------------------------------------------------------------------------------

TEST(WriteValue, EveryType) {
  EXPECT_EQ(EncodeValueJson(V::S("x")), R"({"S":"x"})");
  EXPECT_EQ(EncodeValueJson(V::N("-1.5E3")), R"({"N":"-1.5E3"})");
  EXPECT_EQ(EncodeValueJson(V::B("hello")), R"({"B":"aGVsbG8="})");
  EXPECT_EQ(EncodeValueJson(V::Bool(true)), R"({"BOOL":true})");
  EXPECT_EQ(EncodeValueJson(V::Bool(false)), R"({"BOOL":false})");
  EXPECT_EQ(EncodeValueJson(V::Null()), R"({"NULL":true})");
  EXPECT_EQ(EncodeValueJson(V::M({})), R"({"M":{}})");
  EXPECT_EQ(EncodeValueJson(V::M({{"b", V::N("2")}, {"a", V::S("1")}})),
            R"({"M":{"a":{"S":"1"},"b":{"N":"2"}}})");
  EXPECT_EQ(EncodeValueJson(V::L({})), R"({"L":[]})");
  EXPECT_EQ(EncodeValueJson(V::L({V::S("a"), V::L({V::Null()})})),
            R"({"L":[{"S":"a"},{"L":[{"NULL":true}]}]})");
  EXPECT_EQ(EncodeValueJson(V::SS({"a", "b"})), R"({"SS":["a","b"]})");
  EXPECT_EQ(EncodeValueJson(V::NS({"1", "2.5"})), R"({"NS":["1","2.5"]})");
  EXPECT_EQ(EncodeValueJson(V::BS({"hi", ""})), R"({"BS":["aGk=",""]})");
}

TEST(WriteItem, NamesInOrderAndEscaped) {
  EXPECT_EQ(EncodeItemJson({}), "{}");
  EXPECT_EQ(EncodeItemJson({{"z", V::S("1")}, {"a\"b", V::S("2")}}),
            R"({"a\"b":{"S":"2"},"z":{"S":"1"}})");
}

// ---------------------------------------------------------------------------------------
// Round trips
// ---------------------------------------------------------------------------------------

void ExpectRoundTrip(const AttributeValue& value) {
  const std::string json = EncodeValueJson(value);
  Result<AttributeValue> decoded = DecodeValueJson(json);
  ASSERT_OK(decoded);
  EXPECT_EQ(*decoded, value) << json;
  const Item item = {{"attr", value}};
  Result<Item> decoded_item = DecodeItemJson(EncodeItemJson(item));
  ASSERT_OK(decoded_item);
  EXPECT_EQ(*decoded_item, item);
}

TEST(RoundTrip, Strings) {
  ExpectRoundTrip(V::S(""));
  ExpectRoundTrip(V::S("hello"));
  ExpectRoundTrip(V::S("quote \" backslash \\ slash / newline \n tab \t"));
  ExpectRoundTrip(V::S("nul \0 and \x01 \x1f \x7f"s));
  ExpectRoundTrip(V::S("\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\xf4\x8f\xbf\xbf"));  // é € 😀 U+10FFFF
  ExpectRoundTrip(V::S(std::string(100000, 'x')));
}

TEST(RoundTrip, Numbers) {
  ExpectRoundTrip(V::N("0"));
  ExpectRoundTrip(V::N("-12.5"));
  ExpectRoundTrip(V::N("3.1415926535897932384626433832795028841"));  // 38 digits
  ExpectRoundTrip(V::N("-99999999999999999999999999999999999999"));
  ExpectRoundTrip(V::N("1E-130"));
  ExpectRoundTrip(V::N("9.9999999999999999999999999999999999999E+125"));
  ExpectRoundTrip(V::N("+.5e-3"));  // kept verbatim
  ExpectRoundTrip(V::NS({"1", "2", "-3.25", "1e100"}));
}

TEST(RoundTrip, BinaryWithAllByteValues) {
  std::string all;
  for (int i = 0; i < 256; ++i) all.push_back(static_cast<char>(i));
  ExpectRoundTrip(V::B(all));
  ExpectRoundTrip(V::B(""));
  ExpectRoundTrip(V::B("a"));
  ExpectRoundTrip(V::B("ab"));
  ExpectRoundTrip(V::BS({all, "", "x"}));
}

TEST(RoundTrip, BoolNullAndSets) {
  ExpectRoundTrip(V::Bool(true));
  ExpectRoundTrip(V::Bool(false));
  ExpectRoundTrip(V::Null());
  ExpectRoundTrip(V::SS({"a", "", "\xe2\x82\xac"}));
}

TEST(RoundTrip, EmptyAndNestedContainers) {
  ExpectRoundTrip(V::M({}));
  ExpectRoundTrip(V::L({}));
  ExpectRoundTrip(V::M({{"", V::S("empty key")}, {"k", V::L({V::M({}), V::L({})})}}));
  ExpectRoundTrip(V::L({V::S("a"), V::N("1"), V::B("b"), V::Bool(true), V::Null(),
                        V::SS({"s"}), V::NS({"1"}), V::BS({"b"}),
                        V::M({{"x", V::L({V::S("y")})}})}));
}

AttributeValue Nested(int levels) {
  AttributeValue value = V::S("leaf");
  for (int i = 0; i < levels; ++i) {
    value = i % 2 == 0 ? V::M({{"n", std::move(value)}}) : V::L({std::move(value)});
  }
  return value;
}

TEST(RoundTrip, DeepNestingUpToTheReadLimit) {
  ExpectRoundTrip(Nested(31));
  // The decoder reads up to 64 enclosing containers (ReadValue depth counts them).
  Result<AttributeValue> at_limit = DecodeValueJson(EncodeValueJson(Nested(kMaxReadNestingDepth)));
  ASSERT_OK(at_limit);
  EXPECT_EQ(*at_limit, Nested(kMaxReadNestingDepth));
  Result<AttributeValue> past_limit =
      DecodeValueJson(EncodeValueJson(Nested(kMaxReadNestingDepth + 1)));
  ASSERT_FALSE(past_limit.ok());
  EXPECT_EQ(past_limit.error().code(), errc::kInvalidResponse);
  EXPECT_NE(past_limit.error().message().find("nested more than 64 levels"), std::string::npos)
      << past_limit.error().message();
}

TEST(Decode, UnescapesStringsAndKeys) {
  ASSERT_OK_AND_ASSIGN(Item item,
                       DecodeItemJson(R"({"k\u00e9y":{"S":"a\u00e9\ud83d\ude00\n\"\/"},)"
                                      R"("\u0053":{"\u0053":"tag escaped"}})"));
  EXPECT_EQ(item.at("k\xc3\xa9y").AsS(), "a\xc3\xa9\xf0\x9f\x98\x80\n\"/");
  EXPECT_EQ(item.at("S").AsS(), "tag escaped");
}

TEST(Decode, WhitespaceIsFine) {
  ASSERT_OK_AND_ASSIGN(Item item, DecodeItemJson(" \n{ \"a\" : { \"N\" : \"1\" } }\t\n"));
  EXPECT_EQ(item.at("a"), V::N("1"));
}

TEST(Decode, EmptySetsAndDuplicateMembersAreAccepted) {
  ASSERT_OK_AND_ASSIGN(AttributeValue value, DecodeValueJson(R"({"SS":[]})"));
  EXPECT_EQ(value, V::SS({}));
  ASSERT_OK_AND_ASSIGN(value, DecodeValueJson(R"({"NS":["1","1"]})"));
  EXPECT_EQ(value, V::NS({"1", "1"}));
}

// A Query-like response: 100 items of 8 attributes, read through the response-style API
// (PadForParsing + ThreadLocalParser + ReadItems).
TEST(Decode, QueryResponseThroughTheParserApi) {
  JsonWriter w;
  std::vector<Item> expected;
  for (int i = 0; i < 100; ++i) {
    Item item = {{"pk", V::S("user#42")},
                 {"sk", V::S("bookmark#" + std::to_string(i))},
                 {"title", V::S("Some page title number " + std::to_string(i))},
                 {"url", V::S("https://example.com/a/fairly/long/path?i=" + std::to_string(i))},
                 {"created", V::N(std::to_string(1700000000000 + i))},
                 {"version", V::N(std::to_string(i))},
                 {"pinned", V::Bool(i % 2 == 0)},
                 {"tags", V::L({V::S("news"), V::S("tech"), V::S("c++")})}};
    expected.push_back(std::move(item));
  }
  w.BeginObject();
  w.Key("Count");
  w.Int(100);
  w.Key("Items");
  w.BeginArray();
  for (const Item& item : expected) WriteItem(w, item);
  w.EndArray();
  w.Key("ScannedCount");
  w.Int(100);
  w.EndObject();
  std::string body = w.Release();

  simdjson::ondemand::parser& parser = ThreadLocalParser();
  for (int round = 0; round < 3; ++round) {  // the parser is reused
    simdjson::ondemand::document doc;
    ASSERT_EQ(parser.iterate(PadForParsing(body)).get(doc), simdjson::SUCCESS);
    simdjson::ondemand::object root;
    ASSERT_EQ(doc.get_object().get(root), simdjson::SUCCESS);
    std::vector<Item> items;
    for (auto field : root) {
      std::string_view key;
      ASSERT_EQ(field.unescaped_key().get(key), simdjson::SUCCESS);
      if (key == "Items") {
        ASSERT_OK_AND_ASSIGN(items, ReadItems(field.value()));
      }
    }
    EXPECT_EQ(items, expected);
  }
}

TEST(PadForParsing, LeavesContentAndAddsCapacity) {
  std::string body = R"({"a":{"S":"x"}})";
  body.shrink_to_fit();
  const simdjson::padded_string_view view = PadForParsing(body);
  EXPECT_EQ(body, R"({"a":{"S":"x"}})");
  EXPECT_EQ(std::string_view(view), body);
  EXPECT_GE(view.padding(), simdjson::SIMDJSON_PADDING);
}

TEST(PadForParsing, UnpaddedViewsAreRefusedNotOverread) {
  const std::string body = R"({"a":{"S":"x"}})";
  simdjson::ondemand::parser parser;
  simdjson::ondemand::document doc;
  EXPECT_EQ(parser.iterate(simdjson::padded_string_view(body.data(), body.size(), body.size()))
                .get(doc),
            simdjson::INSUFFICIENT_PADDING);
}

TEST(ReadValueApi, DepthArgumentCountsEnclosingContainers) {
  const simdjson::padded_string json(std::string_view(R"({"L":[{"S":"x"}]})"));
  simdjson::ondemand::parser parser;
  simdjson::ondemand::document doc;
  ASSERT_EQ(parser.iterate(json).get(doc), simdjson::SUCCESS);
  simdjson::ondemand::value root;
  ASSERT_EQ(doc.get_value().get(root), simdjson::SUCCESS);
  Result<AttributeValue> value = ReadValue(root, kMaxReadNestingDepth);
  ASSERT_FALSE(value.ok());  // the S inside would be at depth 65
  EXPECT_EQ(value.error().code(), errc::kInvalidResponse);
}

TEST(ReadItemApi, RequiresAnObject) {
  const simdjson::padded_string json(std::string_view(R"([1])"));
  simdjson::ondemand::parser parser;
  simdjson::ondemand::document doc;
  ASSERT_EQ(parser.iterate(json).get(doc), simdjson::SUCCESS);
  simdjson::ondemand::value root;
  ASSERT_EQ(doc.get_value().get(root), simdjson::SUCCESS);
  Result<Item> item = ReadItem(root);
  ASSERT_FALSE(item.ok());
  EXPECT_EQ(item.error().message(), "invalid attribute value: expected a JSON object of attributes");
}

TEST(ReadItemsApi, NamesTheFailingItem) {
  const simdjson::padded_string json(
      std::string_view(R"([{"a":{"S":"x"}},{"b":{"M":{"c":{"L":[{"N":"1"},{"Q":"1"}]}}}}])"));
  simdjson::ondemand::parser parser;
  simdjson::ondemand::document doc;
  ASSERT_EQ(parser.iterate(json).get(doc), simdjson::SUCCESS);
  simdjson::ondemand::value root;
  ASSERT_EQ(doc.get_value().get(root), simdjson::SUCCESS);
  Result<std::vector<Item>> items = ReadItems(root);
  ASSERT_FALSE(items.ok());
  EXPECT_EQ(items.error().code(), errc::kInvalidResponse);
  EXPECT_EQ(items.error().message(),
            "item 1: attribute \"b.c[1]\": unknown type tag \"Q\" (expected S, N, B, BOOL, "
            "NULL, M, L, SS, NS or BS)");
}

// ---------------------------------------------------------------------------------------
// Hostile input
// ---------------------------------------------------------------------------------------

struct HostileCase {
  const char* name;
  std::string json;
  std::string message_part;  // expected somewhere in the error message
};

class HostileItemTest : public ::testing::TestWithParam<HostileCase> {};

TEST_P(HostileItemTest, IsAnInvalidResponse) {
  Result<Item> item = DecodeItemJson(GetParam().json);
  ASSERT_FALSE(item.ok()) << GetParam().json;
  EXPECT_EQ(item.error().code(), errc::kInvalidResponse);
  EXPECT_NE(item.error().message().find(GetParam().message_part), std::string::npos)
      << item.error().message();
}

INSTANTIATE_TEST_SUITE_P(
    Cases, HostileItemTest,
    ::testing::Values(
        HostileCase{"NotAnObject", R"([{"S":"x"}])", "item is not a JSON object"},
        HostileCase{"Scalar", R"("x")", "item is not a JSON object"},
        HostileCase{"Empty", "", "malformed JSON"},
        HostileCase{"ValueNotObject", R"({"a":"x"})", "attribute \"a\": attribute value is not a JSON object"},
        HostileCase{"ValueArray", R"({"a":[]})", "not a JSON object"},
        HostileCase{"UnknownTag", R"({"a":{"X":"1"}})", "unknown type tag \"X\""},
        HostileCase{"LowercaseTag", R"({"a":{"s":"1"}})", "unknown type tag \"s\""},
        HostileCase{"TwoTags", R"({"a":{"S":"x","N":"1"}})", "more than one type tag"},
        HostileCase{"SameTagTwice", R"({"a":{"S":"x","S":"y"}})", "more than one type tag"},
        HostileCase{"EmptyValueObject", R"({"a":{}})", "empty (no type tag)"},
        HostileCase{"SNotString", R"({"a":{"S":1}})", "S value is not a JSON string"},
        HostileCase{"NAsJsonNumber", R"({"a":{"N":123}})", "N value is not a JSON string"},
        HostileCase{"InvalidNumber", R"({"a":{"N":"12abc"}})", "invalid number \"12abc\""},
        HostileCase{"NumberTooBig", R"({"a":{"N":"1e126"}})", "invalid number"},
        HostileCase{"NumberWithSpaces", R"({"a":{"N":" 1"}})", "invalid number"},
        HostileCase{"BadBase64", R"({"a":{"B":"!!!!"}})", "B value is not valid base64"},
        HostileCase{"Base64BadLength", R"({"a":{"B":"abc"}})", "not valid base64"},
        HostileCase{"BoolNotBool", R"({"a":{"BOOL":"true"}})", "BOOL value is not true or false"},
        HostileCase{"NullFalse", R"({"a":{"NULL":false}})", "NULL value must be true"},
        HostileCase{"NullNull", R"({"a":{"NULL":null}})", "NULL value is not true or false"},
        HostileCase{"MNotObject", R"({"a":{"M":[]}})", "expected a JSON object of attributes"},
        HostileCase{"LNotArray", R"({"a":{"L":{}}})", "L value is not a JSON array"},
        HostileCase{"SSNotArray", R"({"a":{"SS":"x"}})", "SS value is not a JSON array"},
        HostileCase{"SSMemberNotString", R"({"a":{"SS":["x",1]}})",
                    "attribute \"a[1]\": SS member is not a JSON string"},
        HostileCase{"NSBadMember", R"({"a":{"NS":["1","x"]}})", "attribute \"a[1]\": invalid number"},
        HostileCase{"BSBadMember", R"({"a":{"BS":["AA==","?"]}})", "BS value is not valid base64"},
        HostileCase{"DuplicateName", R"({"a":{"S":"x"},"a":{"S":"y"}})",
                    "attribute \"a\": duplicate attribute name"},
        HostileCase{"DuplicateNestedName", R"({"m":{"M":{"k":{"N":"1"},"k":{"N":"2"}}}})",
                    "attribute \"m.k\": duplicate attribute name"},
        HostileCase{"NestedPath", R"({"m":{"M":{"l":{"L":[{"S":"ok"},{"M":{"x":{"N":"?"}}}]}}}})",
                    "attribute \"m.l[1].x\": invalid number \"?\""},
        HostileCase{"TruncatedObject", R"({"a":{"S":"x"})", "malformed JSON"},
        HostileCase{"TruncatedString", R"({"a":{"S":"x)", "malformed JSON"},
        HostileCase{"TruncatedList", R"({"a":{"L":[{"S":"x"})", "malformed JSON"},
        HostileCase{"TrailingGarbage", R"({"a":{"S":"x"}} x)", "malformed JSON"},
        HostileCase{"TrailingObject", R"({"a":{"S":"x"}}{})", "after the JSON document"},
        HostileCase{"TrailingBrace", R"({"a":{"S":"x"}}})", "after the JSON document"},
        HostileCase{"MissingComma", R"({"a":{"S":"x"} "b":{"S":"y"}})", "malformed JSON"},
        HostileCase{"TrailingComma", R"({"a":{"S":"x"},})", "malformed JSON"},
        HostileCase{"InvalidUtf8", "{\"a\":{\"S\":\"\xff\"}}", "UTF-8"},
        HostileCase{"LoneSurrogate", R"({"a":{"S":"\ud800"}})", "malformed JSON"},
        HostileCase{"LoneLowSurrogate", R"({"a":{"S":"\udc00"}})", "malformed JSON"},
        HostileCase{"BadEscape", R"({"a":{"S":"\q"}})", "malformed JSON"},
        HostileCase{"RawControlCharacter", "{\"a\":{\"S\":\"\x01\"}}", "malformed JSON"},
        HostileCase{"NulInKey", "{\"a\0\":{\"S\":\"x\"}}"s, "malformed JSON"}),
    [](const ::testing::TestParamInfo<HostileCase>& info) { return info.param.name; });

TEST(Hostile, NestingBombIsRejectedWithoutDeepRecursion) {
  std::string json = "{\"a\":";
  for (int i = 0; i < 100000; ++i) json += R"({"L":[)";
  Result<Item> item = DecodeItemJson(json);
  ASSERT_FALSE(item.ok());
  EXPECT_EQ(item.error().code(), errc::kInvalidResponse);
}

TEST(Hostile, HugeArraysAreFine) {
  std::string json = R"({"a":{"L":[)";
  for (int i = 0; i < 100000; ++i) json += i == 0 ? R"({"NULL":true})" : R"(,{"NULL":true})";
  json += "]}}";
  ASSERT_OK_AND_ASSIGN(Item item, DecodeItemJson(json));
  EXPECT_EQ(item.at("a").AsL().size(), 100000u);
}

TEST(Hostile, EveryPrefixOfAValidItemFailsCleanly) {
  const std::string json = EncodeItemJson(
      {{"a", V::M({{"b", V::L({V::S("x\"y"), V::N("1"), V::B("zz"), V::BS({"q"})})}})},
       {"c", V::SS({"s1", "s2"})},
       {"d", V::Bool(true)}});
  for (std::size_t length = 0; length < json.size(); ++length) {
    Result<Item> item = DecodeItemJson(std::string_view(json).substr(0, length));
    ASSERT_FALSE(item.ok()) << length;
    EXPECT_EQ(item.error().code(), errc::kInvalidResponse);
  }
  EXPECT_OK(DecodeItemJson(json));
}

// ---------------------------------------------------------------------------------------
// Validation before writes
// ---------------------------------------------------------------------------------------

void ExpectInvalid(const Item& item, const std::string& message) {
  Status status = ValidateItemForWrite(item);
  ASSERT_FALSE(status.ok()) << message;
  EXPECT_EQ(status.error().code(), errc::kInvalidArgument);
  EXPECT_EQ(status.error().message(), message);
}

TEST(ValidateForWrite, AcceptsOrdinaryItems) {
  EXPECT_OK(ValidateItemForWrite({}));
  EXPECT_OK(ValidateItemForWrite({{"pk", V::S("u1")},
                                  {"empty", V::S("")},
                                  {"bin", V::B("")},
                                  {"n", V::N("-1.5e10")},
                                  {"m", V::M({})},
                                  {"l", V::L({})},
                                  {"ss", V::SS({"a", ""})},
                                  {"ns", V::NS({"1", "2"})},
                                  {"bs", V::BS({"a", "b"})},
                                  {"null", V::Null()},
                                  {"bool", V::Bool(false)}}));
  EXPECT_OK(ValidateForWrite(V::S("x"), "anything"));
}

TEST(ValidateForWrite, EmptySets) {
  ExpectInvalid({{"tags", V::SS({})}},
                "attribute \"tags\": string set is empty (DynamoDB rejects empty sets)");
  ExpectInvalid({{"n", V::NS({})}},
                "attribute \"n\": number set is empty (DynamoDB rejects empty sets)");
  ExpectInvalid({{"b", V::BS({})}},
                "attribute \"b\": binary set is empty (DynamoDB rejects empty sets)");
}

TEST(ValidateForWrite, DuplicateSetMembers) {
  ExpectInvalid({{"tags", V::SS({"a", "b", "a"})}},
                "attribute \"tags\": string set has duplicate members (member 2, \"a\"); "
                "DynamoDB rejects sets with duplicates");
  ExpectInvalid({{"n", V::NS({"1", "1.0"})}},
                "attribute \"n\": number set has duplicate members (member 1, \"1.0\"); "
                "DynamoDB rejects sets with duplicates");
  ExpectInvalid({{"b", V::BS({"\x01", "\x02", "\x01"})}},
                "attribute \"b\": binary set has duplicate members (member 2); DynamoDB "
                "rejects sets with duplicates");
  EXPECT_OK(ValidateItemForWrite({{"n", V::NS({"1", "10", "0.1", "-1"})}}));
}

TEST(ValidateForWrite, InvalidNumbers) {
  ExpectInvalid({{"n", V::N("abc")}}, "attribute \"n\": invalid number \"abc\"");
  ExpectInvalid({{"n", V::N("")}}, "attribute \"n\": invalid number \"\"");
  ExpectInvalid({{"n", V::N("1e126")}},
                "attribute \"n\": number \"1e126\" is out of DynamoDB's range (magnitude "
                "1E-130 to 9.99...E+125, or zero)");
  ExpectInvalid({{"n", V::N("1234567890123456789012345678901234567891")}},
                "attribute \"n\": number \"1234567890123456789012345678901234567891\" has more "
                "than 38 significant digits");
  ExpectInvalid({{"n", V::NS({"1", "x"})}},
                "attribute \"n\": number set member 1: invalid number \"x\"");
}

TEST(ValidateForWrite, InvalidUtf8) {
  ExpectInvalid({{"s", V::S("ok\xff")}}, "attribute \"s\": string is not valid UTF-8");
  ExpectInvalid({{"s", V::SS({"ok", "\xc0\xaf"})}},
                "attribute \"s\": string set member 1 is not valid UTF-8");
  ExpectInvalid({{"m", V::M({{"bad\xff", V::S("x")}})}},
                "attribute \"m.bad\\xff\": map key is not valid UTF-8");
  ExpectInvalid({{"bad\xfe", V::S("x")}}, "attribute \"bad\\xfe\": name is not valid UTF-8");
  // Binary values are arbitrary bytes.
  EXPECT_OK(ValidateItemForWrite({{"b", V::B("\xff\xfe")}, {"bs", V::BS({"\xff"})}}));
}

TEST(ValidateForWrite, EmptyAttributeName) {
  ExpectInvalid({{"", V::S("x")}},
                "attribute name is empty (DynamoDB requires at least one character)");
  // Nested map keys too: DynamoDB (and DynamoDB Local) answer "Empty attribute name".
  ExpectInvalid({{"nested", V::M({{"", V::S("x")}})}}, "attribute \"nested.\": map key is empty");
}

TEST(ValidateForWrite, PathsNameNestedValues) {
  ExpectInvalid(
      {{"meta", V::M({{"list", V::L({V::S("a"), V::S("b"), V::N("1e999")})}})}},
      "attribute \"meta.list[2]\": number \"1e999\" is out of DynamoDB's range (magnitude "
      "1E-130 to 9.99...E+125, or zero)");
  Status status = ValidateForWrite(V::L({V::SS({})}), ":value");
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().message(),
            "attribute \":value[0]\": string set is empty (DynamoDB rejects empty sets)");
}

TEST(ValidateForWrite, NestingLimitIs32Levels) {
  // Nested(31): the leaf sits at level 32 counting the attribute as level 1.
  EXPECT_OK(ValidateItemForWrite({{"d", Nested(31)}}));
  Status status = ValidateItemForWrite({{"d", Nested(32)}});
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code(), errc::kInvalidArgument);
  EXPECT_NE(status.error().message().find("nested more than 32 levels deep"), std::string::npos)
      << status.error().message();
  EXPECT_EQ(status.error().message().rfind("attribute \"d[0].n[0].n", 0), 0u)
      << status.error().message();
}

TEST(ValidateForWrite, LongNamesAreShortenedInMessages) {
  const std::string name(1000, 'n');
  Status status = ValidateItemForWrite({{name, V::SS({})}});
  ASSERT_FALSE(status.ok());
  EXPECT_LT(status.error().message().size(), 200u);
}

}  // namespace
}  // namespace homeboard::ddb::internal
