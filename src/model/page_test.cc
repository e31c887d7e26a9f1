// Tests for Page: round trips (unicode, limits, deleting flag, version extremes), item shape,
// invalid values with field and rule, corrupt items.
#include "model/page.h"

#include <gtest/gtest.h>

#include "model/internal/entity_testing.h"
#include "model/limits.h"
#include "model/order_key.h"

namespace homeboard::model {
namespace {

using namespace testing;  // NOLINT: test helpers
using ddb::AttributeValue;

Page ValidPage() {
  return Page{.user_id = kUserA,
              .page_id = kPage1,
              .title = "Home",
              .order_key = "V",
              .deleting = false,
              .created_at = kCreated,
              .updated_at = kUpdated,
              .version = 1};
}

TEST(Page, RoundTrips) {
  ExpectRoundTrip(ValidPage());
  Page page = ValidPage();
  page.deleting = true;
  page.title = std::string(kCombining) + " caf\xc3\xa9 " + kEmoji;
  ExpectRoundTrip(page);
  page.title = Repeat(kEmoji, kMaxTitleChars);
  page.order_key = std::string(kMaxOrderKeyLength, 'z');
  page.version = kMaxVersion;
  ExpectRoundTrip(page);
  page.title = "x";
  page.order_key = "1";
  ExpectRoundTrip(page);
}

TEST(Page, ItemShape) {
  ddb::Item item = ValidPage().ToItem();
  EXPECT_EQ(item.size(), 7u);
  EXPECT_FALSE(item.count("deleting"));  // stored only when set
  EXPECT_EQ(item.at("version"), AttributeValue::N("1"));
  Page deleting = ValidPage();
  deleting.deleting = true;
  EXPECT_EQ(deleting.ToItem().at("deleting"), AttributeValue::Bool(true));
  EXPECT_EQ(ValidPage().Key(), (ddb::Item{{"user_id", AttributeValue::S(kUserA)},
                                          {"page_id", AttributeValue::S(kPage1)}}));
  EXPECT_EQ(Page::KeyOf(kUserA, kPage1), ValidPage().Key());
  // An explicit false reads as not deleting.
  item["deleting"] = AttributeValue::Bool(false);
  ASSERT_OK_AND_ASSIGN(Page page, Page::FromItem(item));
  EXPECT_FALSE(page.deleting);
  // The largest page item stays small (~1.2 KB in the doc).
  Page largest = ValidPage();
  largest.title = Repeat(kEmoji, kMaxTitleChars);
  largest.order_key = std::string(kMaxOrderKeyLength, 'z');
  EXPECT_LT(ddb::ItemSize(largest.ToItem()), 1200u);
}

TEST(Page, RejectsInvalid) {
  ExpectRejected<Page>(
      ValidPage(),
      {
          {"no owner", [](Page& p) { p.user_id = ""; }, "user_id", "required"},
          {"bad owner", [](Page& p) { p.user_id = "alice"; }, "user_id", "pattern"},
          {"bad id", [](Page& p) { p.page_id = std::string(kPage1) + "X"; }, "page_id", "pattern"},
          {"no title", [](Page& p) { p.title = ""; }, "title", "required"},
          {"blank title", [](Page& p) { p.title = " "; }, "title", "not_normalized"},
          {"long title", [](Page& p) { p.title = std::string(201, 't'); }, "title", "max_length"},
          {"long emoji title", [](Page& p) { p.title = Repeat(kEmoji, 201); }, "title",
           "max_length"},
          {"newline title", [](Page& p) { p.title = "a\nb"; }, "title", "not_normalized"},
          {"no order", [](Page& p) { p.order_key = ""; }, "order_key", "required"},
          {"bad order", [](Page& p) { p.order_key = "V0"; }, "order_key", "pattern"},
          {"long order", [](Page& p) { p.order_key = std::string(65, 'z'); }, "order_key",
           "max_length"},
          {"bad created", [](Page& p) { p.created_at = "2026-11-25T08:40:17.123+00:00"; },
           "created_at", "pattern"},
          {"no updated", [](Page& p) { p.updated_at = ""; }, "updated_at", "required"},
          {"version 0", [](Page& p) { p.version = 0; }, "version", "range"},
          {"version huge", [](Page& p) { p.version = INT64_MAX; }, "version", "range"},
      });
}

TEST(Page, CorruptItems) {
  ExpectCorruptWithout(ValidPage(), {"user_id", "page_id", "title", "order_key", "created_at",
                                     "updated_at", "version"});
  ExpectCorruptWith(ValidPage(), "deleting", AttributeValue::S("true"));
  ExpectCorruptWith(ValidPage(), "title", AttributeValue::SS({"a"}));
}

}  // namespace
}  // namespace homeboard::model
