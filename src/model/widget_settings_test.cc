// Tests for widget kinds and per-kind settings: every documented key accepted at its bounds,
// wrong types, out-of-range numbers, bad URLs, missing required keys, unknown keys named,
// and the 16 KiB size limit.
#include "model/widget_settings.h"

#include <gtest/gtest.h>

#include <string>

#include "model/limits.h"
#include "testing/status_matchers.h"

namespace homeboard::model {
namespace {

using ddb::AttributeValue;
using ddb::Item;

TEST(WidgetSettings, KindNames) {
  for (WidgetKind kind : {WidgetKind::kBookmarks, WidgetKind::kNotes, WidgetKind::kClock,
                          WidgetKind::kSearch, WidgetKind::kRss, WidgetKind::kEmbed}) {
    ASSERT_OK_AND_ASSIGN(WidgetKind parsed, ParseWidgetKind(WidgetKindName(kind)));
    EXPECT_EQ(parsed, kind);
  }
  for (const char* bad : {"", "Bookmarks", "weather", "rss "}) {
    auto parsed = ParseWidgetKind(bad);
    ASSERT_FALSE(parsed.ok()) << bad;
    EXPECT_EQ(parsed.error().rule, "enum");
    EXPECT_EQ(parsed.error().field, "kind");
  }
}

TEST(WidgetSettings, AcceptsDocumentedSettings) {
  struct Case {
    WidgetKind kind;
    Item settings;
  } cases[] = {
      {WidgetKind::kBookmarks, {}},
      {WidgetKind::kBookmarks,
       {{"tag_query", AttributeValue::S("rust -archived")},
        {"show_icons", AttributeValue::Bool(true)},
        {"columns", AttributeValue::N("1")}}},
      {WidgetKind::kBookmarks, {{"columns", AttributeValue::N("4")}}},
      {WidgetKind::kBookmarks, {{"tag_query", AttributeValue::S(std::string(500, 'q'))}}},
      {WidgetKind::kNotes, {{"show_preview", AttributeValue::Bool(false)}}},
      {WidgetKind::kClock,
       {{"time_zone", AttributeValue::S("America/Argentina/Buenos_Aires")},
        {"format", AttributeValue::S("24h")}}},
      {WidgetKind::kClock, {{"format", AttributeValue::S("12h")}}},
      {WidgetKind::kSearch,
       {{"engine_url", AttributeValue::S("https://duckduckgo.com/?q={query}")}}},
      {WidgetKind::kRss, {{"feed_url", AttributeValue::S("http://example.com/feed.xml")}}},
      {WidgetKind::kRss,
       {{"feed_url", AttributeValue::S("https://example.com/feed")},
        {"max_items", AttributeValue::N("50")}}},
      {WidgetKind::kRss,
       {{"feed_url", AttributeValue::S("https://example.com/feed")},
        {"max_items", AttributeValue::N("1")}}},
      {WidgetKind::kEmbed,
       {{"url", AttributeValue::S("https://example.com/embed")},
        {"height", AttributeValue::N("50")}}},
      {WidgetKind::kEmbed,
       {{"url", AttributeValue::S("https://example.com/embed")},
        {"height", AttributeValue::N("2000")}}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(std::string(WidgetKindName(c.kind)));
    EXPECT_OK(ValidateWidgetSettings(c.kind, c.settings));
  }
}

TEST(WidgetSettings, RejectsBadSettings) {
  const AttributeValue kFeed = AttributeValue::S("https://example.com/feed");
  const AttributeValue kEmbedUrl = AttributeValue::S("https://example.com/embed");
  struct Case {
    const char* name;
    WidgetKind kind;
    Item settings;
    const char* field;
    const char* rule;
  } cases[] = {
      {"unknown key",
       WidgetKind::kNotes,
       {{"colour", AttributeValue::S("red")}},
       "settings.colour",
       "unknown_key"},
      {"other kind's key",
       WidgetKind::kNotes,
       {{"show_icons", AttributeValue::Bool(true)}},
       "settings.show_icons",
       "unknown_key"},
      {"show_icons as S",
       WidgetKind::kBookmarks,
       {{"show_icons", AttributeValue::S("true")}},
       "settings.show_icons",
       "type"},
      {"columns as S",
       WidgetKind::kBookmarks,
       {{"columns", AttributeValue::S("2")}},
       "settings.columns",
       "type"},
      {"columns fraction",
       WidgetKind::kBookmarks,
       {{"columns", AttributeValue::N("2.5")}},
       "settings.columns",
       "type"},
      {"columns non-canonical",
       WidgetKind::kBookmarks,
       {{"columns", AttributeValue::N("02")}},
       "settings.columns",
       "type"},
      {"columns 0",
       WidgetKind::kBookmarks,
       {{"columns", AttributeValue::N("0")}},
       "settings.columns",
       "range"},
      {"columns 5",
       WidgetKind::kBookmarks,
       {{"columns", AttributeValue::N("5")}},
       "settings.columns",
       "range"},
      {"empty tag query",
       WidgetKind::kBookmarks,
       {{"tag_query", AttributeValue::S("")}},
       "settings.tag_query",
       "required"},
      {"long tag query",
       WidgetKind::kBookmarks,
       {{"tag_query", AttributeValue::S(std::string(501, 'q'))}},
       "settings.tag_query",
       "max_length"},
      {"multi-line tag query",
       WidgetKind::kBookmarks,
       {{"tag_query", AttributeValue::S("a\nb")}},
       "settings.tag_query",
       "not_normalized"},
      {"bad zone",
       WidgetKind::kClock,
       {{"time_zone", AttributeValue::S("../etc/passwd")}},
       "settings.time_zone",
       "pattern"},
      {"bad format",
       WidgetKind::kClock,
       {{"format", AttributeValue::S("24H")}},
       "settings.format",
       "enum"},
      {"engine without placeholder",
       WidgetKind::kSearch,
       {{"engine_url", AttributeValue::S("https://duckduckgo.com/?q=")}},
       "settings.engine_url",
       "pattern"},
      {"engine javascript",
       WidgetKind::kSearch,
       {{"engine_url", AttributeValue::S("javascript:alert('{query}')")}},
       "settings.engine_url",
       "url_scheme"},
      {"rss without feed", WidgetKind::kRss, {}, "settings.feed_url", "required"},
      {"rss feed file",
       WidgetKind::kRss,
       {{"feed_url", AttributeValue::S("file:///etc/passwd")}},
       "settings.feed_url",
       "url_scheme"},
      {"rss max 0",
       WidgetKind::kRss,
       {{"feed_url", kFeed}, {"max_items", AttributeValue::N("0")}},
       "settings.max_items",
       "range"},
      {"rss max 51",
       WidgetKind::kRss,
       {{"feed_url", kFeed}, {"max_items", AttributeValue::N("51")}},
       "settings.max_items",
       "range"},
      {"rss max negative",
       WidgetKind::kRss,
       {{"feed_url", kFeed}, {"max_items", AttributeValue::N("-5")}},
       "settings.max_items",
       "range"},
      {"embed without url",
       WidgetKind::kEmbed,
       {{"height", AttributeValue::N("100")}},
       "settings.url",
       "required"},
      {"embed over http",
       WidgetKind::kEmbed,
       {{"url", AttributeValue::S("http://example.com/")}},
       "settings.url",
       "url_scheme"},
      {"embed height 49",
       WidgetKind::kEmbed,
       {{"url", kEmbedUrl}, {"height", AttributeValue::N("49")}},
       "settings.height",
       "range"},
      {"embed height 2001",
       WidgetKind::kEmbed,
       {{"url", kEmbedUrl}, {"height", AttributeValue::N("2001")}},
       "settings.height",
       "range"},
      {"embed height huge",
       WidgetKind::kEmbed,
       {{"url", kEmbedUrl}, {"height", AttributeValue::N("1E+100")}},
       "settings.height",
       "type"},
      {"nested map",
       WidgetKind::kEmbed,
       {{"url", AttributeValue::M({{"a", AttributeValue::S("b")}})}},
       "settings.url",
       "type"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    auto status = ValidateWidgetSettings(c.kind, c.settings);
    ASSERT_FALSE(status.ok());
    EXPECT_EQ(status.error().field, c.field);
    EXPECT_EQ(status.error().rule, c.rule);
    EXPECT_NE(status.error().message.find(c.field), std::string::npos);
  }
}

TEST(WidgetSettings, SizeLimit) {
  // Only junk can reach 16 KiB (every documented key is bounded); size is checked first.
  Item huge = {{"junk", AttributeValue::S(std::string(kMaxWidgetSettingsBytes, 'x'))}};
  auto status = ValidateWidgetSettings(WidgetKind::kNotes, huge);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().field, "settings");
  EXPECT_EQ(status.error().rule, "max_size");
  // The largest valid settings are well under the limit.
  Item largest = {{"tag_query", AttributeValue::S(std::string(2000, 'q'))}};
  EXPECT_LT(AttributeValue::M(largest).ApproximateSize(), kMaxWidgetSettingsBytes);
}

TEST(WidgetSettings, FieldPrefix) {
  auto status = ValidateWidgetSettings(WidgetKind::kRss, {}, "widget.settings");
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().field, "widget.settings.feed_url");
}

}  // namespace
}  // namespace homeboard::model
