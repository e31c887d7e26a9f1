// Tests of ParseJson and ReadBody: every refusal names the field and the rule, limits hold,
// and accepted bodies read back exactly.
#include "server/request_json.h"

#include <gtest/gtest.h>

namespace homeboard::server {
namespace {

const BodySpec kSpec{.fields = {{.name = "title", .required = true},
                                {.name = "count", .type = FieldType::kInteger},
                                {.name = "flag", .type = FieldType::kBoolean},
                                {.name = "note", .nullable = true},
                                {.name = "settings", .type = FieldType::kObject}},
                     .read_only = {"page_id"}};

void ExpectRefused(std::string_view body, std::string_view field, std::string_view rule,
                   const JsonLimits& limits = {}) {
  auto read = ReadBody(body, kSpec, limits);
  ASSERT_FALSE(read.ok()) << body;
  EXPECT_EQ(read.error().status, 400) << body;
  EXPECT_EQ(read.error().code, "invalid_argument");
  EXPECT_EQ(read.error().field, field) << body << " -> " << read.error().detail;
  EXPECT_EQ(read.error().rule, rule) << body << " -> " << read.error().detail;
  EXPECT_FALSE(read.error().detail.empty());
}

TEST(ReadBody, AcceptsKnownFieldsOfTheRightTypes) {
  auto read = ReadBody(
      R"({"title":"caf\u00e9 \"x\"","count":-42,"flag":true,"note":null,"settings":{"a":[1,2.5,"s"]}})",
      kSpec);
  ASSERT_TRUE(read.ok()) << read.error().detail;
  EXPECT_EQ(read->String("title"), "café \"x\"");
  EXPECT_EQ(read->Integer("count"), -42);
  EXPECT_EQ(read->Boolean("flag"), true);
  EXPECT_TRUE(read->Has("note"));
  EXPECT_TRUE(read->IsNull("note"));
  EXPECT_EQ(read->String("note"), std::nullopt);
  const JsonValue* settings = read->Get("settings");
  ASSERT_NE(settings, nullptr);
  const JsonValue* list = settings->Find("a");
  ASSERT_NE(list, nullptr);
  ASSERT_EQ(list->items.size(), 3u);
  EXPECT_EQ(list->items[0].integer, 1);
  EXPECT_EQ(list->items[1].number, "2.5");
  EXPECT_FALSE(list->items[1].integer.has_value());
  EXPECT_EQ(list->items[2].string, "s");
  EXPECT_FALSE(read->Has("flagged"));
}

TEST(ReadBody, RefusesMalformedJson) {
  ExpectRefused("", "body", "required");
  ExpectRefused("   \n", "body", "required");
  ExpectRefused("{", "body", "malformed_json");
  ExpectRefused(R"({"title":"a",})", "body", "malformed_json");
  ExpectRefused(R"({"title":"a"} trailing)", "body", "malformed_json");
  ExpectRefused(R"({'title':'a'})", "body", "malformed_json");
  ExpectRefused("{\"title\":\"\xff\"}", "body", "malformed_json");  // not UTF-8
  ExpectRefused(R"({"title":"a\x"})", "body", "malformed_json");
  ExpectRefused(R"({"title":1e999})", "body", "malformed_json");
  ExpectRefused(std::string_view("{\"title\":\"a\0\"}", 14), "body", "malformed_json");
}

TEST(ReadBody, RefusesNonObjects) {
  ExpectRefused("[]", "body", "type");
  ExpectRefused(R"("title")", "body", "type");
  ExpectRefused("null", "body", "type");
  ExpectRefused("42", "body", "type");
}

TEST(ReadBody, RefusesUnknownFieldsByName) {
  ExpectRefused(R"({"title":"a","colour":"red"})", "colour", "unknown_field");
  ExpectRefused(R"({"title":"a","":1})", "\"\"", "unknown_field");
  ExpectRefused(R"({"Title":"a"})", "Title", "unknown_field");
}

TEST(ReadBody, RefusesReadOnlyFieldsBeforeAnythingElse) {
  for (std::string_view field : {"id", "user_id", "owner_id", "version", "created_at",
                                 "updated_at", "order_key", "page_id"}) {
    std::string body = R"({"colour":1,")" + std::string(field) + R"(":"x"})";
    ExpectRefused(body, field, "read_only");
  }
}

TEST(ReadBody, RefusesWrongTypesByName) {
  ExpectRefused(R"({"title":7})", "title", "type");
  ExpectRefused(R"({"title":null})", "title", "type");
  ExpectRefused(R"({"title":"a","count":"7"})", "count", "type");
  ExpectRefused(R"({"title":"a","count":1.5})", "count", "type");
  ExpectRefused(R"({"title":"a","count":18446744073709551615})", "count", "type");
  ExpectRefused(R"({"title":"a","flag":1})", "flag", "type");
  ExpectRefused(R"({"title":"a","settings":[]})", "settings", "type");
  ExpectRefused(R"({"title":"a","note":false})", "note", "type");
}

TEST(ReadBody, RefusesMissingRequiredFields) {
  ExpectRefused(R"({})", "title", "required");
  ExpectRefused(R"({"count":1})", "title", "required");
}

TEST(ReadBody, RefusesDuplicateMembersAnywhere) {
  ExpectRefused(R"({"title":"a","title":"b"})", "title", "duplicate");
  ExpectRefused(R"({"title":"a","settings":{"x":1,"x":2}})", "settings.x", "duplicate");
}

TEST(ParseJson, BoundsDepth) {
  JsonLimits limits{.max_depth = 4};
  EXPECT_TRUE(ParseJson("[[[1]]]", limits).ok());
  EXPECT_TRUE(ParseJson("[[[[1]]]]", limits).ok());
  auto deep = ParseJson("[[[[[1]]]]]", limits);
  ASSERT_FALSE(deep.ok());
  EXPECT_EQ(deep.error().rule, "max_depth");
  EXPECT_EQ(deep.error().field, "[0][0][0][0]");
  ExpectRefused(R"({"title":"a","settings":{"a":{"b":{"c":{}}}}})", "settings.a.b.c", "max_depth",
                limits);
  // Far beyond any limit: refused, not a stack overflow.
  std::string very_deep = std::string(100000, '[') + std::string(100000, ']');
  auto refused = ParseJson(very_deep);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().rule, "max_depth");
}

TEST(ParseJson, BoundsStringLengthsAndValueCounts) {
  JsonLimits limits{.max_string_bytes = 8, .max_values = 5};
  EXPECT_TRUE(ParseJson(R"({"k":"12345678"})", limits).ok());
  auto long_value = ParseJson(R"({"k":"123456789"})", limits);
  ASSERT_FALSE(long_value.ok());
  EXPECT_EQ(long_value.error().field, "k");
  EXPECT_EQ(long_value.error().rule, "max_length");
  auto long_name = ParseJson(R"({"123456789":1})", limits);
  ASSERT_FALSE(long_name.ok());
  EXPECT_EQ(long_name.error().rule, "max_length");
  auto nested = ParseJson(R"({"a":["x","123456789"]})", limits);
  ASSERT_FALSE(nested.ok());
  EXPECT_EQ(nested.error().field, "a[1]");
  auto many = ParseJson("[1,2,3,4,5]", limits);
  ASSERT_FALSE(many.ok());
  EXPECT_EQ(many.error().rule, "max_count");
}

TEST(ParseJson, KeepsNumbersExactly) {
  auto parsed = ParseJson(R"([0,-1,9223372036854775807,-9223372036854775808,18446744073709551615,0.1,1e300])");
  ASSERT_TRUE(parsed.ok());
  const auto& items = parsed->items;
  ASSERT_EQ(items.size(), 7u);
  EXPECT_EQ(items[2].integer, std::numeric_limits<std::int64_t>::max());
  EXPECT_EQ(items[3].integer, std::numeric_limits<std::int64_t>::min());
  EXPECT_FALSE(items[4].integer.has_value());
  EXPECT_EQ(items[4].number, "18446744073709551615");
  EXPECT_EQ(items[5].number, "0.1");
  EXPECT_EQ(items[6].number, "1e+300");
}

}  // namespace
}  // namespace homeboard::server
