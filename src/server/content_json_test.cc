// Unit tests of the content routes' shared pieces: tree keys of groups, list cursors, widget
// settings from JSON and the checks of objects nested in bodies.
#include "server/content_json.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "service/group_service.h"

namespace homeboard::server {
namespace {

model::Group MakeGroup(std::string id, std::string order_key, std::optional<std::string> parent) {
  model::Group group;
  group.group_id = std::move(id);
  group.order_key = std::move(order_key);
  group.parent_group_id = std::move(parent);
  return group;
}

// Ids are fixed-length in real data; these keep that property (26 characters).
std::string Id(char c) { return std::string(26, c); }

TEST(GroupTreeKeys, IncreaseAlongTreeOrder) {
  // a (key "V") with children c ("8"), d ("8" too, later id) and grandchild e under c;
  // b ("VV": after "V" though it starts with it) at the top level; f's parent is missing.
  std::vector<model::Group> groups = {
      MakeGroup(Id('b'), "VV", std::nullopt), MakeGroup(Id('a'), "V", std::nullopt),
      MakeGroup(Id('d'), "8", Id('a')),       MakeGroup(Id('c'), "8", Id('a')),
      MakeGroup(Id('e'), "1", Id('c')),       MakeGroup(Id('f'), "0a", Id('z')),
  };
  std::vector<model::Group> ordered = service::TreeOrder(groups);
  std::vector<std::string> ids;
  for (const model::Group& group : ordered) ids.push_back(group.group_id);
  ASSERT_EQ(ids, (std::vector<std::string>{Id('a'), Id('c'), Id('e'), Id('d'), Id('b'), Id('f')}));
  std::vector<std::string> keys = GroupTreeKeys(ordered);
  ASSERT_EQ(keys.size(), ordered.size());
  EXPECT_TRUE(std::is_sorted(keys.begin(), keys.end()));
  EXPECT_EQ(std::adjacent_find(keys.begin(), keys.end()), keys.end()) << "keys must be distinct";
}

TEST(ListCursor, RoundTripsAndRefusesForeignText) {
  std::string key("0004\nabc\n01J", 12);
  ASSERT_TRUE(DecodeListCursor(EncodeListCursor(key)).ok());
  EXPECT_EQ(DecodeListCursor(EncodeListCursor(key)).value(), key);
  EXPECT_EQ(EncodeListCursor(""), "TA");  // just the tag byte
  EXPECT_EQ(DecodeListCursor("TA").value(), "");
  for (std::string_view bad : {"", "AAAA", "!!", "TQ"}) {
    auto decoded = DecodeListCursor(bad);
    ASSERT_FALSE(decoded.ok()) << bad;
    EXPECT_EQ(decoded.error().field, "cursor");
    EXPECT_EQ(decoded.error().status, 400);
  }
}

TEST(SettingsFromJson, MapsEveryJsonType) {
  auto parsed = ParseJson(R"({"s":"x","i":4,"f":1.5,"b":true,"n":null,"l":[1,"y"],"m":{"k":"v"}})");
  ASSERT_TRUE(parsed.ok());
  auto settings = SettingsFromJson(*parsed, "settings");
  ASSERT_TRUE(settings.ok());
  EXPECT_EQ(settings->at("s"), ddb::AttributeValue::S("x"));
  EXPECT_EQ(settings->at("i"), ddb::AttributeValue::N(std::int64_t{4}));
  EXPECT_EQ(settings->at("f"), ddb::AttributeValue::N(std::string("1.5")));
  EXPECT_EQ(settings->at("b"), ddb::AttributeValue::Bool(true));
  EXPECT_EQ(settings->at("n"), ddb::AttributeValue::Null());
  EXPECT_EQ(settings->at("l"), ddb::AttributeValue::L({ddb::AttributeValue::N(std::int64_t{1}),
                                                       ddb::AttributeValue::S("y")}));
  EXPECT_EQ(settings->at("m"), ddb::AttributeValue::M({{"k", ddb::AttributeValue::S("v")}}));

  auto array = ParseJson("[]");
  ASSERT_TRUE(array.ok());
  auto refused = SettingsFromJson(*array, "settings");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().field, "settings");
  EXPECT_EQ(refused.error().rule, "type");
}

TEST(ReadNested, ChecksMembersUnderThePath) {
  const BodySpec spec{.fields = {{.name = "url", .required = true},
                                 {.name = "icon", .nullable = true},
                                 {.name = "count", .type = FieldType::kInteger}},
                      .read_only = {"page_id"}};
  struct Case {
    std::string json, field, rule;
  };
  std::vector<Case> cases = {
      {R"("x")", "bookmarks[2]", "type"},
      {R"({"icon":"i"})", "bookmarks[2].url", "required"},
      {R"({"url":1})", "bookmarks[2].url", "type"},
      {R"({"url":"u","count":1.5})", "bookmarks[2].count", "type"},
      {R"({"url":"u","id":"x"})", "bookmarks[2].id", "read_only"},
      {R"({"url":"u","page_id":"x"})", "bookmarks[2].page_id", "read_only"},
      {R"({"url":"u","other":"x"})", "bookmarks[2].other", "unknown_field"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.json);
    auto value = ParseJson(c.json);
    ASSERT_TRUE(value.ok());
    auto read = ReadNested(*value, spec, "bookmarks[2]");
    ASSERT_FALSE(read.ok());
    EXPECT_EQ(read.error().field, c.field);
    EXPECT_EQ(read.error().rule, c.rule);
    EXPECT_EQ(read.error().status, 400);
  }
  auto value = ParseJson(R"({"url":"u","icon":null,"count":3})");
  ASSERT_TRUE(value.ok());
  auto read = ReadNested(*value, spec, "bookmarks[0]");
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(read->String("url"), "u");
  EXPECT_TRUE(read->IsNull("icon"));
  EXPECT_EQ(read->Integer("count"), 3);
}

}  // namespace
}  // namespace homeboard::server
