// Tests for TagAssociation and TagCount: key helpers, round trips (unicode tags at 64 code
// points, counts 0 and 2^53), item shapes (sparse user_tag), invalid values, corrupt items
// (mismatched user_tag or item_ref), and that the two kinds are never confused.
#include "model/tag_association.h"

#include <gtest/gtest.h>

#include "model/internal/entity_testing.h"
#include "model/limits.h"

namespace homeboard::model {
namespace {

using namespace testing;  // NOLINT: test helpers
using ddb::AttributeValue;

TagAssociation ValidAssociation() {
  return TagAssociation{.item_type = TaggedType::kBookmark,
                        .item_id = kItem1,
                        .tag = "rust lang",
                        .user_id = kUserA,
                        .container_id = kWidget1,
                        .created_at = kCreated};
}

TagCount ValidCount() { return TagCount{.user_id = kUserA, .tag = "rust lang", .count = 3}; }

TEST(TagAssociation, KeyHelpers) {
  EXPECT_EQ(ItemRef(TaggedType::kBookmark, "X"), "bookmark#X");
  EXPECT_EQ(ItemRef(TaggedType::kNote, "X"), "note#X");
  EXPECT_EQ(ItemRef(TaggedType::kWidget, "X"), "widget#X");
  EXPECT_EQ(UserTag("U", "c++"), "U#c++");
  EXPECT_EQ(TagCountRef("U"), "tags#U");
  ASSERT_OK_AND_ASSIGN(auto parsed, ParseItemRef(std::string("note#") + kItem1));
  EXPECT_EQ(parsed.first, TaggedType::kNote);
  EXPECT_EQ(parsed.second, kItem1);
  for (std::string bad : {std::string(""), std::string("note"), std::string("note#"),
                          std::string("tags#") + kUserA, std::string("page#") + kItem1,
                          std::string("Note#") + kItem1, std::string("note#") + kItem1 + "#x"}) {
    auto result = ParseItemRef(bad);
    ASSERT_FALSE(result.ok()) << bad;
    EXPECT_EQ(result.error().rule, "pattern");
    EXPECT_EQ(result.error().field, "item_ref");
  }
}

TEST(TagAssociation, RoundTrips) {
  ExpectRoundTrip(ValidAssociation());
  TagAssociation association = ValidAssociation();
  for (TaggedType type : {TaggedType::kNote, TaggedType::kWidget}) {
    association.item_type = type;
    ExpectRoundTrip(association);
  }
  association.tag = Repeat(kEmoji, kMaxTagChars);
  ExpectRoundTrip(association);
  association.tag = std::string(kCombining) + " c++";
  ExpectRoundTrip(association);
}

TEST(TagAssociation, ItemShape) {
  ddb::Item item = ValidAssociation().ToItem();
  EXPECT_EQ(item.at("item_ref"), AttributeValue::S(std::string("bookmark#") + kItem1));
  EXPECT_EQ(item.at("tag"), AttributeValue::S("rust lang"));
  EXPECT_EQ(item.at("user_tag"), AttributeValue::S(std::string(kUserA) + "#rust lang"));
  EXPECT_EQ(item.at("container_id"), AttributeValue::S(kWidget1));
  EXPECT_EQ(item.size(), 6u);
  EXPECT_EQ(ValidAssociation().Key(),
            (ddb::Item{{"item_ref", AttributeValue::S(std::string("bookmark#") + kItem1)},
                       {"tag", AttributeValue::S("rust lang")}}));
  EXPECT_EQ(TagAssociation::KeyOf(TaggedType::kBookmark, kItem1, "rust lang"),
            ValidAssociation().Key());
  EXPECT_EQ(ValidAssociation().item_ref(), std::string("bookmark#") + kItem1);
}

TEST(TagAssociation, RejectsInvalid) {
  ExpectRejected<TagAssociation>(
      ValidAssociation(),
      {
          {"no item", [](TagAssociation& a) { a.item_id = ""; }, "item_id", "required"},
          {"bad item", [](TagAssociation& a) { a.item_id = "x"; }, "item_id", "pattern"},
          {"no tag", [](TagAssociation& a) { a.tag = ""; }, "tag", "required"},
          {"upper tag", [](TagAssociation& a) { a.tag = "Rust"; }, "tag", "not_normalized"},
          {"hash tag", [](TagAssociation& a) { a.tag = "a#b"; }, "tag", "pattern"},
          {"long tag", [](TagAssociation& a) { a.tag = Repeat(kEmoji, 65); }, "tag", "max_length"},
          {"bad owner", [](TagAssociation& a) { a.user_id = "u"; }, "user_id", "pattern"},
          {"no container", [](TagAssociation& a) { a.container_id = ""; }, "container_id",
           "required"},
          {"bad created", [](TagAssociation& a) { a.created_at = "x"; }, "created_at", "pattern"},
      });
}

TEST(TagAssociation, CorruptItems) {
  ExpectCorruptWithout(ValidAssociation(),
                       {"item_ref", "tag", "user_id", "user_tag", "container_id", "created_at"});
  ExpectCorruptWith(ValidAssociation(), "user_tag",
                    AttributeValue::S(std::string(kUserB) + "#rust lang"));
  ExpectCorruptWith(ValidAssociation(), "user_tag", AttributeValue::S(std::string(kUserA) + "#go"));
  ExpectCorruptWith(ValidAssociation(), "item_ref",
                    AttributeValue::S(std::string("page#") + kItem1));
  // A count item is not an association, and an association is not a count.
  EXPECT_FALSE(TagAssociation::FromItem(ValidCount().ToItem()).ok());
  EXPECT_FALSE(TagCount::FromItem(ValidAssociation().ToItem()).ok());
}

TEST(TagCount, RoundTripsAndShape) {
  ExpectRoundTrip(ValidCount());
  TagCount count = ValidCount();
  count.count = 0;
  ExpectRoundTrip(count);
  count.count = kMaxVersion;
  count.tag = Repeat(kEmoji, kMaxTagChars);
  ExpectRoundTrip(count);

  ddb::Item item = ValidCount().ToItem();
  EXPECT_EQ(item.at("item_ref"), AttributeValue::S(std::string("tags#") + kUserA));
  EXPECT_EQ(item.at("count"), AttributeValue::N("3"));
  EXPECT_FALSE(item.count("user_tag"));  // keeps TagItemsIndex sparse
  EXPECT_EQ(item.size(), 4u);
  EXPECT_EQ(TagCount::KeyOf(kUserA, "rust lang"), ValidCount().Key());
}

TEST(TagCount, RejectsInvalidAndCorrupt) {
  ExpectRejected<TagCount>(
      ValidCount(), {
                        {"bad owner", [](TagCount& c) { c.user_id = ""; }, "user_id", "required"},
                        {"bad tag", [](TagCount& c) { c.tag = "A"; }, "tag", "not_normalized"},
                        {"negative", [](TagCount& c) { c.count = -1; }, "count", "range"},
                        {"huge", [](TagCount& c) { c.count = kMaxVersion + 1; }, "count", "range"},
                    });
  ExpectCorruptWithout(ValidCount(), {"item_ref", "tag", "count", "user_id"});
  ExpectCorruptWith(ValidCount(), "item_ref", AttributeValue::S(std::string("tags#") + kUserB));
  ExpectCorruptWith(ValidCount(), "count", AttributeValue::N("2.5"));
}

}  // namespace
}  // namespace homeboard::model
