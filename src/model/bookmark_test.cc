// Tests for Bookmark: round trips (empty optionals, unicode, every size exactly at its
// limit), item shape, icons (URL and data URI), invalid values with field and rule, corrupt
// items, and the largest item against the doc's estimate.
#include "model/bookmark.h"

#include <gtest/gtest.h>

#include "model/internal/entity_testing.h"
#include "model/limits.h"

namespace homeboard::model {
namespace {

using namespace testing;  // NOLINT: test helpers
using ddb::AttributeValue;

constexpr char kPngIcon[] =
    "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhf"
    "DwAChwGA60e6kgAAAABJRU5ErkJggg==";

Bookmark Minimal() {
  return Bookmark{.widget_id = kWidget1,
                  .bookmark_id = kItem1,
                  .user_id = kUserA,
                  .page_id = kPage1,
                  .group_id = std::nullopt,
                  .url = "https://example.com/",
                  .title = "",
                  .description = "",
                  .icon = std::nullopt,
                  .tags = {},
                  .order_key = "V",
                  .created_at = kCreated,
                  .updated_at = kUpdated,
                  .version = 1};
}

std::string UrlOfBytes(std::size_t bytes) {
  std::string url = "https://example.com/";
  url += std::string(bytes - url.size(), 'p');
  return url;
}

std::string DataIconOfBytes(std::size_t bytes) {
  std::string icon = "data:image/png;base64,";
  std::size_t payload = (bytes - icon.size()) / 4 * 4;
  icon += std::string(payload, 'A');
  return icon;
}

Bookmark Largest() {
  Bookmark bookmark = Minimal();
  bookmark.group_id = kGroup1;
  bookmark.url = UrlOfBytes(kMaxUrlBytes);
  bookmark.title = Repeat(kEmoji, kMaxBookmarkTitleChars);
  bookmark.description = Repeat(kEmoji, kMaxBookmarkDescriptionChars);
  bookmark.icon = DataIconOfBytes(kMaxIconBytes);
  for (int i = 0; i < 20; ++i) bookmark.tags.push_back(Repeat(kEmoji, 63) + char('a' + i));
  bookmark.order_key = std::string(64, 'z');
  bookmark.version = kMaxVersion;
  return bookmark;
}

TEST(Bookmark, RoundTrips) {
  ExpectRoundTrip(Minimal());
  Bookmark full = Minimal();
  full.group_id = kGroup1;
  full.title = std::string("Rust ") + kEmoji + " " + kCombining;
  full.description = "  multi\n\tline\r\n  kept as typed  ";
  full.icon = kPngIcon;
  full.tags = {"c++", "rust", "to-read"};
  full.url = "https://\xe4\xbe\x8b\xe3\x81\x88.jp/\xe3\x83\x91\xe3\x82\xb9";
  ExpectRoundTrip(full);
  full.icon = "https://example.com/favicon.ico";
  ExpectRoundTrip(full);
  ExpectRoundTrip(Largest());
}

TEST(Bookmark, ItemShape) {
  ddb::Item minimal = Minimal().ToItem();
  for (const char* absent : {"group_id", "title", "description", "icon", "tags"}) {
    EXPECT_FALSE(minimal.count(absent)) << absent;
  }
  EXPECT_EQ(minimal.size(), 9u);
  ddb::Item largest = Largest().ToItem();
  EXPECT_TRUE(largest.at("tags").IsSS());
  EXPECT_EQ(largest.at("tags").AsSS().size(), 20u);
  EXPECT_EQ(Minimal().Key(), (ddb::Item{{"widget_id", AttributeValue::S(kWidget1)},
                                        {"bookmark_id", AttributeValue::S(kItem1)}}));
  EXPECT_EQ(Bookmark::KeyOf(kWidget1, kItem1), Minimal().Key());
  // The doc estimates ~34 KB for the largest bookmark.
  std::size_t size = ddb::ItemSize(largest);
  EXPECT_GT(size, 30u * 1024);
  EXPECT_LT(size, 36u * 1024);
}

TEST(Bookmark, Icons) {
  const std::string accepted[] = {
      kPngIcon,
      "DATA:IMAGE/PNG;BASE64,AAAA",
      "data:image/gif;base64,R0lGODlhAQABAAAAACw=",
      "data:image/x-icon;base64,AAABAA==",
      "data:image/vnd.microsoft.icon;base64,AAAB",
      "data:image/jpeg;base64,/9j/",
      "data:image/webp;base64,UklG",
      "http://example.com/favicon.ico",
      DataIconOfBytes(kMaxIconBytes),
  };
  for (const auto& icon : accepted) {
    SCOPED_TRACE(icon.substr(0, 60));
    EXPECT_OK(ValidateBookmarkIcon(icon));
  }
  struct Case {
    std::string icon;
    const char* rule;
  } rejected[] = {
      {"", "required"},
      {"data:image/svg+xml;base64,PHN2Zz4=", "pattern"},
      {"data:text/html;base64,PHNjcmlwdD4=", "pattern"},
      {"data:image/png,rawbytes", "pattern"},
      {"data:image/png;base64,", "pattern"},
      {"data:image/png;base64,AAA", "pattern"},
      {"data:image/png;base64,AA=A", "pattern"},
      {"data:image/png;base64,A===", "pattern"},
      {"data:image/png;base64,AA AA", "pattern"},
      {"data:image/png;base64,AA-_", "pattern"},
      {"data:image/png;charset=utf-8;base64,AAAA", "pattern"},
      {DataIconOfBytes(kMaxIconBytes + 4), "max_length"},
      {"javascript:alert(1)", "url_scheme"},
      {"file:///favicon.ico", "url_scheme"},
      {"https://", "url_host"},
  };
  for (const Case& c : rejected) {
    SCOPED_TRACE(c.icon.substr(0, 60));
    auto status = ValidateBookmarkIcon(c.icon);
    ASSERT_FALSE(status.ok());
    EXPECT_EQ(status.error().rule, c.rule);
    EXPECT_EQ(status.error().field, "icon");
  }
}

TEST(Bookmark, RejectsInvalid) {
  ExpectRejected<Bookmark>(
      Minimal(),
      {
          {"no widget", [](Bookmark& b) { b.widget_id = ""; }, "widget_id", "required"},
          {"bad id", [](Bookmark& b) { b.bookmark_id = "b"; }, "bookmark_id", "pattern"},
          {"bad owner", [](Bookmark& b) { b.user_id = "x"; }, "user_id", "pattern"},
          {"bad page", [](Bookmark& b) { b.page_id = "x"; }, "page_id", "pattern"},
          {"empty group", [](Bookmark& b) { b.group_id = ""; }, "group_id", "required"},
          {"bad group", [](Bookmark& b) { b.group_id = "g"; }, "group_id", "pattern"},
          {"no url", [](Bookmark& b) { b.url = ""; }, "url", "required"},
          {"javascript url", [](Bookmark& b) { b.url = "JaVaScRiPt:alert(1)"; }, "url",
           "url_scheme"},
          {"spaced javascript", [](Bookmark& b) { b.url = " javascript:alert(1)"; }, "url",
           "url_syntax"},
          {"data url", [](Bookmark& b) { b.url = "data:text/html,<b>x</b>"; }, "url", "url_scheme"},
          {"file url", [](Bookmark& b) { b.url = "file:///etc/passwd"; }, "url", "url_scheme"},
          {"no host", [](Bookmark& b) { b.url = "http://"; }, "url", "url_host"},
          {"long url", [](Bookmark& b) { b.url = UrlOfBytes(kMaxUrlBytes + 1); }, "url",
           "max_length"},
          {"long title", [](Bookmark& b) { b.title = Repeat(kEmoji, 501); }, "title", "max_length"},
          {"untrimmed title", [](Bookmark& b) { b.title = "x "; }, "title", "not_normalized"},
          {"long description", [](Bookmark& b) { b.description = Repeat(kEmoji, 4001); },
           "description", "max_length"},
          {"control description",
           [](Bookmark& b) {
             b.description =
                 "a\x1b"
                 "b";
           },
           "description", "control_character"},
          {"bad utf8 description", [](Bookmark& b) { b.description = "\xed\xa0\x80"; },
           "description", "utf8"},
          {"empty icon", [](Bookmark& b) { b.icon = ""; }, "icon", "required"},
          {"svg icon", [](Bookmark& b) { b.icon = "data:image/svg+xml;base64,AAAA"; }, "icon",
           "pattern"},
          {"big icon", [](Bookmark& b) { b.icon = DataIconOfBytes(kMaxIconBytes + 4); }, "icon",
           "max_length"},
          {"upper tag", [](Bookmark& b) { b.tags = {"Rust"}; }, "tags[0]", "not_normalized"},
          {"comma tag", [](Bookmark& b) { b.tags = {"a,b"}; }, "tags[0]", "pattern"},
          {"duplicate tags",
           [](Bookmark& b) {
             b.tags = {"a", "b", "a"};
           },
           "tags[2]", "duplicate"},
          {"21 tags",
           [](Bookmark& b) {
             for (int i = 0; i < 21; ++i) b.tags.push_back("t" + std::to_string(i));
           },
           "tags", "max_count"},
          {"bad order", [](Bookmark& b) { b.order_key = "V0"; }, "order_key", "pattern"},
          {"bad created", [](Bookmark& b) { b.created_at = "x"; }, "created_at", "pattern"},
          {"bad updated", [](Bookmark& b) { b.updated_at = ""; }, "updated_at", "required"},
          {"version 0", [](Bookmark& b) { b.version = 0; }, "version", "range"},
          {"version 2^53+1", [](Bookmark& b) { b.version = kMaxVersion + 1; }, "version", "range"},
      });
}

TEST(Bookmark, CorruptItems) {
  ExpectCorruptWithout(Largest(), {"widget_id", "bookmark_id", "user_id", "page_id", "url",
                                   "order_key", "created_at", "updated_at", "version"});
  ExpectCorruptWith(Minimal(), "title", AttributeValue::N("1"));
  ExpectCorruptWith(Minimal(), "tags", AttributeValue::S("rust"));
  ExpectCorruptWith(Minimal(), "group_id", AttributeValue::Bool(true));
  // An empty optional string written by someone else reads as absent.
  ddb::Item item = Minimal().ToItem();
  item["title"] = AttributeValue::S("");
  ASSERT_OK_AND_ASSIGN(Bookmark bookmark, Bookmark::FromItem(item));
  EXPECT_EQ(bookmark, Minimal());
}

}  // namespace
}  // namespace homeboard::model
