// Tests of condition evaluation: every condition form passing and failing (the cases of
// tests/ddb_items_test.cc, which DynamoDB Local evaluates the same way), the rules for absent
// attributes and mismatched types, size() in UTF-16 code units, nested paths, and the
// conditions DynamoDB refuses as invalid rather than false.
#include "store/sqlite/condition_eval.h"

#include <gtest/gtest.h>

#include "testing/status_matchers.h"

namespace homeboard::store::sqlite {
namespace {

using V = AttributeValue;
using ddb::Path;
using ddb::Size;

Item Subject() {
  return {
      {"pk", V::S("cond")},
      {"n", V::N(5)},
      {"m10", V::N(10)},
      {"s", V::S("hello world")},
      {"b", V::B(std::string("\x01\x02\x03\xFF", 4))},
      {"flag", V::Bool(true)},
      {"nothing", V::Null()},
      {"map", V::M({{"inner", V::S("v")}, {"count", V::N(3)}})},
      {"list", V::L({V::N(1), V::S("x"), V::M({{"deep", V::S("y")}})})},
      {"tags", V::SS({"a", "b", "c"})},
      {"nums", V::NS({"1", "2"})},
      {"bins", V::BS({std::string("\x00", 1), "z"})},
      {"status", V::S("active")},
      {"name", V::S("Ada")},
      {"unicode", V::S("é𝄞")},  // 1 + 2 UTF-16 code units, 2 + 4 UTF-8 bytes
  };
}

struct Case {
  std::string label;
  Condition condition;
  bool passes;
};

std::vector<Case> Cases() {
  const V five = V::N(5);
  std::vector<V> hundred;
  for (int i = 1; i <= 100; ++i) hundred.push_back(V::N(i));
  return {
      {"n = 5", Condition::Equal(Path("n"), five), true},
      {"n = 6", Condition::Equal(Path("n"), V::N(6)), false},
      {"n = 5.0 (numeric equality)", Condition::Equal(Path("n"), V::N("5.0")), true},
      {"n <> 6", Condition::NotEqual(Path("n"), V::N(6)), true},
      {"n <> 5", Condition::NotEqual(Path("n"), five), false},
      {"n < 6", Condition::Less(Path("n"), V::N(6)), true},
      {"n < 5", Condition::Less(Path("n"), five), false},
      {"n <= 5", Condition::LessOrEqual(Path("n"), five), true},
      {"n <= 4", Condition::LessOrEqual(Path("n"), V::N(4)), false},
      {"n > 4", Condition::Greater(Path("n"), V::N(4)), true},
      {"n > 5", Condition::Greater(Path("n"), five), false},
      {"n >= 5", Condition::GreaterOrEqual(Path("n"), five), true},
      {"n >= 6", Condition::GreaterOrEqual(Path("n"), V::N(6)), false},
      {"n < m10 (two paths)", Condition::Less(Path("n"), Path("m10")), true},
      {"m10 < n (two paths)", Condition::Less(Path("m10"), Path("n")), false},
      {"value on the left", Condition::Greater(V::N(6), Path("n")), true},
      {"s > hello (strings)", Condition::Greater(Path("s"), V::S("hello")), true},
      {"b < 0x02 (binary)", Condition::Less(Path("b"), V::B("\x02")), true},
      {"n = \"5\" (type mismatch)", Condition::Equal(Path("n"), V::S("5")), false},
      {"n <> \"5\" (type mismatch)", Condition::NotEqual(Path("n"), V::S("5")), true},
      {"n < \"6\" (type mismatch)", Condition::Less(Path("n"), V::S("6")), false},
      {"n >= \"0\" (type mismatch)", Condition::GreaterOrEqual(Path("n"), V::S("0")), false},
      {"missing = 5", Condition::Equal(Path("missing"), five), false},
      {"missing <> 5", Condition::NotEqual(Path("missing"), five), true},
      {"missing = other missing", Condition::Equal(Path("missing"), Path("gone")), false},
      {"missing <> other missing", Condition::NotEqual(Path("missing"), Path("gone")), true},
      {"missing < 5", Condition::Less(Path("missing"), five), false},
      {"map.count = 3", Condition::Equal(Path("map").Field("count"), V::N(3)), true},
      {"list[2].deep = y", Condition::Equal(Path("list").Index(2).Field("deep"), V::S("y")), true},
      {"list[1] = y", Condition::Equal(Path("list").Index(1), V::S("y")), false},
      {"list[9] <> y", Condition::NotEqual(Path("list").Index(9), V::S("y")), true},
      {"s.field (not a map)", Condition::AttributeExists(Path("s").Field("x")), false},
      {"map[0] (not a list)", Condition::AttributeExists(Path("map").Index(0)), false},
      {"map = whole map", Condition::Equal(Path("map"), Subject().at("map")), true},
      {"map = map with 3.0",
       Condition::Equal(Path("map"), V::M({{"inner", V::S("v")}, {"count", V::N("3.0")}})), true},
      {"tags = same set, other order", Condition::Equal(Path("tags"), V::SS({"c", "a", "b"})),
       true},
      {"nums = {2.0, 1}", Condition::Equal(Path("nums"), V::NS({"2.0", "1"})), true},
      {"nums = {1}", Condition::Equal(Path("nums"), V::NS({"1"})), false},
      {"list = list", Condition::Equal(Path("list"), Subject().at("list")), true},
      {"flag = true", Condition::Equal(Path("flag"), V::Bool(true)), true},
      {"flag = false", Condition::Equal(Path("flag"), V::Bool(false)), false},
      {"nothing = NULL", Condition::Equal(Path("nothing"), V::Null()), true},
      // BETWEEN.
      {"n between 1 and 5", Condition::Between(Path("n"), V::N(1), five), true},
      {"n between 5 and 5", Condition::Between(Path("n"), five, five), true},
      {"n between 6 and 9", Condition::Between(Path("n"), V::N(6), V::N(9)), false},
      {"s between a and i", Condition::Between(Path("s"), V::S("a"), V::S("i")), true},
      {"s between i and z", Condition::Between(Path("s"), V::S("i"), V::S("z")), false},
      {"n between paths", Condition::Between(Path("n"), V::N(0), Path("m10")), true},
      {"n between reversed paths", Condition::Between(Path("n"), Path("m10"), V::N(0)), false},
      {"n between strings", Condition::Between(Path("n"), V::S("0"), V::S("9")), false},
      {"missing between", Condition::Between(Path("missing"), V::N(0), V::N(9)), false},
      // IN.
      {"status in (x, active)", Condition::In(Path("status"), {V::S("x"), V::S("active")}), true},
      {"status in (x, y)", Condition::In(Path("status"), {V::S("x"), V::S("y")}), false},
      {"n in (1..100)", Condition::In(Path("n"), hundred), true},
      {"n in (\"5\", 5.0)", Condition::In(Path("n"), {V::S("5"), V::N("5.0")}), true},
      {"missing in (5)", Condition::In(Path("missing"), {five}), false},
      // attribute_exists / attribute_not_exists.
      {"exists(status)", Condition::AttributeExists("status"), true},
      {"exists(missing)", Condition::AttributeExists("missing"), false},
      {"exists(map.inner)", Condition::AttributeExists(Path("map").Field("inner")), true},
      {"exists(list[5])", Condition::AttributeExists(Path("list").Index(5)), false},
      {"exists(nothing) (NULL value)", Condition::AttributeExists("nothing"), true},
      {"not_exists(missing)", Condition::AttributeNotExists("missing"), true},
      {"not_exists(status)", Condition::AttributeNotExists("status"), false},
      {"not_exists(map.other)", Condition::AttributeNotExists(Path("map").Field("other")), true},
      // attribute_type.
      {"type(s, S)", Condition::AttributeType("s", V::Type::kS), true},
      {"type(n, N)", Condition::AttributeType("n", V::Type::kN), true},
      {"type(b, B)", Condition::AttributeType("b", V::Type::kB), true},
      {"type(flag, BOOL)", Condition::AttributeType("flag", V::Type::kBool), true},
      {"type(nothing, NULL)", Condition::AttributeType("nothing", V::Type::kNull), true},
      {"type(map, M)", Condition::AttributeType("map", V::Type::kM), true},
      {"type(list, L)", Condition::AttributeType("list", V::Type::kL), true},
      {"type(tags, SS)", Condition::AttributeType("tags", V::Type::kSS), true},
      {"type(nums, NS)", Condition::AttributeType("nums", V::Type::kNS), true},
      {"type(bins, BS)", Condition::AttributeType("bins", V::Type::kBS), true},
      {"type(tags, NS)", Condition::AttributeType("tags", V::Type::kNS), false},
      {"type(n, S)", Condition::AttributeType("n", V::Type::kS), false},
      {"type(missing, S)", Condition::AttributeType("missing", V::Type::kS), false},
      {"type(map.count, N)", Condition::AttributeType(Path("map").Field("count"), V::Type::kN),
       true},
      // begins_with.
      {"begins_with(s, hello)", Condition::BeginsWith("s", V::S("hello")), true},
      {"begins_with(s, world)", Condition::BeginsWith("s", V::S("world")), false},
      {"begins_with(s, \"\")", Condition::BeginsWith("s", V::S("")), true},
      {"begins_with(b, 0x0102)", Condition::BeginsWith("b", V::B("\x01\x02")), true},
      {"begins_with(b, 0x02)", Condition::BeginsWith("b", V::B("\x02")), false},
      {"begins_with(s, B prefix)", Condition::BeginsWith("s", V::B("hello")), false},
      {"begins_with(n, \"5\")", Condition::BeginsWith("n", V::S("5")), false},
      {"begins_with(missing)", Condition::BeginsWith("missing", V::S("")), false},
      // contains.
      {"contains(s, lo wo)", Condition::Contains("s", V::S("lo wo")), true},
      {"contains(s, xyz)", Condition::Contains("s", V::S("xyz")), false},
      {"contains(b, 0x02 0x03)", Condition::Contains("b", V::B("\x02\x03")), true},
      {"contains(b, 0x04)", Condition::Contains("b", V::B("\x04")), false},
      {"contains(tags, b)", Condition::Contains("tags", V::S("b")), true},
      {"contains(tags, z)", Condition::Contains("tags", V::S("z")), false},
      {"contains(nums, 2)", Condition::Contains("nums", V::N(2)), true},
      {"contains(nums, 2.0)", Condition::Contains("nums", V::N("2.0")), true},
      {"contains(nums, \"2\")", Condition::Contains("nums", V::S("2")), false},
      {"contains(bins, z)", Condition::Contains("bins", V::B("z")), true},
      {"contains(list, x)", Condition::Contains("list", V::S("x")), true},
      {"contains(list, 1)", Condition::Contains("list", V::N(1)), true},
      {"contains(list, 2)", Condition::Contains("list", V::N(2)), false},
      {"contains(list, map)", Condition::Contains("list", V::M({{"deep", V::S("y")}})), true},
      {"contains(s, path)", Condition::Contains("s", Path("map").Field("inner")), false},
      {"contains(s, path to x)", Condition::Contains("s", Path("list").Index(1)), false},
      {"contains(tags, path status)", Condition::Contains("tags", Path("status")), false},
      {"contains(n, 5)", Condition::Contains("n", V::N(5)), false},
      {"contains(missing, x)", Condition::Contains("missing", V::S("x")), false},
      {"contains(s, missing path)", Condition::Contains("s", Path("missing")), false},
      // size().
      {"size(s) = 11", Condition::Equal(Size(Path("s")), V::N(11)), true},
      {"size(unicode) = 3 (UTF-16 units)", Condition::Equal(Size(Path("unicode")), V::N(3)), true},
      {"size(b) = 4", Condition::Equal(Size(Path("b")), V::N(4)), true},
      {"size(tags) = 3", Condition::Equal(Size(Path("tags")), V::N(3)), true},
      {"size(tags) > 3", Condition::Greater(Size(Path("tags")), V::N(3)), false},
      {"size(list) between 2 and 3", Condition::Between(Size(Path("list")), V::N(2), V::N(3)),
       true},
      {"size(map) = 2", Condition::Equal(Size(Path("map")), V::N(2)), true},
      {"size(name) < size(s)", Condition::Less(Size(Path("name")), Size(Path("s"))), true},
      {"size(map.inner) = 1", Condition::Equal(Size(Path("map").Field("inner")), V::N(1)), true},
      {"size(missing) = 0", Condition::Equal(Size(Path("missing")), V::N(0)), false},
      {"size(n) = 1 (numbers have no size)", Condition::Equal(Size(Path("n")), V::N(1)), false},
      {"size(n) <> 1", Condition::NotEqual(Size(Path("n")), V::N(1)), true},
      {"size(flag) = 1", Condition::Equal(Size(Path("flag")), V::N(1)), false},
      {"size(nothing) = 1", Condition::Equal(Size(Path("nothing")), V::N(1)), false},
      {"size(s) = \"11\"", Condition::Equal(Size(Path("s")), V::S("11")), false},
      {"size(s) > m10", Condition::Greater(Size(Path("s")), Path("m10")), true},
      // AND / OR / NOT.
      {"true AND true",
       Condition::And(Condition::Equal(Path("n"), five), Condition::AttributeExists("s")), true},
      {"true AND false",
       Condition::And(Condition::Equal(Path("n"), five), Condition::AttributeExists("missing")),
       false},
      {"false OR true",
       Condition::Or(Condition::Equal(Path("n"), V::N(6)), Condition::AttributeExists("s")), true},
      {"false OR false",
       Condition::Or(Condition::Equal(Path("n"), V::N(6)), Condition::AttributeExists("missing")),
       false},
      {"NOT false", Condition::Not(Condition::Equal(Path("n"), V::N(6))), true},
      {"NOT true", Condition::Not(Condition::Equal(Path("n"), five)), false},
      {"(a || b) && !c",
       (Condition::Equal(Path("n"), V::N(6)) || Condition::BeginsWith("s", V::S("he"))) &&
           !Condition::AttributeExists("missing"),
       true},
      {"a && (b || !c)",
       Condition::Equal(Path("n"), five) &&
           (Condition::Equal(Path("n"), V::N(6)) || !Condition::Contains("s", V::S("hello"))),
       false},
      {"NOT NOT a", !!Condition::Equal(Path("n"), five), true},
      {"empty condition", Condition(), true},
  };
}

TEST(EvaluateCondition, EveryFormPassesAndFails) {
  const Item subject = Subject();
  for (const Case& c : Cases()) {
    SCOPED_TRACE(c.label);
    ASSERT_OK(ValidateCondition(c.condition, "condition"));
    EXPECT_EQ(EvaluateCondition(c.condition, subject), c.passes);
  }
}

TEST(EvaluateCondition, AnAbsentItemIsAnEmptyOne) {
  EXPECT_TRUE(EvaluateCondition(Condition::AttributeNotExists("pk"), Item()));
  EXPECT_FALSE(EvaluateCondition(Condition::AttributeExists("pk"), Item()));
  EXPECT_FALSE(EvaluateCondition(Condition::Equal(Path("v"), V::N(1)), Item()));
  EXPECT_TRUE(EvaluateCondition(Condition::NotEqual(Path("v"), V::N(1)), Item()));
}

TEST(ValidateCondition, RefusesWhatDynamoDbCallsInvalid) {
  const std::vector<std::pair<std::string, Condition>> invalid = {
      {"BETWEEN z AND a", Condition::Between(Path("s"), V::S("z"), V::S("a"))},
      {"BETWEEN 9 AND 1", Condition::Between(Path("v"), V::N(9), V::N(1))},
      {"BETWEEN 10 AND 9.5", Condition::Between(Path("v"), V::N(10), V::N("9.5"))},
      {"BETWEEN 1 AND \"x\"", Condition::Between(Path("v"), V::N(1), V::S("x"))},
      {"begins_with on N", Condition::BeginsWith("s", V::N(1))},
      {"< on BOOL", Condition::Less(Path("v"), V::Bool(true))},
      {"v = v", Condition::Equal(Path("v"), Path("v"))},
      {"contains(a, a)", Condition::Contains("a", Path("a"))},
      {"IN ()", Condition::In(Path("v"), {})},
      {"empty set", Condition::Contains("tags", V::SS({}))},
      {"bad number", Condition::Equal(Path("v"), V::N("1e999"))},
      {"nested bad number", Condition::Equal(Path("v"), V::L({V::N("12abc")}))},
      {"duplicate set members", Condition::Equal(Path("v"), V::NS({"1", "1.0"}))},
      {"empty path segment", Condition::AttributeExists(Path("a").Field(""))},
      {"NOT of nothing", Condition::Not(Condition())},
      {"invalid UTF-8", Condition::Equal(Path("v"), V::S("\xff"))},
  };
  for (const auto& [label, condition] : invalid) {
    SCOPED_TRACE(label);
    Status status = ValidateCondition(condition, "filter");
    ASSERT_FALSE(status.ok());
    EXPECT_EQ(status.error().code, Error::Code::kInvalidArgument);
    EXPECT_EQ(status.error().message.rfind("filter: ", 0), 0u) << status.error().message;
  }
  EXPECT_OK(ValidateCondition(Condition(), "condition"));
  EXPECT_OK(ValidateCondition(Condition::Contains("a", Path("b")), "condition"));
  EXPECT_OK(ValidateCondition(Condition::Between(Path("v"), V::N(1), V::N("1.0")), "condition"));
}

TEST(ResolvePath, WalksMapsAndLists) {
  Item item = Subject();
  ASSERT_NE(ResolvePath(item, Path("list").Index(2).Field("deep")), nullptr);
  EXPECT_EQ(*ResolvePath(item, Path("list").Index(2).Field("deep")), V::S("y"));
  EXPECT_EQ(ResolvePath(item, Path("list").Index(3)), nullptr);
  EXPECT_EQ(ResolvePath(item, Path("list").Field("deep")), nullptr);
  EXPECT_EQ(ResolvePath(item, Path("map").Index(0)), nullptr);
  EXPECT_EQ(ResolvePath(item, Path("nope")), nullptr);
}

TEST(SameValue, IsDeepAndNumeric) {
  EXPECT_TRUE(SameValue(V::N("1"), V::N("1.00")));
  EXPECT_FALSE(SameValue(V::N("1"), V::S("1")));
  EXPECT_TRUE(SameValue(V::L({V::N("1"), V::M({{"a", V::N("2.0")}})}),
                        V::L({V::N("1.0"), V::M({{"a", V::N("2")}})})));
  EXPECT_FALSE(SameValue(V::L({V::N(1), V::N(2)}), V::L({V::N(2), V::N(1)})));
  EXPECT_FALSE(SameValue(V::M({{"a", V::N(1)}}), V::M({{"b", V::N(1)}})));
  EXPECT_TRUE(SameValue(V::BS({"x", "y"}), V::BS({"y", "x"})));
  EXPECT_FALSE(SameValue(V::SS({"x"}), V::BS({"x"})));
}

}  // namespace
}  // namespace homeboard::store::sqlite
