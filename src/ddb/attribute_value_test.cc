// Tests for AttributeValue: factories and accessors, equality (order-insensitive sets),
// DynamoDB size accounting and the number rules behind IsValidNumber.
#include "ddb/attribute_value.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "ddb/internal/value_codec.h"

namespace homeboard::ddb {
namespace {

using Type = AttributeValue::Type;

TEST(AttributeValue, DefaultIsNull) {
  AttributeValue value;
  EXPECT_TRUE(value.IsNull());
  EXPECT_EQ(value.type(), Type::kNull);
  EXPECT_EQ(value, AttributeValue::Null());
}

TEST(AttributeValue, FactoriesSetTypeAndContent) {
  EXPECT_EQ(AttributeValue::S("x").AsS(), "x");
  EXPECT_TRUE(AttributeValue::S("x").IsS());
  EXPECT_EQ(AttributeValue::N("12.5").AsN(), "12.5");
  EXPECT_EQ(AttributeValue::N(std::int64_t{-42}).AsN(), "-42");
  EXPECT_EQ(AttributeValue::N(INT64_MIN).AsN(), "-9223372036854775808");
  EXPECT_EQ(AttributeValue::B(std::string("\0\xff", 2)).AsB(), std::string("\0\xff", 2));
  EXPECT_TRUE(AttributeValue::Bool(true).AsBool());
  EXPECT_FALSE(AttributeValue::Bool(false).AsBool());
  EXPECT_TRUE(AttributeValue::M({{"a", AttributeValue::S("b")}}).IsM());
  EXPECT_EQ(AttributeValue::M({{"a", AttributeValue::S("b")}}).AsM().at("a").AsS(), "b");
  EXPECT_EQ(AttributeValue::L({AttributeValue::Null()}).AsL().size(), 1u);
  EXPECT_EQ(AttributeValue::SS({"a", "b"}).AsSS(), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(AttributeValue::NS({"1"}).AsNS(), (std::vector<std::string>{"1"}));
  EXPECT_EQ(AttributeValue::BS({"\x01"}).AsBS(), (std::vector<std::string>{"\x01"}));
  EXPECT_TRUE(AttributeValue::SS({}).IsSS());
  EXPECT_TRUE(AttributeValue::NS({}).IsNS());
  EXPECT_TRUE(AttributeValue::BS({}).IsBS());
}

TEST(AttributeValue, MutableAccessorsChangeTheValue) {
  AttributeValue map = AttributeValue::M({});
  map.MutableM()["k"] = AttributeValue::N("1");
  EXPECT_EQ(map, AttributeValue::M({{"k", AttributeValue::N("1")}}));
  AttributeValue list = AttributeValue::L({});
  list.MutableL().push_back(AttributeValue::Bool(true));
  EXPECT_EQ(list, AttributeValue::L({AttributeValue::Bool(true)}));
}

TEST(AttributeValue, TypeNames) {
  EXPECT_EQ(AttributeValue::TypeName(Type::kS), "S");
  EXPECT_EQ(AttributeValue::TypeName(Type::kN), "N");
  EXPECT_EQ(AttributeValue::TypeName(Type::kB), "B");
  EXPECT_EQ(AttributeValue::TypeName(Type::kBool), "BOOL");
  EXPECT_EQ(AttributeValue::TypeName(Type::kNull), "NULL");
  EXPECT_EQ(AttributeValue::TypeName(Type::kM), "M");
  EXPECT_EQ(AttributeValue::TypeName(Type::kL), "L");
  EXPECT_EQ(AttributeValue::TypeName(Type::kSS), "SS");
  EXPECT_EQ(AttributeValue::TypeName(Type::kNS), "NS");
  EXPECT_EQ(AttributeValue::TypeName(Type::kBS), "BS");
}

TEST(AttributeValueEquality, SameTypeAndContent) {
  EXPECT_EQ(AttributeValue::S("a"), AttributeValue::S("a"));
  EXPECT_NE(AttributeValue::S("a"), AttributeValue::S("b"));
  EXPECT_EQ(AttributeValue::Bool(false), AttributeValue::Bool(false));
  EXPECT_NE(AttributeValue::Bool(false), AttributeValue::Bool(true));
  EXPECT_EQ(AttributeValue::B("x"), AttributeValue::B("x"));
}

TEST(AttributeValueEquality, DifferentTypesWithSameTextDiffer) {
  EXPECT_NE(AttributeValue::S("1"), AttributeValue::N("1"));
  EXPECT_NE(AttributeValue::S("1"), AttributeValue::B("1"));
  EXPECT_NE(AttributeValue::SS({"1"}), AttributeValue::NS({"1"}));
  EXPECT_NE(AttributeValue::NS({"1"}), AttributeValue::BS({"1"}));
  EXPECT_NE(AttributeValue::M({}), AttributeValue::L({}));
  EXPECT_NE(AttributeValue::Null(), AttributeValue::Bool(false));
}

TEST(AttributeValueEquality, NumbersCompareAsStrings) {
  EXPECT_EQ(AttributeValue::N("1.50"), AttributeValue::N("1.50"));
  EXPECT_NE(AttributeValue::N("1"), AttributeValue::N("1.0"));  // documented
}

TEST(AttributeValueEquality, SetsIgnoreOrderButNotMultiplicity) {
  EXPECT_EQ(AttributeValue::SS({"a", "b", "c"}), AttributeValue::SS({"c", "a", "b"}));
  EXPECT_EQ(AttributeValue::NS({"1", "2"}), AttributeValue::NS({"2", "1"}));
  EXPECT_EQ(AttributeValue::BS({"x", "y"}), AttributeValue::BS({"y", "x"}));
  EXPECT_NE(AttributeValue::SS({"a", "b"}), AttributeValue::SS({"a", "c"}));
  EXPECT_NE(AttributeValue::SS({"a", "a", "b"}), AttributeValue::SS({"a", "b", "b"}));
  EXPECT_NE(AttributeValue::SS({"a"}), AttributeValue::SS({"a", "a"}));
  EXPECT_EQ(AttributeValue::SS({}), AttributeValue::SS({}));
}

TEST(AttributeValueEquality, ListsAreOrdered) {
  EXPECT_EQ(AttributeValue::L({AttributeValue::S("a"), AttributeValue::N("1")}),
            AttributeValue::L({AttributeValue::S("a"), AttributeValue::N("1")}));
  EXPECT_NE(AttributeValue::L({AttributeValue::S("a"), AttributeValue::N("1")}),
            AttributeValue::L({AttributeValue::N("1"), AttributeValue::S("a")}));
  EXPECT_NE(AttributeValue::L({AttributeValue::S("a")}), AttributeValue::L({}));
}

TEST(AttributeValueEquality, MapsCompareDeeply) {
  const AttributeValue a = AttributeValue::M(
      {{"x", AttributeValue::L({AttributeValue::SS({"p", "q"})})}, {"y", AttributeValue::Null()}});
  const AttributeValue same = AttributeValue::M(
      {{"y", AttributeValue::Null()}, {"x", AttributeValue::L({AttributeValue::SS({"q", "p"})})}});
  const AttributeValue different = AttributeValue::M(
      {{"x", AttributeValue::L({AttributeValue::SS({"p", "r"})})}, {"y", AttributeValue::Null()}});
  const AttributeValue renamed = AttributeValue::M(
      {{"x", AttributeValue::L({AttributeValue::SS({"p", "q"})})}, {"z", AttributeValue::Null()}});
  EXPECT_EQ(a, same);
  EXPECT_NE(a, different);
  EXPECT_NE(a, renamed);
}

// Sizes per https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/CapacityUnitCalculations.html
TEST(AttributeValueSize, Scalars) {
  EXPECT_EQ(AttributeValue::S("").ApproximateSize(), 0u);
  EXPECT_EQ(AttributeValue::S("abc").ApproximateSize(), 3u);
  EXPECT_EQ(AttributeValue::S("\xc3\xa9").ApproximateSize(), 2u);  // é: UTF-8 bytes
  EXPECT_EQ(AttributeValue::B(std::string(10, '\0')).ApproximateSize(), 10u);
  EXPECT_EQ(AttributeValue::Bool(true).ApproximateSize(), 1u);
  EXPECT_EQ(AttributeValue::Null().ApproximateSize(), 1u);
}

TEST(AttributeValueSize, NumbersCountSignificantDigits) {
  // ceil(significant digits / 2) + 1
  EXPECT_EQ(AttributeValue::N("0").ApproximateSize(), 1u);
  EXPECT_EQ(AttributeValue::N("7").ApproximateSize(), 2u);
  EXPECT_EQ(AttributeValue::N("12").ApproximateSize(), 2u);
  EXPECT_EQ(AttributeValue::N("123").ApproximateSize(), 3u);
  EXPECT_EQ(AttributeValue::N("12345").ApproximateSize(), 4u);
  // Leading and trailing zeros are trimmed.
  EXPECT_EQ(AttributeValue::N("000120000").ApproximateSize(), 2u);
  EXPECT_EQ(AttributeValue::N("-0.00012").ApproximateSize(), 2u);
  EXPECT_EQ(AttributeValue::N("1e100").ApproximateSize(), 2u);
  EXPECT_EQ(AttributeValue::N(std::string(38, '9')).ApproximateSize(), 20u);
}

TEST(AttributeValueSize, ContainersAddThreeBytesAndOnePerElement) {
  EXPECT_EQ(AttributeValue::L({}).ApproximateSize(), 3u);
  EXPECT_EQ(AttributeValue::M({}).ApproximateSize(), 3u);
  // 3 + ("xy" 2 + 1) + (true 1 + 1)
  EXPECT_EQ(AttributeValue::L({AttributeValue::S("xy"), AttributeValue::Bool(true)})
                .ApproximateSize(),
            8u);
  // 3 + (name 4 + "abc" 3 + 1)
  EXPECT_EQ(AttributeValue::M({{"name", AttributeValue::S("abc")}}).ApproximateSize(), 11u);
  // Nested: 3 + (name 1 + (3 + ("a" 1 + 1)) + 1)
  EXPECT_EQ(AttributeValue::M({{"l", AttributeValue::L({AttributeValue::S("a")})}})
                .ApproximateSize(),
            10u);
}

TEST(AttributeValueSize, SetsSumTheirMembers) {
  EXPECT_EQ(AttributeValue::SS({"ab", "cde"}).ApproximateSize(), 5u);
  EXPECT_EQ(AttributeValue::BS({"\x01", "\x02\x03"}).ApproximateSize(), 3u);
  EXPECT_EQ(AttributeValue::NS({"1", "123"}).ApproximateSize(), 2u + 3u);
}

TEST(ItemSize, CountsNamesAndValues) {
  Item item = {{"id", AttributeValue::S("abc")},                     // 2 + 3
               {"n", AttributeValue::N("12345")},                    // 1 + 4
               {"flag", AttributeValue::Bool(true)},                 // 4 + 1
               {"l", AttributeValue::L({AttributeValue::S("xy")})}};  // 1 + 3 + 3
  EXPECT_EQ(ItemSize(item), 22u);
  EXPECT_EQ(ItemSize({}), 0u);
}

struct NumberCase {
  const char* text;
  bool valid;
};

class IsValidNumberTest : public ::testing::TestWithParam<NumberCase> {};

TEST_P(IsValidNumberTest, MatchesDynamoDBRules) {
  EXPECT_EQ(IsValidNumber(GetParam().text), GetParam().valid) << '"' << GetParam().text << '"';
}

INSTANTIATE_TEST_SUITE_P(
    Table, IsValidNumberTest,
    ::testing::Values(
        // Accepted by DynamoDB.
        NumberCase{"0", true}, NumberCase{"3", true}, NumberCase{"-7.1234", true},
        NumberCase{"-17e5", true}, NumberCase{"-17.4E37", true}, NumberCase{"+3", true},
        NumberCase{".123", true}, NumberCase{"5.", true}, NumberCase{"0001.23", true},
        NumberCase{"1e+5", true}, NumberCase{"1E-5", true}, NumberCase{"0e1000", true},
        NumberCase{"-0", true}, NumberCase{"0.000", true}, NumberCase{"-0e-99999999999999", true},
        // 38 significant digits.
        NumberCase{"3.1415926535897932384626433832795028841", true},
        NumberCase{"31415926535897932384626433832795028841e30", true},
        NumberCase{"0.000031415926535897932384626433832795028841", true},
        NumberCase{"31415926535897932384626433832795028841000000000000", true},
        // Magnitude limits: 1E-130 .. 9.99..E+125.
        NumberCase{"1e125", true}, NumberCase{"-1e125", true}, NumberCase{"9.99999999e125", true},
        NumberCase{"9.9999999999999999999999999999999999999E+125", true},
        NumberCase{"1e-130", true}, NumberCase{"-1e-130", true}, NumberCase{"0.1e-129", true},
        NumberCase{"10e-131", true}, NumberCase{"1000e122", true},
        // Too many digits.
        NumberCase{"3.14159265358979323846264338327950288419", false},
        NumberCase{"314159265358979323846264338327950288419e30", false},
        NumberCase{"1.0000000000000000000000000000000000001", true},
        NumberCase{"1.00000000000000000000000000000000000001", false},
        // Out of range.
        NumberCase{"1e126", false}, NumberCase{"11e125", false}, NumberCase{"-1e126", false},
        NumberCase{"1e-131", false}, NumberCase{"0.9e-130", false}, NumberCase{"-1e-131", false},
        NumberCase{"1e99999999999999999999999999", false},
        NumberCase{"1e-99999999999999999999999999", false},
        // Not numbers.
        NumberCase{"", false}, NumberCase{" 1", false}, NumberCase{"1 ", false},
        NumberCase{"NaN", false}, NumberCase{"Infinity", false}, NumberCase{"-Infinity", false},
        NumberCase{"-NaN", false}, NumberCase{"dog", false}, NumberCase{"-", false},
        NumberCase{"+", false}, NumberCase{".", false}, NumberCase{"-.", false},
        NumberCase{"e5", false}, NumberCase{"1e", false}, NumberCase{"1e+", false},
        NumberCase{"1.2.3", false}, NumberCase{"--1", false}, NumberCase{"+-1", false},
        NumberCase{"0x10", false}, NumberCase{"1,5", false}, NumberCase{"1e5.5", false},
        NumberCase{"1e2e3", false}, NumberCase{"١", false}));

TEST(IsValidNumber, NeverCrashesOnArbitraryBytes) {
  std::string text;
  for (int i = 0; i < 256; ++i) {
    const char byte = static_cast<char>(i);
    text.push_back(byte);
    EXPECT_FALSE(IsValidNumber(text));  // starts with a NUL byte
    EXPECT_EQ(IsValidNumber(std::string(1, byte)), byte >= '0' && byte <= '9') << i;
    EXPECT_EQ(IsValidNumber(std::string("1") + byte), (byte >= '0' && byte <= '9') || byte == '.')
        << i;
  }
  EXPECT_FALSE(IsValidNumber(std::string_view("1\0", 2)));
  // A very long run of zeros before a digit is still one significant digit.
  EXPECT_TRUE(IsValidNumber("0." + std::string(100, '0') + "1"));
  EXPECT_FALSE(IsValidNumber("0." + std::string(200, '0') + "1"));
  EXPECT_TRUE(IsValidNumber(std::string(100000, '0')));
}

TEST(NumberAnalysis, SignificantDigitsAndExponent) {
  using internal::AnalyzeNumber;
  EXPECT_EQ(AnalyzeNumber("1500").significant_digits, 2);
  EXPECT_EQ(AnalyzeNumber("1500").adjusted_exponent, 3);
  EXPECT_EQ(AnalyzeNumber("0.05").adjusted_exponent, -2);
  EXPECT_EQ(AnalyzeNumber("12.340").significant_digits, 4);
  EXPECT_EQ(AnalyzeNumber("12.340").adjusted_exponent, 1);
  EXPECT_EQ(AnalyzeNumber("12.34e-3").adjusted_exponent, -2);
  EXPECT_TRUE(AnalyzeNumber("-0.0").zero);
  EXPECT_TRUE(AnalyzeNumber("-0.0").negative);
  EXPECT_FALSE(AnalyzeNumber("1.").zero);
}

TEST(NumberAnalysis, CanonicalFormIsEqualForEqualNumbers) {
  using internal::CanonicalNumber;
  EXPECT_EQ(CanonicalNumber("-0012.50e1"), "-1.25E2");
  EXPECT_EQ(CanonicalNumber("0.00700"), "7E-3");
  EXPECT_EQ(CanonicalNumber("1e99999999999999999999"), "1E1000000000000000");
  EXPECT_EQ(CanonicalNumber("1"), CanonicalNumber("1.0"));
  EXPECT_EQ(CanonicalNumber("1"), CanonicalNumber("+0.1e1"));
  EXPECT_EQ(CanonicalNumber("100"), CanonicalNumber("1E2"));
  EXPECT_EQ(CanonicalNumber("0"), CanonicalNumber("-0.000e5"));
  EXPECT_NE(CanonicalNumber("1"), CanonicalNumber("-1"));
  EXPECT_NE(CanonicalNumber("10"), CanonicalNumber("1"));
  EXPECT_NE(CanonicalNumber("1.1"), CanonicalNumber("11"));
}

}  // namespace
}  // namespace homeboard::ddb
