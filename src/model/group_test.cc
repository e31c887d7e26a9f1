// Tests for Group: round trips (top level and nested to depth 8, unicode, limits), item
// shape, invalid values including depth/parent consistency, corrupt items.
#include "model/group.h"

#include <gtest/gtest.h>

#include "model/internal/entity_testing.h"
#include "model/limits.h"

namespace homeboard::model {
namespace {

using namespace testing;  // NOLINT: test helpers
using ddb::AttributeValue;

Group TopLevel() {
  return Group{.widget_id = kWidget1,
               .group_id = kGroup1,
               .user_id = kUserA,
               .page_id = kPage1,
               .parent_group_id = std::nullopt,
               .depth = 1,
               .name = "Work",
               .order_key = "V",
               .created_at = kCreated,
               .updated_at = kUpdated,
               .version = 1};
}

Group Nested() {
  Group group = TopLevel();
  group.group_id = kGroup2;
  group.parent_group_id = kGroup1;
  group.depth = 2;
  return group;
}

TEST(Group, RoundTrips) {
  ExpectRoundTrip(TopLevel());
  ExpectRoundTrip(Nested());
  Group deepest = Nested();
  deepest.depth = kMaxGroupDepth;
  deepest.name = Repeat(kEmoji, kMaxTitleChars);
  deepest.version = kMaxVersion;
  ExpectRoundTrip(deepest);
  deepest.name = std::string(kCombining) + " " + kEmoji;
  ExpectRoundTrip(deepest);
}

TEST(Group, ItemShape) {
  ddb::Item top = TopLevel().ToItem();
  EXPECT_FALSE(top.count("parent_group_id"));
  EXPECT_EQ(top.at("depth"), AttributeValue::N("1"));
  ddb::Item nested = Nested().ToItem();
  EXPECT_EQ(nested.at("parent_group_id"), AttributeValue::S(kGroup1));
  EXPECT_EQ(nested.at("depth"), AttributeValue::N("2"));
  EXPECT_EQ(TopLevel().Key(), (ddb::Item{{"widget_id", AttributeValue::S(kWidget1)},
                                         {"group_id", AttributeValue::S(kGroup1)}}));
  EXPECT_EQ(Group::KeyOf(kWidget1, kGroup1), TopLevel().Key());
}

TEST(Group, RejectsInvalid) {
  ExpectRejected<Group>(
      Nested(),
      {
          {"no widget", [](Group& g) { g.widget_id = ""; }, "widget_id", "required"},
          {"bad group id", [](Group& g) { g.group_id = "g"; }, "group_id", "pattern"},
          {"bad owner", [](Group& g) { g.user_id = "x"; }, "user_id", "pattern"},
          {"bad page", [](Group& g) { g.page_id = ""; }, "page_id", "required"},
          {"bad parent", [](Group& g) { g.parent_group_id = "parent"; }, "parent_group_id",
           "pattern"},
          {"own parent", [](Group& g) { g.parent_group_id = g.group_id; }, "parent_group_id",
           "inconsistent"},
          {"depth 0", [](Group& g) { g.depth = 0; }, "depth", "range"},
          {"depth 9", [](Group& g) { g.depth = kMaxGroupDepth + 1; }, "depth", "range"},
          {"depth 1 with parent", [](Group& g) { g.depth = 1; }, "depth", "inconsistent"},
          {"depth 3 without parent",
           [](Group& g) {
             g.parent_group_id.reset();
             g.depth = 3;
           },
           "depth", "inconsistent"},
          {"no name", [](Group& g) { g.name = ""; }, "name", "required"},
          {"long name", [](Group& g) { g.name = std::string(201, 'n'); }, "name", "max_length"},
          {"tab name", [](Group& g) { g.name = "a\tb"; }, "name", "not_normalized"},
          {"bad order", [](Group& g) { g.order_key = ""; }, "order_key", "required"},
          {"bad created", [](Group& g) { g.created_at = "2026-11-25"; }, "created_at", "pattern"},
          {"bad updated", [](Group& g) { g.updated_at = "z"; }, "updated_at", "pattern"},
          {"version 0", [](Group& g) { g.version = 0; }, "version", "range"},
      });
}

TEST(Group, CorruptItems) {
  ExpectCorruptWithout(Nested(), {"widget_id", "group_id", "user_id", "page_id", "depth", "name",
                                  "order_key", "created_at", "updated_at", "version"});
  ExpectCorruptWith(Nested(), "parent_group_id", AttributeValue::N("1"));
  ExpectCorruptWith(Nested(), "depth", AttributeValue::N("1e1"));
  ExpectCorruptWith(Nested(), "depth", AttributeValue::N("-9999999999999"));
}

}  // namespace
}  // namespace homeboard::model
