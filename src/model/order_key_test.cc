// Tests for fractional order keys: known values, seeded property tests (a key between is
// strictly between; repeated insertion at the front, back, random positions and into one
// shrinking gap), evenly spread batches, and rejection of malformed or misordered bounds.
#include "model/order_key.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "testing/status_matchers.h"

namespace homeboard::model {
namespace {

constexpr std::string_view kDigits =
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

std::string Between(std::optional<std::string_view> before, std::optional<std::string_view> after) {
  auto key = KeyBetween(before, after);
  EXPECT_TRUE(key.ok()) << key.error().ToString();
  return key.ok() ? *key : std::string();
}

std::string RandomKey(std::mt19937& random, std::size_t max_length) {
  std::size_t length = 1 + random() % max_length;
  std::string key;
  for (std::size_t i = 0; i < length; ++i) key.push_back(kDigits[random() % 62]);
  if (key.back() == '0') key.back() = kDigits[1 + random() % 61];
  return key;
}

TEST(OrderKey, KnownValues) {
  EXPECT_EQ(Between(std::nullopt, std::nullopt), "V");
  EXPECT_EQ(Between("V", std::nullopt), "V1");
  EXPECT_EQ(Between(std::nullopt, "V"), "Uz");
  EXPECT_EQ(Between("1", "3"), "2");
  EXPECT_EQ(Between("V", "W"), "VV");
  EXPECT_EQ(Between("V", "W5"), "W");
  EXPECT_EQ(Between("Vz", "W"), "VzV");
  EXPECT_EQ(Between("V", "V0V"), "V0F");
  EXPECT_EQ(Between(std::nullopt, "1"), "0z");
  EXPECT_EQ(Between(std::nullopt, "01"), "00zz");
  EXPECT_EQ(Between("z", std::nullopt), "z001");
  EXPECT_EQ(Between("Vz", std::nullopt), "W");
  EXPECT_EQ(Between("V3kq", std::nullopt), "V4");
  EXPECT_EQ(Between(std::nullopt, "V3kq"), "V3");
}

TEST(OrderKey, ByteOrderIsNumericOrder) {
  std::mt19937 random(1);
  auto numeric_less = [](const std::string& a, const std::string& b) {
    for (std::size_t i = 0; i < std::max(a.size(), b.size()); ++i) {
      auto da = i < a.size() ? kDigits.find(a[i]) : 0;
      auto db = i < b.size() ? kDigits.find(b[i]) : 0;
      if (da != db) return da < db;
    }
    return false;
  };
  for (int i = 0; i < 20000; ++i) {
    std::string a = RandomKey(random, 4);
    std::string b = RandomKey(random, 4);
    ASSERT_EQ(a < b, numeric_less(a, b)) << a << " " << b;
  }
}

TEST(OrderKey, BetweenRandomPairsIsStrictlyBetween) {
  std::mt19937 random(20261125);
  for (int i = 0; i < 20000; ++i) {
    std::string a = RandomKey(random, 8);
    std::string b = RandomKey(random, 8);
    if (a == b) continue;
    if (b < a) std::swap(a, b);
    ASSERT_OK_AND_ASSIGN(std::string key, KeyBetween(a, b));
    ASSERT_TRUE(IsValidOrderKey(key)) << a << " " << b << " -> " << key;
    ASSERT_LT(a, key);
    ASSERT_LT(key, b);
    // Never longer than needed: at most one digit past the longer bound.
    ASSERT_LE(key.size(), std::max(a.size(), b.size()) + 1) << a << " " << b << " -> " << key;

    ASSERT_OK_AND_ASSIGN(std::string after, KeyBetween(a, std::nullopt));
    ASSERT_TRUE(IsValidOrderKey(after));
    ASSERT_LT(a, after);
    ASSERT_OK_AND_ASSIGN(std::string before, KeyBetween(std::nullopt, b));
    ASSERT_TRUE(IsValidOrderKey(before));
    ASSERT_LT(before, b);
  }
}

TEST(OrderKey, RepeatedInsertionAtTheFrontStaysShortAndOrdered) {
  std::string front = Between(std::nullopt, std::nullopt);
  for (int i = 0; i < 21000; ++i) {
    ASSERT_OK_AND_ASSIGN(std::string key, KeyBetween(std::nullopt, front));
    ASSERT_TRUE(IsValidOrderKey(key));
    ASSERT_LT(key, front);
    front = key;
    if (i == 999) {
      EXPECT_LE(key.size(), 2u) << key;
    }
  }
  // Far more still fit in 4 characters.
  EXPECT_LE(front.size(), 4u) << front;
}

TEST(OrderKey, RepeatedInsertionAtTheBackStaysShortAndOrdered) {
  std::vector<std::string> keys = {Between(std::nullopt, std::nullopt)};
  for (int i = 0; i < 21000; ++i) {
    ASSERT_OK_AND_ASSIGN(std::string key, KeyBetween(keys.back(), std::nullopt));
    ASSERT_TRUE(IsValidOrderKey(key));
    ASSERT_LT(keys.back(), key);
    keys.push_back(key);
    if (i == 999) {
      EXPECT_LE(key.size(), 2u) << key;
    }
  }
  EXPECT_LE(keys.back().size(), 4u) << keys.back();
}

TEST(OrderKey, RepeatedInsertionAtRandomPositionsStaysOrdered) {
  std::mt19937 random(42);
  std::vector<std::string> keys;
  for (int i = 0; i < 1000; ++i) {
    std::size_t index = keys.empty() ? 0 : random() % (keys.size() + 1);
    std::optional<std::string_view> before;
    std::optional<std::string_view> after;
    if (index > 0) before = keys[index - 1];
    if (index < keys.size()) after = keys[index];
    ASSERT_OK_AND_ASSIGN(std::string key, KeyBetween(before, after));
    ASSERT_TRUE(IsValidOrderKey(key)) << key;
    keys.insert(keys.begin() + static_cast<std::ptrdiff_t>(index), key);
  }
  EXPECT_TRUE(std::is_sorted(keys.begin(), keys.end()));
  EXPECT_EQ(std::set<std::string>(keys.begin(), keys.end()).size(), keys.size());
  for (const auto& key : keys) EXPECT_LE(key.size(), 12u) << key;
}

TEST(OrderKey, RepeatedInsertionAtTheMiddleStaysOrdered) {
  std::vector<std::string> keys = {"1", "z"};
  for (int i = 0; i < 1000; ++i) {
    std::size_t index = keys.size() / 2;
    ASSERT_OK_AND_ASSIGN(std::string key, KeyBetween(keys[index - 1], keys[index]));
    keys.insert(keys.begin() + static_cast<std::ptrdiff_t>(index), key);
    if (i % 100 == 99) {
      // Rebalance as the service does once keys grow: evenly spread fresh keys.
      ASSERT_OK_AND_ASSIGN(keys, KeysBetween(std::nullopt, std::nullopt, keys.size()));
    }
  }
  EXPECT_TRUE(std::is_sorted(keys.begin(), keys.end()));
  for (const auto& key : keys) ASSERT_TRUE(IsValidOrderKey(key)) << key;
}

TEST(OrderKey, OneShrinkingGapEndsInMaxLengthErrorNotABadKey) {
  // Always insert right after "V", before the previously inserted key: the worst case.
  std::string after = "W";
  int inserted = 0;
  while (true) {
    auto key = KeyBetween("V", after);
    if (!key.ok()) {
      EXPECT_EQ(key.error().rule, "max_length");
      EXPECT_EQ(key.error().field, "order_key");
      break;
    }
    ASSERT_TRUE(IsValidOrderKey(*key));
    ASSERT_LT(std::string("V"), *key);
    ASSERT_LT(*key, after);
    after = *key;
    ++inserted;
    ASSERT_LT(inserted, 10000) << "never reached the limit";
  }
  // About log2(62) ~ 5.95 halvings per character.
  EXPECT_GE(inserted, 300);
  EXPECT_EQ(after.size(), kMaxOrderKeyLength);
}

TEST(OrderKey, KeysBetweenTenThousandAreSortedUniqueAndShort) {
  ASSERT_OK_AND_ASSIGN(auto keys, KeysBetween(std::nullopt, std::nullopt, 10000));
  ASSERT_EQ(keys.size(), 10000u);
  EXPECT_TRUE(std::is_sorted(keys.begin(), keys.end()));
  EXPECT_EQ(std::set<std::string>(keys.begin(), keys.end()).size(), keys.size());
  std::size_t longest = 0;
  for (const auto& key : keys) {
    ASSERT_TRUE(IsValidOrderKey(key)) << key;
    longest = std::max(longest, key.size());
  }
  EXPECT_LE(longest, 4u);
}

TEST(OrderKey, KeysBetweenCloseBoundsStayWithinThem) {
  struct Case {
    std::optional<std::string_view> before, after;
    std::size_t count, max_length;
  } cases[] = {
      {"V1", "V2", 10000, 6},
      {"V", std::nullopt, 10000, 5},
      {std::nullopt, "1", 10000, 5},
      {"zzzz", std::nullopt, 1000, 7},
      {"A", "B", 1, 2},
      {"A", "B", 0, 0},
  };
  for (const Case& c : cases) {
    ASSERT_OK_AND_ASSIGN(auto keys, KeysBetween(c.before, c.after, c.count));
    ASSERT_EQ(keys.size(), c.count);
    for (std::size_t i = 0; i < keys.size(); ++i) {
      ASSERT_TRUE(IsValidOrderKey(keys[i])) << keys[i];
      ASSERT_LE(keys[i].size(), c.max_length) << keys[i];
      if (i > 0) {
        ASSERT_LT(keys[i - 1], keys[i]);
      }
    }
    if (!keys.empty()) {
      if (c.before) {
        EXPECT_LT(std::string(*c.before), keys.front());
      }
      if (c.after) {
        EXPECT_LT(keys.back(), std::string(*c.after));
      }
    }
  }
}

TEST(OrderKey, KeysBetweenAreEvenlySpread) {
  // Spread 61 keys over the empty list: bisection puts them near every first digit.
  ASSERT_OK_AND_ASSIGN(auto keys, KeysBetween(std::nullopt, std::nullopt, 61));
  std::set<char> first_digits;
  for (const auto& key : keys) first_digits.insert(key[0]);
  EXPECT_GE(first_digits.size(), 30u);
}

TEST(OrderKey, RejectsMalformedBounds) {
  std::string too_long(kMaxOrderKeyLength + 1, 'V');
  struct Case {
    std::optional<std::string_view> before, after;
    const char* field;
    const char* rule;
  } cases[] = {
      {"", std::nullopt, "before", "pattern"},
      {"V0", std::nullopt, "before", "pattern"},
      {"0", std::nullopt, "before", "pattern"},
      {"a-b", std::nullopt, "before", "pattern"},
      {"V\xc3\xa9", std::nullopt, "before", "pattern"},
      {too_long, std::nullopt, "before", "pattern"},
      {std::nullopt, "", "after", "pattern"},
      {std::nullopt, "V V", "after", "pattern"},
      {"W", "V", "order_key", "order"},
      {"V", "V", "order_key", "order"},
  };
  for (const Case& c : cases) {
    auto key = KeyBetween(c.before, c.after);
    ASSERT_FALSE(key.ok());
    EXPECT_EQ(key.error().field, c.field);
    EXPECT_EQ(key.error().rule, c.rule);
    auto keys = KeysBetween(c.before, c.after, 3);
    ASSERT_FALSE(keys.ok());
    EXPECT_EQ(keys.error().rule, c.rule);
  }
}

TEST(OrderKey, ValidateOrderKey) {
  EXPECT_TRUE(IsValidOrderKey("V"));
  EXPECT_TRUE(IsValidOrderKey("0z"));
  EXPECT_TRUE(IsValidOrderKey(std::string(kMaxOrderKeyLength, 'z')));
  EXPECT_FALSE(IsValidOrderKey(std::string(kMaxOrderKeyLength + 1, 'z')));
  EXPECT_OK(ValidateOrderKey("V", "order_key"));
  auto empty = ValidateOrderKey("", "order_key");
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.error().rule, "required");
  auto long_key = ValidateOrderKey(std::string(65, 'z'), "order_key");
  ASSERT_FALSE(long_key.ok());
  EXPECT_EQ(long_key.error().rule, "max_length");
  auto zero = ValidateOrderKey("V0", "order_key");
  ASSERT_FALSE(zero.ok());
  EXPECT_EQ(zero.error().rule, "pattern");
}

}  // namespace
}  // namespace homeboard::model
