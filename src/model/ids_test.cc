// Tests for ULID ids: format, uniqueness, ordering by time, monotonicity within a
// millisecond, decoding of the time, and rejection of malformed ids.
#include "model/ids.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "testing/status_matchers.h"

namespace homeboard::model {
namespace {

using std::chrono::milliseconds;
using std::chrono::system_clock;

system_clock::time_point AtMillis(std::int64_t millis) {
  return system_clock::time_point(milliseconds(millis));
}

TEST(Ids, NewIdHasUlidFormat) {
  std::string id = NewId();
  EXPECT_EQ(id.size(), kIdLength);
  EXPECT_TRUE(IsValidId(id)) << id;
  for (char c : id) {
    EXPECT_EQ(std::string_view("ILOU").find(c), std::string_view::npos) << id;
    EXPECT_TRUE((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z')) << id;
  }
}

TEST(Ids, TenThousandNewIdsAreUniqueAndSortedByTime) {
  std::vector<std::string> ids;
  std::vector<system_clock::time_point> times;
  // Ten milliseconds' worth each, in increasing time, so ordering by time is observable.
  for (int i = 0; i < 10000; ++i) {
    auto time = AtMillis(1'790'000'000'000 + i / 10);
    times.push_back(time);
    ids.push_back(NewId(time));
  }
  std::set<std::string> unique(ids.begin(), ids.end());
  EXPECT_EQ(unique.size(), ids.size());
  EXPECT_TRUE(std::is_sorted(ids.begin(), ids.end()));
  for (std::size_t i = 0; i < ids.size(); ++i) {
    ASSERT_TRUE(IsValidId(ids[i])) << ids[i];
    EXPECT_EQ(IdTime(ids[i]), times[i]) << ids[i];
  }
}

TEST(Ids, TenThousandNewIdsFromTheSystemClockAreUnique) {
  // Order is not checked here: it would depend on the wall clock never stepping back.
  std::set<std::string> unique;
  for (int i = 0; i < 10000; ++i) {
    std::string id = NewId();
    ASSERT_TRUE(IsValidId(id)) << id;
    unique.insert(id);
  }
  EXPECT_EQ(unique.size(), 10000u);
}

TEST(Ids, SameMillisecondIsStrictlyIncreasing) {
  IdGenerator generator;
  auto time = AtMillis(1'700'000'000'123);
  std::string previous = generator.Next(time);
  for (int i = 0; i < 1000; ++i) {
    std::string next = generator.Next(time);
    ASSERT_LT(previous, next);
    ASSERT_EQ(previous.substr(0, 10), next.substr(0, 10));
    // Not a +1 counter: consecutive ids differ in more than the last character often.
    previous = next;
  }
}

TEST(Ids, ClockGoingBackIsFollowed) {
  IdGenerator generator;
  std::string later = generator.Next(AtMillis(2'000'000'000'000));
  std::string earlier = generator.Next(AtMillis(1'000'000'000'000));
  EXPECT_LT(earlier, later);
  EXPECT_EQ(IdTime(earlier), AtMillis(1'000'000'000'000));
}

TEST(Ids, TimePartEncodesMilliseconds) {
  IdGenerator generator;
  EXPECT_EQ(generator.Next(AtMillis(0)).substr(0, 10), "0000000000");
  EXPECT_EQ(generator.Next(AtMillis(1)).substr(0, 10), "0000000001");
  EXPECT_EQ(generator.Next(AtMillis(32)).substr(0, 10), "0000000010");
  // The ULID spec's example time 1469918176385 encodes as 01ARYZ6S41.
  EXPECT_EQ(generator.Next(AtMillis(1469918176385)).substr(0, 10), "01ARYZ6S41");
  // Sub-millisecond parts are dropped; times before 1970 clamp to zero.
  EXPECT_EQ(generator.Next(AtMillis(-5)).substr(0, 10), "0000000000");
  auto almost = system_clock::time_point(std::chrono::microseconds(1999));
  EXPECT_EQ(IdTime(generator.Next(almost)), AtMillis(1));
}

TEST(Ids, RandomPartsDiffer) {
  IdGenerator a;
  IdGenerator b;
  auto time = AtMillis(1'700'000'000'000);
  EXPECT_NE(a.Next(time).substr(10), b.Next(time).substr(10));
}

TEST(Ids, RejectsMalformed) {
  const std::string bad[] = {
      "",
      "01ARYZ6S41TSV4RRFFQ69G5FA",    // 25 characters
      "01ARYZ6S41TSV4RRFFQ69G5FAVX",  // 27 characters
      "01arYZ6S41TSV4RRFFQ69G5FAV",   // lower case
      "01ARYZ6S41TSV4RRFFQ69G5FAI",   // I is not Crockford
      "01ARYZ6S41TSV4RRFFQ69G5FAL",   // L
      "01ARYZ6S41TSV4RRFFQ69G5FAO",   // O
      "01ARYZ6S41TSV4RRFFQ69G5FAU",   // U
      "81ARYZ6S41TSV4RRFFQ69G5FAV",   // > 128 bits
      "01ARYZ6S41TSV4RRFFQ69G5FA-",
      std::string("01ARYZ6S41TSV4RRFFQ69G5FA\0", 26),  // NUL byte
      "01ARYZ6S41TSV4RRFFQ69G5FA\xC3",                 // non-ASCII byte
  };
  for (const std::string& id : bad) {
    EXPECT_FALSE(IsValidId(id)) << id;
    EXPECT_FALSE(IdTime(id).has_value()) << id;
  }
  EXPECT_TRUE(IsValidId("01ARYZ6S41TSV4RRFFQ69G5FAV"));
  EXPECT_TRUE(IsValidId("7ZZZZZZZZZZZZZZZZZZZZZZZZZ"));
}

TEST(Ids, IdTimeBeyondClockRangeIsNullopt) {
  // 7ZZZZZZZZZ is 2^48-1 ms, year 10889: valid id, but not representable in time_point.
  EXPECT_TRUE(IsValidId("7ZZZZZZZZZZZZZZZZZZZZZZZZZ"));
  EXPECT_FALSE(IdTime("7ZZZZZZZZZZZZZZZZZZZZZZZZZ").has_value());
}

TEST(Ids, ValidateIdNamesFieldAndRule) {
  EXPECT_OK(ValidateId("01ARYZ6S41TSV4RRFFQ69G5FAV", "page_id"));
  auto empty = ValidateId("", "page_id");
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.error().field, "page_id");
  EXPECT_EQ(empty.error().rule, "required");
  auto bad = ValidateId("nope", "widget_id");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().field, "widget_id");
  EXPECT_EQ(bad.error().rule, "pattern");
  EXPECT_NE(bad.error().message.find("widget_id"), std::string::npos);
}

}  // namespace
}  // namespace homeboard::model
