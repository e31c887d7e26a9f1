// Tests of the exact decimal arithmetic: DynamoDB's spelling, comparison, addition within
// 38 digits and the exponent range, and the order-preserving key encoding.
#include "store/sqlite/number.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "testing/status_matchers.h"

namespace homeboard::store::sqlite {
namespace {

TEST(NormalizeNumber, SpellsNumbersAsDynamoDbReturnsThem) {
  // Verified against DynamoDB (leading/trailing zeros trimmed, plain notation, no -0).
  EXPECT_EQ(NormalizeNumber("00042"), "42");
  EXPECT_EQ(NormalizeNumber("-0"), "0");
  EXPECT_EQ(NormalizeNumber("0.000"), "0");
  EXPECT_EQ(NormalizeNumber("1.5E2"), "150");
  EXPECT_EQ(NormalizeNumber("1.0"), "1");
  EXPECT_EQ(NormalizeNumber("-0.50"), "-0.5");
  EXPECT_EQ(NormalizeNumber(".5"), "0.5");
  EXPECT_EQ(NormalizeNumber("+3"), "3");
  EXPECT_EQ(NormalizeNumber("5."), "5");
  EXPECT_EQ(NormalizeNumber("0e1000"), "0");
  EXPECT_EQ(NormalizeNumber("123.456e1"), "1234.56");
  EXPECT_EQ(NormalizeNumber("123.456e-5"), "0.00123456");
  EXPECT_EQ(NormalizeNumber("1E-130"), "0." + std::string(129, '0') + "1");
  EXPECT_EQ(NormalizeNumber("1e125"), "1" + std::string(125, '0'));
  EXPECT_EQ(NormalizeNumber("12345678901234567890123456789012345678"),
            "12345678901234567890123456789012345678");
}

TEST(Decimal, ParsesIntoDigitsAndExponent) {
  Decimal x = Decimal::Parse("-0.0120");
  EXPECT_TRUE(x.negative);
  EXPECT_EQ(x.digits, "12");
  EXPECT_EQ(x.exponent, -2);
  EXPECT_TRUE(Decimal::Parse("0.0").zero());
  EXPECT_TRUE(Decimal::Parse("not a number").zero());
}

TEST(CompareNumbers, IsExactAndIgnoresSpelling) {
  struct Case {
    std::string a, b;
    int want;
  };
  const std::vector<Case> cases = {
      {"1", "1.0", 0},
      {"100", "1e2", 0},
      {"-0", "0", 0},
      {"1", "2", -1},
      {"-1", "-2", 1},
      {"-1", "1", -1},
      {"0", "-0.0001", 1},
      {"1.2", "1.23", -1},
      {"-1.2", "-1.23", 1},
      {"99", "100", -1},
      {"0.1", "0.09999999999999999999999999999999999999", 1},
      {"12345678901234567890123456789012345678", "12345678901234567890123456789012345679", -1},
      {"1E-130", "0", 1},
      {"9.9999999999999999999999999999999999999E+125", "1E+125", 1},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(CompareNumbers(c.a, c.b), c.want) << c.a << " vs " << c.b;
    EXPECT_EQ(CompareNumbers(c.b, c.a), -c.want) << c.b << " vs " << c.a;
  }
}

TEST(AddNumbers, IsExact) {
  auto add = [](std::string_view a, std::string_view b) {
    Result<std::string> sum = AddNumbers(a, b);
    EXPECT_TRUE(sum.ok()) << a << " + " << b << ": " << sum.error().ToString();
    return sum.ok() ? *sum : std::string("<error>");
  };
  EXPECT_EQ(add("0.1", "0.2"), "0.3");
  EXPECT_EQ(add("10", "5"), "15");
  EXPECT_EQ(add("7", "-2.5"), "4.5");
  EXPECT_EQ(add("5", "-7.5"), "-2.5");
  EXPECT_EQ(add("-1", "1"), "0");
  EXPECT_EQ(add("-1.5", "-1.5"), "-3");
  EXPECT_EQ(add("1000", "-0.001"), "999.999");
  EXPECT_EQ(add("0", "-3"), "-3");
  EXPECT_EQ(add("100", "0.5"), "100.5");
  // 38 digits, with a carry through all of them.
  EXPECT_EQ(add("12345678901234567890123456789012345670", "8"),
            "12345678901234567890123456789012345678");
  EXPECT_EQ(add("99999999999999999999999999999999999999", "1"), "1" + std::string(38, '0'));
  EXPECT_EQ(add("-99999999999999999999999999999999999999", "-1"), "-1" + std::string(38, '0'));
  EXPECT_EQ(add("1" + std::string(38, '0'), "-1"), std::string(38, '9'));
  EXPECT_EQ(
      add("0.99999999999999999999999999999999999999", "0.00000000000000000000000000000000000001"),
      "1");
  EXPECT_EQ(add("1E-130", "1E-130"), "0." + std::string(129, '0') + "2");
}

TEST(AddNumbers, RefusesWhatDynamoDbCannotStore) {
  // More than 38 significant digits.
  Result<std::string> wide = AddNumbers("1E+30", "1E-30");
  ASSERT_FALSE(wide.ok());
  EXPECT_EQ(wide.error().code, Error::Code::kInvalidArgument);
  EXPECT_FALSE(AddNumbers("12345678901234567890123456789012345678", "0.1").ok());
  // Past the largest magnitude.
  Result<std::string> overflow = AddNumbers("9.9E+125", "1E+125");
  ASSERT_FALSE(overflow.ok());
  EXPECT_NE(overflow.error().message.find("overflow"), std::string::npos);
  EXPECT_FALSE(AddNumbers("-9.9E+125", "-1E+125").ok());
  // Below the smallest one.
  Result<std::string> underflow = AddNumbers("2E-130", "-1.9E-130");
  ASSERT_FALSE(underflow.ok());
  EXPECT_NE(underflow.error().message.find("underflow"), std::string::npos);
}

TEST(AddNumbers, AgreesWithIntegerArithmetic) {
  std::mt19937_64 rng(42);
  std::uniform_int_distribution<std::int64_t> value(-1'000'000'000'000, 1'000'000'000'000);
  std::uniform_int_distribution<int> scale(0, 6);
  for (int i = 0; i < 2000; ++i) {
    std::int64_t a = value(rng), b = value(rng);
    int s = scale(rng);
    // a/10^s + b/10^s, written with a decimal point, against the exact integer sum.
    auto spell = [&](std::int64_t v) {
      std::string digits = std::to_string(v < 0 ? -v : v);
      if (digits.size() <= static_cast<std::size_t>(s)) {
        digits.insert(0, static_cast<std::size_t>(s) - digits.size() + 1, '0');
      }
      if (s > 0) digits.insert(digits.size() - static_cast<std::size_t>(s), ".");
      return (v < 0 ? "-" : "") + digits;
    };
    ASSERT_OK_AND_ASSIGN(std::string sum, AddNumbers(spell(a), spell(b)));
    EXPECT_EQ(sum, NormalizeNumber(spell(a + b))) << spell(a) << " + " << spell(b);
  }
}

TEST(NumberSortKey, BytesSortInNumericOrder) {
  const std::vector<std::string> ascending = {
      "-9.9E+125", "-1e100", "-1000",   "-999.999", "-10",    "-2",    "-1.23",   "-1.2", "-1",
      "-0.5",      "-0.05",  "-1E-130", "0",        "1E-130", "0.05",  "0.5",     "1",    "1.2",
      "1.23",      "2",      "10",      "99",       "100",    "1e100", "9.9E+125"};
  for (std::size_t i = 1; i < ascending.size(); ++i) {
    EXPECT_LT(NumberSortKey(ascending[i - 1]), NumberSortKey(ascending[i]))
        << ascending[i - 1] << " < " << ascending[i];
  }
  EXPECT_EQ(NumberSortKey("5"), NumberSortKey("5.00"));
  EXPECT_EQ(NumberSortKey("5"), NumberSortKey("0.5e1"));
  EXPECT_EQ(NumberSortKey("-0"), NumberSortKey("0"));
}

TEST(NumberSortKey, AgreesWithCompareNumbers) {
  std::mt19937 rng(7);
  std::uniform_int_distribution<int> digit(0, 9), length(1, 6), exponent(-8, 8), sign(0, 1);
  auto random_number = [&] {
    std::string text = sign(rng) ? "-" : "";
    for (int i = length(rng); i > 0; --i) text += static_cast<char>('0' + digit(rng));
    return text + "e" + std::to_string(exponent(rng));
  };
  for (int i = 0; i < 5000; ++i) {
    std::string a = random_number(), b = random_number();
    int by_key = NumberSortKey(a).compare(NumberSortKey(b));
    by_key = by_key < 0 ? -1 : (by_key > 0 ? 1 : 0);
    EXPECT_EQ(by_key, CompareNumbers(a, b)) << a << " vs " << b;
  }
}

}  // namespace
}  // namespace homeboard::store::sqlite
