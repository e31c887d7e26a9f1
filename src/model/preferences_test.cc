// Tests for Preferences: defaults, round trips, partial items filled with defaults, item
// shape, invalid values (theme, page id, time zone, locale), and corrupt items.
#include "model/preferences.h"

#include <gtest/gtest.h>

#include "model/internal/entity_testing.h"
#include "model/limits.h"

namespace homeboard::model {
namespace {

using namespace testing;  // NOLINT: test helpers
using ddb::AttributeValue;

Preferences Full() {
  return Preferences{.user_id = kUserA,
                     .theme = Theme::kDark,
                     .default_page_id = kPage1,
                     .time_zone = "Europe/Berlin",
                     .locale = "de-DE",
                     .open_links_in_new_tab = true,
                     .updated_at = kUpdated,
                     .version = 3};
}

TEST(Preferences, Defaults) {
  Preferences defaults = Preferences::Defaults(kUserA);
  EXPECT_EQ(defaults.user_id, kUserA);
  EXPECT_EQ(defaults.theme, Theme::kSystem);
  EXPECT_FALSE(defaults.default_page_id.has_value());
  EXPECT_FALSE(defaults.time_zone.has_value());
  EXPECT_FALSE(defaults.locale.has_value());
  EXPECT_FALSE(defaults.open_links_in_new_tab);
  EXPECT_EQ(defaults.version, 0);
  // Not storable until the first write stamps it.
  auto status = defaults.Validate();
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().field, "updated_at");
  defaults.updated_at = kUpdated;
  defaults.version = 1;
  EXPECT_OK(defaults.Validate());
}

TEST(Preferences, RoundTrips) {
  ExpectRoundTrip(Full());
  Preferences minimal = Preferences::Defaults(kUserA);
  minimal.updated_at = kUpdated;
  minimal.version = 1;
  ExpectRoundTrip(minimal);
  for (Theme theme : {Theme::kLight, Theme::kDark, Theme::kSystem}) {
    Preferences preferences = Full();
    preferences.theme = theme;
    preferences.version = kMaxVersion;
    ExpectRoundTrip(preferences);
  }
}

TEST(Preferences, ItemShape) {
  ddb::Item item = Full().ToItem();
  EXPECT_EQ(item.at("theme"), AttributeValue::S("dark"));
  EXPECT_EQ(item.at("open_links_in_new_tab"), AttributeValue::Bool(true));
  EXPECT_EQ(item.size(), 8u);
  Preferences minimal = Preferences::Defaults(kUserA);
  minimal.updated_at = kUpdated;
  minimal.version = 1;
  item = minimal.ToItem();
  for (const char* absent : {"default_page_id", "time_zone", "locale"}) {
    EXPECT_FALSE(item.count(absent)) << absent;
  }
  EXPECT_EQ(item.at("theme"), AttributeValue::S("system"));
  EXPECT_EQ(Full().Key(), (ddb::Item{{"user_id", AttributeValue::S(kUserA)}}));
  EXPECT_EQ(Preferences::KeyOf(kUserA), Full().Key());
}

TEST(Preferences, PartialItemReadsDefaults) {
  // What a partial update (SET time_zone, updated_at, version) leaves behind.
  ddb::Item item = {{"user_id", AttributeValue::S(kUserA)},
                    {"time_zone", AttributeValue::S("Asia/Tokyo")},
                    {"updated_at", AttributeValue::S(kUpdated)},
                    {"version", AttributeValue::N("1")}};
  ASSERT_OK_AND_ASSIGN(Preferences preferences, Preferences::FromItem(item));
  Preferences expected = Preferences::Defaults(kUserA);
  expected.time_zone = "Asia/Tokyo";
  expected.updated_at = kUpdated;
  expected.version = 1;
  EXPECT_EQ(preferences, expected);
}

TEST(Preferences, RejectsInvalid) {
  ExpectRejected<Preferences>(
      Full(),
      {
          {"no user", [](Preferences& p) { p.user_id = ""; }, "user_id", "required"},
          {"bad page", [](Preferences& p) { p.default_page_id = "home"; }, "default_page_id",
           "pattern"},
          {"empty page", [](Preferences& p) { p.default_page_id = ""; }, "default_page_id",
           "required"},
          {"bad zone", [](Preferences& p) { p.time_zone = "Europe//Berlin"; }, "time_zone",
           "pattern"},
          {"zone traversal", [](Preferences& p) { p.time_zone = "../../etc/passwd"; }, "time_zone",
           "pattern"},
          {"long zone", [](Preferences& p) { p.time_zone = std::string(65, 'A'); }, "time_zone",
           "max_length"},
          {"bad locale", [](Preferences& p) { p.locale = "en_US"; }, "locale", "pattern"},
          {"short locale", [](Preferences& p) { p.locale = "e"; }, "locale", "pattern"},
          {"long locale", [](Preferences& p) { p.locale = std::string(36, 'a'); }, "locale",
           "max_length"},
          {"no updated", [](Preferences& p) { p.updated_at = ""; }, "updated_at", "required"},
          {"version 0", [](Preferences& p) { p.version = 0; }, "version", "range"},
      });
}

TEST(Preferences, CorruptItems) {
  ExpectCorruptWithout(Full(), {"user_id", "updated_at", "version"});
  ExpectCorruptWith(Full(), "theme", AttributeValue::S("solarized"));
  ExpectCorruptWith(Full(), "theme", AttributeValue::N("1"));
  ExpectCorruptWith(Full(), "open_links_in_new_tab", AttributeValue::S("yes"));
  ExpectCorruptWith(Full(), "locale", AttributeValue::SS({"en"}));
}

TEST(Preferences, ParseTheme) {
  ASSERT_OK_AND_ASSIGN(Theme theme, ParseTheme("light"));
  EXPECT_EQ(theme, Theme::kLight);
  auto bad = ParseTheme("Dark");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().rule, "enum");
  EXPECT_EQ(bad.error().field, "theme");
}

}  // namespace
}  // namespace homeboard::model
