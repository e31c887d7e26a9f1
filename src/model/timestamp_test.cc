// Tests for RFC 3339 timestamps: formatting, round trips, offsets normalised to UTC, and
// hostile parser inputs that must fail cleanly.
#include "model/timestamp.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "testing/status_matchers.h"

namespace homeboard::model {
namespace {

using std::chrono::milliseconds;

Time AtMillis(std::int64_t millis) { return Time(milliseconds(millis)); }

TEST(Timestamp, FormatsUtcWithMilliseconds) {
  EXPECT_EQ(FormatTimestamp(AtMillis(0)), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(FormatTimestamp(AtMillis(1'795'596'017'123)), "2026-11-25T08:40:17.123Z");
  EXPECT_EQ(FormatTimestamp(AtMillis(-1)), "1969-12-31T23:59:59.999Z");
  EXPECT_EQ(FormatTimestamp(AtMillis(951'782'400'000)), "2000-02-29T00:00:00.000Z");
  // Sub-millisecond precision is rounded down, also before 1970.
  EXPECT_EQ(FormatTimestamp(Time(std::chrono::microseconds(1999))), "1970-01-01T00:00:00.001Z");
  EXPECT_EQ(FormatTimestamp(Time(std::chrono::microseconds(-1))), "1969-12-31T23:59:59.999Z");
}

TEST(Timestamp, RoundTripsRandomTimes) {
  std::mt19937_64 random(20261125);
  // 1678..2261, the range system_clock holds.
  std::uniform_int_distribution<std::int64_t> millis(-9'200'000'000'000, 9'200'000'000'000);
  for (int i = 0; i < 5000; ++i) {
    Time time = AtMillis(millis(random));
    std::string text = FormatTimestamp(time);
    ASSERT_EQ(text.size(), kTimestampLength) << text;
    ASSERT_TRUE(IsCanonicalTimestamp(text)) << text;
    ASSERT_OK_AND_ASSIGN(Time parsed, ParseTimestamp(text));
    ASSERT_EQ(parsed, time) << text;
  }
}

TEST(Timestamp, SortsAsStrings) {
  std::mt19937_64 random(7);
  std::uniform_int_distribution<std::int64_t> millis(0, 8'000'000'000'000);
  for (int i = 0; i < 2000; ++i) {
    std::int64_t a = millis(random);
    std::int64_t b = millis(random);
    EXPECT_EQ(a < b, FormatTimestamp(AtMillis(a)) < FormatTimestamp(AtMillis(b)));
  }
}

TEST(Timestamp, ParsesOffsetsAndOptionalFraction) {
  struct Case {
    const char* text;
    const char* utc;
  } cases[] = {
      {"2026-11-25T08:40:17.123Z", "2026-11-25T08:40:17.123Z"},
      {"2026-11-25T08:40:17Z", "2026-11-25T08:40:17.000Z"},
      {"2026-11-25T10:40:17.123+02:00", "2026-11-25T08:40:17.123Z"},
      {"2026-11-25T01:10:17.5-07:30", "2026-11-25T08:40:17.500Z"},
      {"2026-11-25t08:40:17.123z", "2026-11-25T08:40:17.123Z"},
      {"2026-01-01T00:30:00+01:00", "2025-12-31T23:30:00.000Z"},
      {"2026-11-25T08:40:17.1239999999999Z", "2026-11-25T08:40:17.123Z"},
      {"2024-02-29T23:59:59.999-00:00", "2024-02-29T23:59:59.999Z"},
      {"2026-11-25T08:40:17.123+23:59", "2026-11-24T08:41:17.123Z"},
  };
  for (const Case& c : cases) {
    ASSERT_OK_AND_ASSIGN(Time parsed, ParseTimestamp(c.text));
    EXPECT_EQ(FormatTimestamp(parsed), c.utc) << c.text;
  }
}

TEST(Timestamp, RejectsHostileInputs) {
  struct Case {
    std::string text;
    const char* rule;
  } cases[] = {
      {"", "pattern"},
      {"2026", "pattern"},
      {"2026-11-25", "pattern"},
      {"2026-11-25T08:40Z", "pattern"},
      {"2026-11-25 08:40:17Z", "pattern"},
      {"2026-11-25T08:40:17.Z", "pattern"},
      {"2026-11-25T08:40:17.123", "pattern"},
      {"2026-11-25T08:40:17.123Zjunk", "pattern"},
      {"2026-11-25T08:40:17.123+0200", "pattern"},
      {"2026-11-25T08:40:17.123+02", "pattern"},
      {"2026-11-25T08:40:17.123+", "pattern"},
      {" 2026-11-25T08:40:17.123Z", "pattern"},
      {"2026-11-25T08:40:17.123Z ", "pattern"},
      {"+2026-11-25T08:40:17.123Z", "pattern"},
      {"20261-11-25T08:40:17.123Z", "pattern"},
      {"2026-1-25T08:40:17.123Z", "pattern"},
      {"2026-11-25T08:40:17,123Z", "pattern"},
      {"２０２６-11-25T08:40:17Z", "pattern"},  // full-width digits
      {std::string("2026-11-25T08:40:17\0Z", 21), "pattern"},
      {std::string(100000, '9'), "pattern"},
      {"2026-11-25T08:40:17." + std::string(100000, '1'), "pattern"},
      {"2026-13-01T00:00:00Z", "range"},
      {"2026-00-01T00:00:00Z", "range"},
      {"2026-02-29T00:00:00Z", "range"},
      {"2026-04-31T00:00:00Z", "range"},
      {"2026-11-00T00:00:00Z", "range"},
      {"2026-11-25T24:00:00Z", "range"},
      {"2026-11-25T23:60:00Z", "range"},
      {"2026-11-25T23:59:60Z", "range"},  // leap seconds are not accepted
      {"2026-11-25T08:40:17+24:00", "range"},
      {"2026-11-25T08:40:17+01:60", "range"},
      {"9999-12-31T23:59:59.999Z", "range"},  // beyond system_clock
      {"0000-01-01T00:00:00Z", "range"},
      {"1677-01-01T00:00:00Z", "range"},
  };
  for (const Case& c : cases) {
    auto parsed = ParseTimestamp(c.text, "created_at");
    ASSERT_FALSE(parsed.ok()) << c.text.substr(0, 60);
    EXPECT_EQ(parsed.error().rule, c.rule) << c.text.substr(0, 60);
    EXPECT_EQ(parsed.error().field, "created_at");
    EXPECT_LT(parsed.error().message.size(), 200u) << "echoes the input unbounded";
  }
}

TEST(Timestamp, ParsesEveryPrefixOfAValidTimestampWithoutCrashing) {
  std::string text = "2026-11-25T10:40:17.123456789+02:00";
  for (std::size_t n = 0; n < text.size(); ++n) {
    EXPECT_FALSE(ParseTimestamp(text.substr(0, n)).ok()) << text.substr(0, n);
  }
  EXPECT_TRUE(ParseTimestamp(text).ok());
}

TEST(Timestamp, RandomBytesNeverCrash) {
  std::mt19937 random(99);
  const std::string alphabet("0123456789-:TZtz.+ \0\xff", 21);
  for (int i = 0; i < 20000; ++i) {
    std::string text(random() % 40, ' ');
    for (char& c : text) c = alphabet[random() % alphabet.size()];
    auto parsed = ParseTimestamp(text);
    if (parsed.ok()) {
      // Whatever parses must format to a canonical timestamp.
      EXPECT_TRUE(IsCanonicalTimestamp(FormatTimestamp(*parsed)));
    }
  }
}

TEST(Timestamp, CanonicalFormIsExact) {
  EXPECT_TRUE(IsCanonicalTimestamp("2026-11-25T08:40:17.123Z"));
  EXPECT_FALSE(IsCanonicalTimestamp("2026-11-25T08:40:17Z"));
  EXPECT_FALSE(IsCanonicalTimestamp("2026-11-25T08:40:17.1230Z"));
  EXPECT_FALSE(IsCanonicalTimestamp("2026-11-25t08:40:17.123Z"));
  EXPECT_FALSE(IsCanonicalTimestamp("2026-11-25T08:40:17.123z"));
  EXPECT_FALSE(IsCanonicalTimestamp("2026-11-25T10:40:17.123+02:00"));
  EXPECT_FALSE(IsCanonicalTimestamp("2026-02-30T08:40:17.123Z"));
  EXPECT_FALSE(IsCanonicalTimestamp(""));

  EXPECT_OK(ValidateTimestamp("2026-11-25T08:40:17.123Z", "updated_at"));
  auto missing = ValidateTimestamp("", "updated_at");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().rule, "required");
  auto loose = ValidateTimestamp("2026-11-25T08:40:17Z", "updated_at");
  ASSERT_FALSE(loose.ok());
  EXPECT_EQ(loose.error().field, "updated_at");
  EXPECT_EQ(loose.error().rule, "pattern");
}

TEST(Timestamp, EpochSeconds) {
  EXPECT_EQ(ToEpochSeconds(AtMillis(1'795'596'017'999)), 1'795'596'017);
  EXPECT_EQ(ToEpochSeconds(AtMillis(-1)), -1);
  EXPECT_EQ(FromEpochSeconds(1'795'596'017), AtMillis(1'795'596'017'000));
  EXPECT_EQ(FromEpochSeconds(INT64_MAX), Time::max());
  EXPECT_EQ(FromEpochSeconds(INT64_MIN), Time::min());
}

// IsCanonicalTimestamp no longer formats to compare; it must still mean "FormatTimestamp
// gives this text back", on near misses of canonical timestamps and on the supported range's
// edges.
TEST(Timestamp, CanonicalMeansFormatRoundTrips) {
  auto reference = [](std::string_view text) {
    if (text.size() != kTimestampLength) return false;
    auto parsed = ParseTimestamp(text);
    return parsed.ok() && FormatTimestamp(*parsed) == text;
  };
  std::vector<std::string> texts = {"1677-09-21T00:12:43.145Z", "1677-09-21T00:12:44.000Z",
                                    "1678-01-01T00:00:00.000Z", "2262-04-11T23:47:16.854Z",
                                    "2262-04-11T23:47:17.000Z", "2261-12-31T23:59:59.999Z",
                                    "0000-01-01T00:00:00.000Z", "9999-12-31T23:59:59.999Z",
                                    "2024-02-29T12:00:00.000Z", "2023-02-29T12:00:00.000Z"};
  std::mt19937 random(7);
  const std::string alphabet = "0123456789-:.TtZz+ ";
  for (int round = 0; round < 20000; ++round) {
    std::string text = FormatTimestamp(AtMillis(static_cast<std::int64_t>(random()) * 1000 +
                                                 static_cast<std::int64_t>(random() % 1000)));
    int edits = static_cast<int>(random() % 3);
    for (int e = 0; e < edits; ++e) text[random() % text.size()] = alphabet[random() % alphabet.size()];
    texts.push_back(std::move(text));
  }
  for (const std::string& text : texts) {
    EXPECT_EQ(IsCanonicalTimestamp(text), reference(text)) << text;
  }
}

}  // namespace
}  // namespace homeboard::model
