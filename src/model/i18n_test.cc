// Tests for the time zone name and language tag shape checks.
#include "model/i18n.h"

#include <gtest/gtest.h>

#include <string>

#include "testing/status_matchers.h"

namespace homeboard::model {
namespace {

TEST(I18n, TimeZoneNames) {
  for (const char* name : {"UTC", "Europe/Berlin", "America/Argentina/Buenos_Aires", "Etc/GMT+5",
                           "Etc/GMT-14", "America/Port-au-Prince", "EST5EDT", "GMT0"}) {
    SCOPED_TRACE(name);
    EXPECT_OK(ValidateTimeZoneName(name, "time_zone"));
  }
  struct Case {
    std::string name;
    const char* rule;
  } cases[] = {
      {"", "required"},
      {std::string(65, 'A'), "max_length"},
      {"Europe/", "pattern"},
      {"/Europe", "pattern"},
      {"Europe//Berlin", "pattern"},
      {"../etc/passwd", "pattern"},
      {"Europe/Ber lin", "pattern"},
      {"+02:00", "pattern"},
      {"1Europe", "pattern"},
      {"Europe\\Berlin", "pattern"},
      {"Europe/Z\xc3\xbcrich", "pattern"},
  };
  for (const Case& c : cases) {
    auto status = ValidateTimeZoneName(c.name, "settings.time_zone");
    ASSERT_FALSE(status.ok()) << c.name;
    EXPECT_EQ(status.error().rule, c.rule) << c.name;
    EXPECT_EQ(status.error().field, "settings.time_zone");
  }
}

TEST(I18n, LanguageTags) {
  for (const char* tag : {"en", "en-US", "zh-Hant-TW", "es-419", "de-CH-1996", "sr-Latn-RS", "fil",
                          "gsw-u-sd-chzh"}) {
    SCOPED_TRACE(tag);
    EXPECT_OK(ValidateLanguageTag(tag, "locale"));
  }
  struct Case {
    std::string tag;
    const char* rule;
  } cases[] = {
      {"", "required"},
      {std::string(36, 'a'), "max_length"},
      {"e", "pattern"},
      {"en_US", "pattern"},
      {"en-", "pattern"},
      {"-en", "pattern"},
      {"en--US", "pattern"},
      {"12", "pattern"},
      {"en-verylongsubtag", "pattern"},
      {"en US", "pattern"},
  };
  for (const Case& c : cases) {
    auto status = ValidateLanguageTag(c.tag, "locale");
    ASSERT_FALSE(status.ok()) << c.tag;
    EXPECT_EQ(status.error().rule, c.rule) << c.tag;
  }
}

}  // namespace
}  // namespace homeboard::model
