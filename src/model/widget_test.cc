// Tests for Widget: round trips (settings map, tags set, unicode, columns 0..5, version
// extremes), item shape, invalid values with field and rule, corrupt items.
#include "model/widget.h"

#include <gtest/gtest.h>

#include "model/internal/entity_testing.h"
#include "model/limits.h"

namespace homeboard::model {
namespace {

using namespace testing;  // NOLINT: test helpers
using ddb::AttributeValue;

Widget ValidWidget() {
  return Widget{.page_id = kPage1,
                .widget_id = kWidget1,
                .user_id = kUserA,
                .kind = WidgetKind::kRss,
                .title = "News",
                .column = 0,
                .order_key = "V",
                .settings = {{"feed_url", AttributeValue::S("https://example.com/feed")},
                             {"max_items", AttributeValue::N("10")}},
                .tags = {"news", "to-read"},
                .created_at = kCreated,
                .updated_at = kUpdated,
                .version = 1};
}

std::vector<std::string> TwentyTags() {
  std::vector<std::string> tags;
  for (int i = 0; i < 20; ++i) tags.push_back(Repeat(kEmoji, 63) + static_cast<char>('a' + i));
  std::sort(tags.begin(), tags.end());
  return tags;
}

TEST(Widget, RoundTrips) {
  ExpectRoundTrip(ValidWidget());
  Widget widget = ValidWidget();
  widget.kind = WidgetKind::kNotes;
  widget.settings = {};
  widget.tags = {};
  widget.title = std::string(kCombining) + kEmoji;
  ExpectRoundTrip(widget);
  widget.column = kMaxColumns - 1;
  widget.version = kMaxVersion;
  widget.title = Repeat(kEmoji, kMaxTitleChars);
  widget.tags = TwentyTags();
  widget.kind = WidgetKind::kClock;
  widget.settings = {{"time_zone", AttributeValue::S("Europe/Berlin")},
                     {"format", AttributeValue::S("12h")}};
  ExpectRoundTrip(widget);
  for (WidgetKind kind :
       {WidgetKind::kBookmarks, WidgetKind::kNotes, WidgetKind::kClock, WidgetKind::kSearch}) {
    widget.kind = kind;
    widget.settings = {};
    ExpectRoundTrip(widget);
  }
}

TEST(Widget, ItemShape) {
  ddb::Item item = ValidWidget().ToItem();
  EXPECT_EQ(item.at("kind"), AttributeValue::S("rss"));
  EXPECT_EQ(item.at("column"), AttributeValue::N("0"));
  EXPECT_TRUE(item.at("settings").IsM());
  EXPECT_EQ(item.at("tags"), AttributeValue::SS({"news", "to-read"}));
  Widget bare = ValidWidget();
  bare.kind = WidgetKind::kNotes;
  bare.settings = {};
  bare.tags = {};
  item = bare.ToItem();
  EXPECT_FALSE(item.count("settings"));
  EXPECT_FALSE(item.count("tags"));
  EXPECT_EQ(ValidWidget().Key(), (ddb::Item{{"page_id", AttributeValue::S(kPage1)},
                                            {"widget_id", AttributeValue::S(kWidget1)}}));
  EXPECT_EQ(Widget::KeyOf(kPage1, kWidget1), ValidWidget().Key());
}

TEST(Widget, TagsComeBackSortedWhateverTheSetOrder) {
  ddb::Item item = ValidWidget().ToItem();
  item["tags"] = AttributeValue::SS({"to-read", "news"});
  ASSERT_OK_AND_ASSIGN(Widget widget, Widget::FromItem(item));
  EXPECT_EQ(widget.tags, (std::vector<std::string>{"news", "to-read"}));
}

TEST(Widget, LargestItemIsUnderTheDocBound) {
  Widget widget = ValidWidget();
  widget.kind = WidgetKind::kBookmarks;
  widget.title = Repeat(kEmoji, kMaxTitleChars);
  widget.tags = TwentyTags();
  widget.settings = {{"tag_query", AttributeValue::S(Repeat(kEmoji, 500))},
                     {"show_icons", AttributeValue::Bool(true)},
                     {"columns", AttributeValue::N("4")}};
  ASSERT_OK(widget.Validate());
  EXPECT_LT(ddb::ItemSize(widget.ToItem()), 18u * 1024);
}

TEST(Widget, RejectsInvalid) {
  ExpectRejected<Widget>(
      ValidWidget(),
      {
          {"no page", [](Widget& w) { w.page_id = ""; }, "page_id", "required"},
          {"bad widget id", [](Widget& w) { w.widget_id = "w1"; }, "widget_id", "pattern"},
          {"bad owner", [](Widget& w) { w.user_id = "u#x"; }, "user_id", "pattern"},
          {"no title", [](Widget& w) { w.title = ""; }, "title", "required"},
          {"long title", [](Widget& w) { w.title = Repeat(kEmoji, 201); }, "title", "max_length"},
          {"column -1", [](Widget& w) { w.column = -1; }, "column", "range"},
          {"column 6", [](Widget& w) { w.column = kMaxColumns; }, "column", "range"},
          {"bad order", [](Widget& w) { w.order_key = "a b"; }, "order_key", "pattern"},
          {"unknown setting", [](Widget& w) { w.settings["colour"] = AttributeValue::S("red"); },
           "settings.colour", "unknown_key"},
          {"missing feed", [](Widget& w) { w.settings.erase("feed_url"); }, "settings.feed_url",
           "required"},
          {"kind mismatch", [](Widget& w) { w.kind = WidgetKind::kEmbed; }, "settings.feed_url",
           "unknown_key"},
          {"feed javascript",
           [](Widget& w) { w.settings["feed_url"] = AttributeValue::S("javascript:x"); },
           "settings.feed_url", "url_scheme"},
          {"upper tag", [](Widget& w) { w.tags = {"News"}; }, "tags[0]", "not_normalized"},
          {"hash tag",
           [](Widget& w) {
             w.tags = {"a", "#b"};
           },
           "tags[1]", "pattern"},
          {"duplicate tag",
           [](Widget& w) {
             w.tags = {"a", "a"};
           },
           "tags[1]", "duplicate"},
          {"21 tags",
           [](Widget& w) {
             w.tags = TwentyTags();
             w.tags.push_back("extra");
           },
           "tags", "max_count"},
          {"long tag", [](Widget& w) { w.tags = {Repeat(kEmoji, 65)}; }, "tags[0]", "max_length"},
          {"bad created", [](Widget& w) { w.created_at = "x"; }, "created_at", "pattern"},
          {"bad updated", [](Widget& w) { w.updated_at = ""; }, "updated_at", "required"},
          {"version 0", [](Widget& w) { w.version = 0; }, "version", "range"},
      });
}

TEST(Widget, CorruptItems) {
  ExpectCorruptWithout(ValidWidget(), {"page_id", "widget_id", "user_id", "kind", "title", "column",
                                       "order_key", "created_at", "updated_at", "version"});
  ExpectCorruptWith(ValidWidget(), "kind", AttributeValue::S("weather"));
  ExpectCorruptWith(ValidWidget(), "settings", AttributeValue::S("{}"));
  ExpectCorruptWith(ValidWidget(), "tags", AttributeValue::L({AttributeValue::S("a")}));
  ExpectCorruptWith(ValidWidget(), "column", AttributeValue::N("99999999999"));
  ExpectCorruptWith(ValidWidget(), "column", AttributeValue::N("0.5"));
  // A column in int range but out of bounds is a validation error.
  ddb::Item item = ValidWidget().ToItem();
  item["column"] = AttributeValue::N("6");
  auto result = Widget::FromItem(item);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().rule, "range");
}

}  // namespace
}  // namespace homeboard::model
