// ItemStore conformance, conditions: every condition form on writes and as a query filter,
// conditional puts, deletes and updates of absent items.
// (The shared fixture, its tables and conventions: store_conformance.h.)
#include "store_conformance.h"

namespace homeboard::store {
namespace {

// --- Conditions ------------------------------------------------------------------------------


struct ConditionCase {
  std::string name;
  Condition condition;
  bool passes;
  // Filters may not name key attributes (DynamoDB: "Filter Expression can only contain
  // non-primary key attributes"), conditions may.
  bool usable_as_filter = true;
};

std::vector<ConditionCase> ConditionCases() {
  using C = Condition;
  const Path absent("zz");
  std::vector<ConditionCase> cases = {
      // Comparisons of numbers are numeric, of strings and binaries bytewise (unsigned).
      {"n = 10", C::Equal(Path("n"), V::N("10")), true},
      {"n = 10.0", C::Equal(Path("n"), V::N("10.0")), true},
      {"n = 1E+1", C::Equal(Path("n"), V::N("1E+1")), true},
      {"n = 11", C::Equal(Path("n"), V::N("11")), false},
      {"n <> 11", C::NotEqual(Path("n"), V::N("11")), true},
      {"n <> 10", C::NotEqual(Path("n"), V::N("10")), false},
      {"n < 9 (numeric, not \"10\" < \"9\")", C::Less(Path("n"), V::N("9")), false},
      {"n > 9", C::Greater(Path("n"), V::N("9")), true},
      {"n >= 10", C::GreaterOrEqual(Path("n"), V::N("10")), true},
      {"n <= 9.99", C::LessOrEqual(Path("n"), V::N("9.99")), false},
      {"n < 1E+1", C::Less(Path("n"), V::N("1E+1")), false},
      {"n <= 1E+1", C::LessOrEqual(Path("n"), V::N("1E+1")), true},
      {"n > -5", C::Greater(Path("n"), V::N("-5")), true},
      {"n > 9.999999999999999999999999999999999999",
       C::Greater(Path("n"), V::N("9.999999999999999999999999999999999999")), true},
      {"s = hello world", C::Equal(Path("s"), V::S("hello world")), true},
      {"s < hello x", C::Less(Path("s"), V::S("hello x")), true},
      {"s > Hello (uppercase sorts first)", C::Greater(Path("s"), V::S("Hello")), true},
      {"s < hellp", C::Less(Path("s"), V::S("hellp")), true},
      {"s >= hello world!", C::GreaterOrEqual(Path("s"), V::S("hello world!")), false},
      {"s < h\xC3\xA9 (UTF-8 bytes)", C::Less(Path("s"), V::S("h\xC3\xA9")), true},
      {"b = 010203", C::Equal(Path("b"), V::B(Bytes({1, 2, 3}))), true},
      {"b < 010204", C::Less(Path("b"), V::B(Bytes({1, 2, 4}))), true},
      {"b > 0102", C::Greater(Path("b"), V::B(Bytes({1, 2}))), true},
      {"b < FF (unsigned bytes)", C::Less(Path("b"), V::B(Bytes({0xFF}))), true},
      {"b > 80 (unsigned bytes)", C::Greater(Path("b"), V::B(Bytes({0x80}))), false},
      // Different types: never equal, never ordered; <> is true.
      {"n = \"10\"", C::Equal(Path("n"), V::S("10")), false},
      {"n <> \"10\"", C::NotEqual(Path("n"), V::S("10")), true},
      {"n < \"9\"", C::Less(Path("n"), V::S("9")), false},
      {"n > \"9\"", C::Greater(Path("n"), V::S("9")), false},
      {"s > 1", C::Greater(Path("s"), V::N(1)), false},
      {"b = \"\\x01\\x02\\x03\"", C::Equal(Path("b"), V::S(Bytes({1, 2, 3}))), false},
      {"list < 1", C::Less(Path("list"), V::N(1)), false},
      // A missing attribute equals nothing and differs from everything.
      {"zz = x", C::Equal(absent, V::S("x")), false},
      {"zz <> x", C::NotEqual(absent, V::S("x")), true},
      {"zz < x", C::Less(absent, V::S("x")), false},
      {"NOT zz = x", C::Not(C::Equal(absent, V::S("x"))), true},
      {"NOT zz <> x", C::Not(C::NotEqual(absent, V::S("x"))), false},
      {"n = zz", C::Equal(Path("n"), absent), false},
      {"n <> zz", C::NotEqual(Path("n"), absent), true},
      // Paths on both sides, nested paths and list indexes.
      {"n > map.inner.deep", C::Greater(Path("n"), Path("map").Field("inner").Field("deep")), true},
      {"n = map.inner.deep", C::Equal(Path("n"), Path("map").Field("inner").Field("deep")), false},
      {"map.inner.deep = 5", C::Equal(Path("map").Field("inner").Field("deep"), V::N(5)), true},
      {"list[0] = a", C::Equal(Path("list").Index(0), V::S("a")), true},
      {"list[1] > 0", C::Greater(Path("list").Index(1), V::N(0)), true},
      {"list[2].x = y", C::Equal(Path("list").Index(2).Field("x"), V::S("y")), true},
      {"list[7] = a", C::Equal(Path("list").Index(7), V::S("a")), false},
      {"map.word = list[0]", C::Equal(Path("map").Field("word"), Path("list").Index(0)), false},
      {"s[0] = h (not a list)", C::Equal(Path("s").Index(0), V::S("h")), false},
      // Whole values: lists ordered, maps by name, sets as sets, numbers by value.
      {"flag = true", C::Equal(Path("flag"), V::Bool(true)), true},
      {"flag = false", C::Equal(Path("flag"), V::Bool(false)), false},
      {"nothing = NULL", C::Equal(Path("nothing"), V::Null()), true},
      {"list = [a, 1.0, {x: y}]",
       C::Equal(Path("list"), V::L({V::S("a"), V::N("1.0"), V::M({{"x", V::S("y")}})})), true},
      {"list = [1, a, {x: y}]",
       C::Equal(Path("list"), V::L({V::N(1), V::S("a"), V::M({{"x", V::S("y")}})})), false},
      {"tags = {green, red}", C::Equal(Path("tags"), V::SS({"green", "red"})), true},
      {"tags = {red}", C::Equal(Path("tags"), V::SS({"red"})), false},
      {"nums = {3, 2, 1.0}", C::Equal(Path("nums"), V::NS({"3", "2", "1.0"})), true},
      {"tags <> {x}", C::NotEqual(Path("tags"), V::SS({"x"})), true},
      {"map.inner = {deep: 5.00}",
       C::Equal(Path("map").Field("inner"), V::M({{"deep", V::N("5.00")}})), true},
      {"map = {word: abc}", C::Equal(Path("map"), V::M({{"word", V::S("abc")}})), false},
      // BETWEEN (inclusive), numeric for numbers.
      {"n BETWEEN 9 AND 11", C::Between(Path("n"), V::N(9), V::N(11)), true},
      {"n BETWEEN 10 AND 10", C::Between(Path("n"), V::N(10), V::N(10)), true},
      {"n BETWEEN 11 AND 20", C::Between(Path("n"), V::N(11), V::N(20)), false},
      {"n BETWEEN 2 AND 100 (numeric)", C::Between(Path("n"), V::N(2), V::N(100)), true},
      {"n BETWEEN -100 AND -1", C::Between(Path("n"), V::N(-100), V::N(-1)), false},
      {"s BETWEEN a AND z", C::Between(Path("s"), V::S("a"), V::S("z")), true},
      {"s BETWEEN hello world AND hello world",
       C::Between(Path("s"), V::S("hello world"), V::S("hello world")), true},
      {"s BETWEEN A AND Z", C::Between(Path("s"), V::S("A"), V::S("Z")), false},
      {"b BETWEEN 01 AND 02", C::Between(Path("b"), V::B(Bytes({1})), V::B(Bytes({2}))), true},
      {"s BETWEEN 1 AND 2 (other type)", C::Between(Path("s"), V::N(1), V::N(2)), false},
      {"zz BETWEEN 1 AND 2", C::Between(absent, V::N(1), V::N(2)), false},
      {"NOT zz BETWEEN 1 AND 2", C::Not(C::Between(absent, V::N(1), V::N(2))), true},
      {"size(s) BETWEEN 10 AND 12", C::Between(Size(Path("s")), V::N(10), V::N(12)), true},
      // IN.
      {"n IN (1, 10)", C::In(Path("n"), {V::N(1), V::N(10)}), true},
      {"n IN (10.00)", C::In(Path("n"), {V::N("10.00")}), true},
      {"n IN (\"10\", 11)", C::In(Path("n"), {V::S("10"), V::N(11)}), false},
      {"s IN (x, y)", C::In(Path("s"), {V::S("x"), V::S("y")}), false},
      {"s IN (x, hello world)", C::In(Path("s"), {V::S("x"), V::S("hello world")}), true},
      {"nums IN ({3, 2, 1})", C::In(Path("nums"), {V::NS({"3", "2", "1"})}), true},
      {"flag IN (true)", C::In(Path("flag"), {V::Bool(true)}), true},
      {"zz IN (x)", C::In(absent, {V::S("x")}), false},
      {"NOT zz IN (x)", C::Not(C::In(absent, {V::S("x")})), true},
      // attribute_exists / attribute_not_exists.
      {"exists(s)", C::AttributeExists("s"), true},
      {"exists(nothing) (NULL exists)", C::AttributeExists("nothing"), true},
      {"exists(zz)", C::AttributeExists(absent), false},
      {"not_exists(zz)", C::AttributeNotExists(absent), true},
      {"not_exists(s)", C::AttributeNotExists("s"), false},
      {"exists(map.inner.deep)", C::AttributeExists(Path("map").Field("inner").Field("deep")),
       true},
      {"exists(map.inner.zz)", C::AttributeExists(Path("map").Field("inner").Field("zz")), false},
      {"exists(list[2].x)", C::AttributeExists(Path("list").Index(2).Field("x")), true},
      {"exists(list[5])", C::AttributeExists(Path("list").Index(5)), false},
      {"not_exists(list[5])", C::AttributeNotExists(Path("list").Index(5)), true},
      {"exists(s[0])", C::AttributeExists(Path("s").Index(0)), false},
      {"exists(s.x)", C::AttributeExists(Path("s").Field("x")), false},
      {"not_exists(s.x)", C::AttributeNotExists(Path("s").Field("x")), true},
      {"exists(pk)", C::AttributeExists("pk"), true, false},
      // attribute_type.
      {"type(s) = S", C::AttributeType("s", V::Type::kS), true},
      {"type(n) = N", C::AttributeType("n", V::Type::kN), true},
      {"type(b) = B", C::AttributeType("b", V::Type::kB), true},
      {"type(flag) = BOOL", C::AttributeType("flag", V::Type::kBool), true},
      {"type(nothing) = NULL", C::AttributeType("nothing", V::Type::kNull), true},
      {"type(tags) = SS", C::AttributeType("tags", V::Type::kSS), true},
      {"type(nums) = NS", C::AttributeType("nums", V::Type::kNS), true},
      {"type(bins) = BS", C::AttributeType("bins", V::Type::kBS), true},
      {"type(list) = L", C::AttributeType("list", V::Type::kL), true},
      {"type(map) = M", C::AttributeType("map", V::Type::kM), true},
      {"type(list[2]) = M", C::AttributeType(Path("list").Index(2), V::Type::kM), true},
      {"type(n) = S", C::AttributeType("n", V::Type::kS), false},
      {"type(tags) = L", C::AttributeType("tags", V::Type::kL), false},
      {"type(zz) = S", C::AttributeType(absent, V::Type::kS), false},
      {"NOT type(zz) = S", C::Not(C::AttributeType(absent, V::Type::kS)), true},
      // begins_with.
      {"begins_with(s, hello)", C::BeginsWith("s", V::S("hello")), true},
      {"begins_with(s, hello world)", C::BeginsWith("s", V::S("hello world")), true},
      {"begins_with(s, Hello)", C::BeginsWith("s", V::S("Hello")), false},
      {"begins_with(s, world)", C::BeginsWith("s", V::S("world")), false},
      {"begins_with(b, 0102)", C::BeginsWith("b", V::B(Bytes({1, 2}))), true},
      {"begins_with(b, 02)", C::BeginsWith("b", V::B(Bytes({2}))), false},
      {"begins_with(n, \"1\")", C::BeginsWith("n", V::S("1")), false},
      {"begins_with(s, B\"hello\")", C::BeginsWith("s", V::B("hello")), false},
      {"begins_with(zz, x)", C::BeginsWith(absent, V::S("x")), false},
      {"NOT begins_with(zz, x)", C::Not(C::BeginsWith(absent, V::S("x"))), true},
      // contains: substring, set element, list element.
      {"contains(s, lo w)", C::Contains("s", V::S("lo w")), true},
      {"contains(s, xyz)", C::Contains("s", V::S("xyz")), false},
      {"contains(s, 1)", C::Contains("s", V::N(1)), false},
      {"contains(tags, red)", C::Contains("tags", V::S("red")), true},
      {"contains(tags, re) (element, not substring)", C::Contains("tags", V::S("re")), false},
      {"contains(tags, blue)", C::Contains("tags", V::S("blue")), false},
      {"contains(tags, {red})", C::Contains("tags", V::SS({"red"})), false},
      {"contains(nums, 2.0)", C::Contains("nums", V::N("2.0")), true},
      {"contains(nums, 4)", C::Contains("nums", V::N(4)), false},
      {"contains(bins, 01)", C::Contains("bins", V::B(Bytes({1}))), true},
      {"contains(list, a)", C::Contains("list", V::S("a")), true},
      {"contains(list, 1.0)", C::Contains("list", V::N("1.0")), true},
      {"contains(list, {x: y})", C::Contains("list", V::M({{"x", V::S("y")}})), true},
      {"contains(list, b)", C::Contains("list", V::S("b")), false},
      {"contains(map, word) (maps do not contain)", C::Contains("map", V::S("word")), false},
      {"contains(n, 1)", C::Contains("n", V::N(1)), false},
      // Not in DynamoDB's list of contains() operand types, but DynamoDB Local matches a
      // byte substring, and so does the SQLite engine.
      {"contains(b, 02) (byte substring)", C::Contains("b", V::B(Bytes({2}))), true},
      {"contains(b, 0103)", C::Contains("b", V::B(Bytes({1, 3}))), false},
      {"contains(s, map.word)", C::Contains("s", Path("map").Field("word")), false},
      {"contains(list, map.word)", C::Contains("list", Path("map").Field("word")), false},
      {"contains(tags, list[0])", C::Contains("tags", Path("list").Index(0)), false},
      {"NOT contains(zz, x)", C::Not(C::Contains(absent, V::S("x"))), true},
      // size().
      {"size(s) = 11", C::Equal(Size("s"), V::N(11)), true},
      {"size(s) > 20", C::Greater(Size("s"), V::N(20)), false},
      {"size(b) = 3", C::Equal(Size("b"), V::N(3)), true},
      {"size(tags) = 2", C::Equal(Size("tags"), V::N(2)), true},
      {"size(nums) = 3", C::Equal(Size("nums"), V::N(3)), true},
      {"size(bins) = 2", C::Equal(Size("bins"), V::N(2)), true},
      {"size(list) = 3", C::Equal(Size("list"), V::N(3)), true},
      {"size(map) = 2", C::Equal(Size("map"), V::N(2)), true},
      {"size(map.inner) = 1", C::Equal(Size(Path("map").Field("inner")), V::N(1)), true},
      {"size(list) < size(s)", C::Less(Size("list"), Size("s")), true},
      {"size(zz) > 0", C::Greater(Size(absent), V::N(0)), false},
      {"size(zz) <> 1", C::NotEqual(Size(absent), V::N(1)), true},
      {"size(n) > 0 (numbers have no size)", C::Greater(Size("n"), V::N(0)), false},
      {"NOT size(n) > 0", C::Not(C::Greater(Size("n"), V::N(0))), true},
      {"size(flag) > 0", C::Greater(Size("flag"), V::N(0)), false},
      // AND / OR / NOT.
      {"true AND true", C::And(C::AttributeExists("s"), C::Equal(Path("n"), V::N(10))), true},
      {"true AND false", C::And(C::AttributeExists("s"), C::Equal(Path("n"), V::N(11))), false},
      {"false OR true", C::Or(C::AttributeExists(absent), C::Equal(Path("n"), V::N(10))), true},
      {"false OR false", C::Or(C::AttributeExists(absent), C::Equal(Path("n"), V::N(11))), false},
      {"NOT false", C::Not(C::AttributeExists(absent)), true},
      {"NOT true", C::Not(C::AttributeExists("s")), false},
      {"NOT (true AND false)", C::Not(C::And(C::AttributeExists("s"), C::AttributeExists(absent))),
       true},
      {"(false OR true) AND NOT false AND true",
       C::And({C::Or(C::AttributeExists(absent), C::BeginsWith("s", V::S("he"))),
               C::Not(C::Contains("tags", V::S("blue"))), C::Less(Size("list"), V::N(4))}),
       true},
      {"false OR (true AND false) OR NOT true",
       C::Or({C::AttributeExists(absent),
              C::And(C::AttributeExists("s"), C::AttributeExists(absent)),
              C::Not(C::AttributeExists("s"))}),
       false},
  };
  return cases;
}

// Each condition on a conditional Update, then as a query filter: the write happens exactly
// when the condition holds (else kConditionFailed and the item is unchanged), and the filter
// keeps the item exactly then.
TEST_P(StoreConformance, EveryConditionFormPassesOrFailsAsInDynamoDb) {
  const Item key = Key("cond", "1");
  const Item base = ConditionBase(key);
  for (const ConditionCase& c : ConditionCases()) {
    SCOPED_TRACE(c.name);
    ASSERT_OK(PutItem(items_, base));
    Result<Item> updated = store().Update(UpdateRequest{.table = items_.name,
                                                        .key = key,
                                                        .update = Update().Set("marker", V::S("w")),
                                                        .condition = c.condition});
    if (c.passes) {
      ASSERT_TRUE(updated.ok()) << updated.error().ToString();
      EXPECT_SAME_ITEMS(*updated, With(base, "marker", V::S("w")));
    } else {
      EXPECT_CODE(updated, Code::kConditionFailed);
      EXPECT_SAME_ITEMS(Read(items_, key), base);
    }
    if (!c.usable_as_filter) continue;
    QueryRequest query = ItemsQuery("cond");
    query.filter = c.condition;
    ASSERT_OK_AND_ASSIGN(std::vector<Item> found, Drain(query));
    EXPECT_EQ(found.size(), c.passes ? 1u : 0u) << "as a filter";
  }
}

TEST_P(StoreConformance, ConditionalPutAndDelete) {
  const Item key = Key("cond", "pd");
  const Item base = ConditionBase(key);
  // Put if absent: creates, then fails.
  ASSERT_OK(PutItem(items_, base, Condition::AttributeNotExists("pk")));
  EXPECT_CODE(PutItem(items_, With(key, "other", V::N(1)), Condition::AttributeNotExists("pk")),
              Code::kConditionFailed);
  EXPECT_SAME_ITEMS(Read(items_, key), base);
  // Optimistic concurrency on a version-like number.
  EXPECT_CODE(PutItem(items_, With(key, "n", V::N(11)), Condition::Equal(Path("n"), V::N(9))),
              Code::kConditionFailed);
  EXPECT_SAME_ITEMS(Read(items_, key), base);
  ASSERT_OK(PutItem(items_, With(key, "n", V::N(11)), Condition::Equal(Path("n"), V::N(10))));
  EXPECT_SAME_ITEMS(Read(items_, key), With(key, "n", V::N(11)));

  // Delete with a false condition keeps the item; a true one deletes and returns it.
  EXPECT_CODE(
      store().Delete(DeleteRequest{
          .table = items_.name, .key = key, .condition = Condition::Equal(Path("n"), V::N(10))}),
      Code::kConditionFailed);
  EXPECT_SAME_ITEMS(Read(items_, key), With(key, "n", V::N(11)));
  ASSERT_OK_AND_ASSIGN(
      std::optional<Item> old,
      store().Delete(DeleteRequest{
          .table = items_.name, .key = key, .condition = Condition::Equal(Path("n"), V::N(11))}));
  ASSERT_TRUE(old.has_value());
  EXPECT_SAME_ITEMS(*old, With(key, "n", V::N(11)));
  // On an absent item a condition sees no attributes.
  EXPECT_CODE(store().Delete(DeleteRequest{
                  .table = items_.name, .key = key, .condition = Condition::AttributeExists("pk")}),
              Code::kConditionFailed);
  ASSERT_OK_AND_ASSIGN(
      old,
      store().Delete(DeleteRequest{
          .table = items_.name, .key = key, .condition = Condition::AttributeNotExists("pk")}));
  EXPECT_FALSE(old.has_value());
}

TEST_P(StoreConformance, ConditionalUpdateOfAnAbsentItem) {
  const Item key = Key("cond", "absent");
  // attribute_exists on an absent item fails, and nothing is created.
  EXPECT_CODE(store().Update(UpdateRequest{.table = items_.name,
                                           .key = key,
                                           .update = Update().Set("a", V::N(1)),
                                           .condition = Condition::AttributeExists("pk")}),
              Code::kConditionFailed);
  ASSERT_OK_AND_ASSIGN(std::optional<Item> none, GetItem(items_, key));
  EXPECT_FALSE(none.has_value());
  // Comparisons against the absent item's attributes: = false, <> true.
  EXPECT_CODE(store().Update(UpdateRequest{.table = items_.name,
                                           .key = key,
                                           .update = Update().Set("a", V::N(1)),
                                           .condition = Condition::Equal(Path("v"), V::N(0))}),
              Code::kConditionFailed);
  ASSERT_OK_AND_ASSIGN(Item created, store().Update(UpdateRequest{
                                         .table = items_.name,
                                         .key = key,
                                         .update = Update().Set("a", V::N(1)),
                                         .condition = Condition::NotEqual(Path("v"), V::N(0))}));
  EXPECT_SAME_ITEMS(created, With(key, "a", V::N(1)));
}

HOMEBOARD_INSTANTIATE_STORE_CONFORMANCE();

}  // namespace
}  // namespace homeboard::store
