// Tests for the typed expression builders: the exact strings and placeholder maps each form
// renders to, aliasing and reuse, validation failures (which must leave the maps untouched),
// parenthesisation, idempotency and DynamoDB's limits.
#include "ddb/expression.h"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "testing/status_matchers.h"

namespace homeboard::ddb {
namespace {

using Names = std::map<std::string, std::string>;

AttributeValue S(std::string s) { return AttributeValue::S(std::move(s)); }
AttributeValue N(std::int64_t n) { return AttributeValue::N(n); }

// Renders `expression` into fresh aliases and expects success.
template <typename Expression>
std::string RenderOk(const Expression& expression, ExpressionAliases& aliases) {
  Result<std::string> rendered = Render(expression, aliases);
  EXPECT_TRUE(rendered.ok()) << rendered.error().ToString();
  return rendered.ok() ? *rendered : std::string("<error>");
}

// Expects rendering to fail with kInvalidArgument, leaving `aliases` exactly as before.
template <typename Expression>
void ExpectInvalid(const Expression& expression, ExpressionAliases& aliases,
                   std::string_view message_part) {
  Names names_before = aliases.names();
  Item values_before = aliases.values();
  Result<std::string> rendered = Render(expression, aliases);
  ASSERT_FALSE(rendered.ok()) << "rendered: " << *rendered;
  EXPECT_EQ(rendered.error().code(), errc::kInvalidArgument);
  EXPECT_NE(rendered.error().message().find(message_part), std::string::npos)
      << rendered.error().message();
  EXPECT_EQ(aliases.names(), names_before);
  EXPECT_EQ(aliases.values(), values_before);
}

// True if some parenthesised group is exactly another group, "((...))", which DynamoDB
// rejects: "The expression has redundant parentheses".
bool HasRedundantParentheses(std::string_view text) {
  std::vector<std::size_t> open;
  std::vector<std::pair<std::size_t, std::size_t>> groups;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '(') open.push_back(i);
    if (text[i] == ')' && !open.empty()) {
      groups.emplace_back(open.back(), i);
      open.pop_back();
    }
  }
  for (const auto& [begin, end] : groups) {
    for (const auto& [inner_begin, inner_end] : groups) {
      if (inner_begin == begin + 1 && inner_end + 1 == end) return true;
    }
  }
  return false;
}

template <typename Expression>
void ExpectInvalid(const Expression& expression, std::string_view message_part) {
  ExpressionAliases aliases;
  ExpectInvalid(expression, aliases, message_part);
  EXPECT_TRUE(aliases.empty());
}

// ----------------------------------------------------------------------------- Path

TEST(ExpressionPath, RendersEachNameSegmentAliasedSeparately) {
  ExpressionAliases aliases;
  Projection projection{Path("a").Field("b").Index(3).Field("c")};
  EXPECT_EQ(RenderOk(projection, aliases), "#n0.#n1[3].#n2");
  EXPECT_EQ(aliases.names(), (Names{{"#n0", "a"}, {"#n1", "b"}, {"#n2", "c"}}));
  EXPECT_TRUE(aliases.values().empty());
}

TEST(ExpressionPath, DotsAndOddCharactersArePartOfTheName) {
  ExpressionAliases aliases;
  Projection projection{Path("a.b"), Path("x y-z#:[0]")};
  EXPECT_EQ(RenderOk(projection, aliases), "#n0, #n1");
  EXPECT_EQ(aliases.names(), (Names{{"#n0", "a.b"}, {"#n1", "x y-z#:[0]"}}));
}

TEST(ExpressionPath, FieldAndIndexReturnNewPathsLeavingTheBaseUnchanged) {
  Path base("a");
  Path b = base.Field("b");
  Path i = base.Index(2);
  EXPECT_EQ(base.segments().size(), 1u);
  EXPECT_EQ(b.ToString(), "[a, b]");
  EXPECT_EQ(i.ToString(), "[a, [2]]");
  EXPECT_TRUE(i.HasIndex());
  EXPECT_FALSE(b.HasIndex());
  EXPECT_EQ(b, Path("a").Field("b"));
  EXPECT_FALSE(b == i);
}

TEST(ExpressionPath, EmptyNameIsRejected) {
  ExpectInvalid(Projection{Path("")}, "empty attribute name");
  ExpectInvalid(Projection{Path("a").Field("")}, "empty attribute name");
  ExpectInvalid(Condition::AttributeExists(Path("")), "empty attribute name");
  ExpectInvalid(Update().Set(Path("a").Field(""), N(1)), "empty attribute name");
}

// ----------------------------------------------------------------------------- Aliases

TEST(ExpressionAliases, ReservedWordsAreAlwaysAliased) {
  ExpressionAliases aliases;
  Update update;
  for (const char* reserved : {"NAME", "TYPE", "POSITION", "URL", "USER", "STATUS", "TTL"}) {
    update.Set(reserved, S("x"));
  }
  std::string expression = RenderOk(update, aliases);
  EXPECT_EQ(expression,
            "SET #n0 = :v0, #n1 = :v1, #n2 = :v2, #n3 = :v3, #n4 = :v4, #n5 = :v5, #n6 = :v6");
  EXPECT_EQ(aliases.names().size(), 7u);
  EXPECT_EQ(aliases.names().at("#n6"), "TTL");
  // No attribute name appears in the expression text itself.
  for (const char* reserved : {"NAME", "TYPE", "POSITION", "URL", "USER", "STATUS", "TTL"}) {
    EXPECT_EQ(expression.find(reserved), std::string::npos) << reserved;
  }
}

TEST(ExpressionAliases, NamesAreReusedValuesAreNot) {
  ExpressionAliases aliases;
  EXPECT_EQ(aliases.Name("a"), "#n0");
  EXPECT_EQ(aliases.Name("b"), "#n1");
  EXPECT_EQ(aliases.Name("a"), "#n0");
  EXPECT_EQ(aliases.Value(N(1)), ":v0");
  EXPECT_EQ(aliases.Value(N(1)), ":v1");
  EXPECT_EQ(aliases.names(), (Names{{"#n0", "a"}, {"#n1", "b"}}));
  EXPECT_EQ(aliases.values(), (Item{{":v0", N(1)}, {":v1", N(1)}}));
  EXPECT_FALSE(aliases.empty());
}

TEST(ExpressionAliases, TakeMovesTheMapsOutAndNeverReusesAliases) {
  ExpressionAliases aliases;
  ASSERT_OK(Render(Condition::Equal(Path("a"), N(1)), aliases));
  Names names = aliases.TakeNames();
  Item values = aliases.TakeValues();
  EXPECT_EQ(names, (Names{{"#n0", "a"}}));
  EXPECT_EQ(values, (Item{{":v0", N(1)}}));
  EXPECT_TRUE(aliases.empty());
  EXPECT_EQ(aliases.Value(N(2)), ":v1");
}

TEST(ExpressionAliases, EmptyExpressionsRegisterNothing) {
  ExpressionAliases aliases;
  EXPECT_EQ(RenderOk(Condition(), aliases), "");
  EXPECT_EQ(RenderOk(Update(), aliases), "");
  EXPECT_EQ(RenderOk(Projection(), aliases), "");
  EXPECT_EQ(RenderOk(Condition::And(Condition(), Condition()), aliases), "");
  EXPECT_TRUE(aliases.empty());
}

TEST(ExpressionAliases, UpdateAndConditionShareOneNameMapAndNoValueIsUnused) {
  ExpressionAliases aliases;
  Update update = Update().Set("status", S("done")).Increment("version", N(1));
  Condition condition =
      Condition::Equal(Path("version"), N(7)) && Condition::AttributeExists(Path("status"));
  EXPECT_EQ(RenderOk(update, aliases), "SET #n0 = :v0, #n1 = if_not_exists(#n1, :v1) + :v2");
  EXPECT_EQ(RenderOk(condition, aliases), "#n1 = :v3 AND attribute_exists(#n0)");
  EXPECT_EQ(aliases.names(), (Names{{"#n0", "status"}, {"#n1", "version"}}));
  EXPECT_EQ(aliases.values(),
            (Item{{":v0", S("done")}, {":v1", N(0)}, {":v2", N(1)}, {":v3", N(7)}}));
}

// Every placeholder in the maps appears in the rendered text, and vice versa.
TEST(ExpressionAliases, EveryRegisteredPlaceholderIsUsed) {
  ExpressionAliases aliases;
  std::string text;
  text +=
      RenderOk(KeyCondition::Partition("pk", S("p")).SortBetween("sk", S("a"), S("b")), aliases);
  text += " | " + RenderOk(Condition::In(Path("state"), {S("x"), S("y")}) ||
                               Condition::Contains(Path("tags"), S("t")),
                           aliases);
  text += " | " + RenderOk(Projection{"pk", "state", Path("m").Field("k")}, aliases);
  for (const auto& [alias, name] : aliases.names()) {
    EXPECT_NE(text.find(alias), std::string::npos) << alias;
  }
  for (const auto& [alias, value] : aliases.values()) {
    EXPECT_NE(text.find(alias), std::string::npos) << alias;
  }
  EXPECT_EQ(aliases.values().size(), 6u);
  EXPECT_EQ(aliases.names().size(), 6u);  // pk sk state tags m k
}

// ----------------------------------------------------------------------------- Condition

TEST(ConditionExpression, Comparisons) {
  struct Case {
    Condition condition;
    const char* expected;
  };
  std::vector<Case> cases = {
      {Condition::Equal(Path("a"), N(1)), "#n0 = :v0"},
      {Condition::NotEqual(Path("a"), N(1)), "#n0 <> :v0"},
      {Condition::Less(Path("a"), N(1)), "#n0 < :v0"},
      {Condition::LessOrEqual(Path("a"), N(1)), "#n0 <= :v0"},
      {Condition::Greater(Path("a"), N(1)), "#n0 > :v0"},
      {Condition::GreaterOrEqual(Path("a"), N(1)), "#n0 >= :v0"},
  };
  for (const Case& c : cases) {
    ExpressionAliases aliases;
    EXPECT_EQ(RenderOk(c.condition, aliases), c.expected);
    EXPECT_EQ(aliases.names(), (Names{{"#n0", "a"}}));
    EXPECT_EQ(aliases.values(), (Item{{":v0", N(1)}}));
  }
}

TEST(ConditionExpression, ComparesTwoPathsAndSizes) {
  ExpressionAliases aliases;
  EXPECT_EQ(RenderOk(Condition::Less(Path("lo"), Path("hi")), aliases), "#n0 < #n1");
  EXPECT_EQ(RenderOk(Condition::Greater(Size(Path("tags")), N(3)), aliases), "size(#n2) > :v0");
  EXPECT_EQ(RenderOk(Condition::Equal(Size(Path("a")), Size(Path("b").Index(0))), aliases),
            "size(#n3) = size(#n4[0])");
  EXPECT_TRUE(aliases.values().size() == 1u);
}

TEST(ConditionExpression, BetweenAndIn) {
  ExpressionAliases aliases;
  EXPECT_EQ(RenderOk(Condition::Between(Path("n"), N(1), N(9)), aliases),
            "#n0 BETWEEN :v0 AND :v1");
  EXPECT_EQ(RenderOk(Condition::In(Path("s"), {S("a"), S("b"), S("c")}), aliases),
            "#n1 IN (:v2, :v3, :v4)");
  EXPECT_EQ(
      aliases.values(),
      (Item{{":v0", N(1)}, {":v1", N(9)}, {":v2", S("a")}, {":v3", S("b")}, {":v4", S("c")}}));
}

TEST(ConditionExpression, Functions) {
  ExpressionAliases aliases;
  EXPECT_EQ(RenderOk(Condition::AttributeExists(Path("a")), aliases), "attribute_exists(#n0)");
  EXPECT_EQ(RenderOk(Condition::AttributeNotExists(Path("a").Field("b")), aliases),
            "attribute_not_exists(#n0.#n1)");
  EXPECT_EQ(RenderOk(Condition::AttributeType(Path("a"), AttributeValue::Type::kSS), aliases),
            "attribute_type(#n0, :v0)");
  EXPECT_EQ(RenderOk(Condition::AttributeType(Path("a"), AttributeValue::Type::kBool), aliases),
            "attribute_type(#n0, :v1)");
  EXPECT_EQ(RenderOk(Condition::BeginsWith(Path("sk"), S("bm#")), aliases),
            "begins_with(#n2, :v2)");
  EXPECT_EQ(RenderOk(Condition::Contains(Path("tags"), S("x")), aliases), "contains(#n3, :v3)");
  EXPECT_EQ(RenderOk(Condition::Contains(Path("text"), Path("word")), aliases),
            "contains(#n4, #n5)");
  EXPECT_EQ(aliases.values(),
            (Item{{":v0", S("SS")}, {":v1", S("BOOL")}, {":v2", S("bm#")}, {":v3", S("x")}}));
}

TEST(ConditionExpression, AndOrNotParenthesisation) {
  Condition a = Condition::Equal(Path("a"), N(1));
  Condition b = Condition::Equal(Path("b"), N(2));
  Condition c = Condition::Equal(Path("c"), N(3));
  Condition d = Condition::Equal(Path("d"), N(4));
  struct Case {
    Condition condition;
    const char* expected;
  };
  std::vector<Case> cases = {
      {a && b, "#n0 = :v0 AND #n1 = :v1"},
      {a || b, "#n0 = :v0 OR #n1 = :v1"},
      {!a, "NOT #n0 = :v0"},
      // Not(a And b) Or c
      {Condition::Or(Condition::Not(Condition::And(a, b)), c),
       "NOT (#n0 = :v0 AND #n1 = :v1) OR #n2 = :v2"},
      {(a || b) && c, "(#n0 = :v0 OR #n1 = :v1) AND #n2 = :v2"},
      {a || (b && c), "#n0 = :v0 OR (#n1 = :v1 AND #n2 = :v2)"},
      {(a || b) && (c || d), "(#n0 = :v0 OR #n1 = :v1) AND (#n2 = :v2 OR #n3 = :v3)"},
      {((a || b) && c) || d, "((#n0 = :v0 OR #n1 = :v1) AND #n2 = :v2) OR #n3 = :v3"},
      {!(a || b), "NOT (#n0 = :v0 OR #n1 = :v1)"},
      {!!a, "NOT (NOT #n0 = :v0)"},
      {a && !b, "#n0 = :v0 AND NOT #n1 = :v1"},
      // Same-kind nesting flattens.
      {(a && b) && (c && d), "#n0 = :v0 AND #n1 = :v1 AND #n2 = :v2 AND #n3 = :v3"},
      {Condition::Or({a, b, c}), "#n0 = :v0 OR #n1 = :v1 OR #n2 = :v2"},
  };
  for (const Case& c : cases) {
    ExpressionAliases aliases;
    std::string rendered = RenderOk(c.condition, aliases);
    EXPECT_EQ(rendered, c.expected);
    EXPECT_FALSE(HasRedundantParentheses(rendered)) << rendered;
  }
}

TEST(ConditionExpression, NoDoubledParenthesesAroundAGroup) {
  // ((x OR y) AND z) is fine: the inner group is not the whole outer group. What must
  // never appear is "((" whose matching "))" closes both at once.
  Condition x = Condition::Equal(Path("x"), N(1));
  Condition y = Condition::Equal(Path("y"), N(1));
  Condition deep = !(!((x || y) && (x || y)));
  ExpressionAliases aliases;
  std::string rendered = RenderOk(deep, aliases);
  EXPECT_EQ(rendered, "NOT (NOT ((#n0 = :v0 OR #n1 = :v1) AND (#n0 = :v2 OR #n1 = :v3)))");
  EXPECT_FALSE(HasRedundantParentheses(rendered));
  EXPECT_TRUE(HasRedundantParentheses("a AND ((b OR c))"));  // the checker itself works
}

TEST(ConditionExpression, EmptyOperandsOfAndOrAreDropped) {
  Condition a = Condition::Equal(Path("a"), N(1));
  ExpressionAliases aliases;
  EXPECT_EQ(RenderOk(Condition() && a, aliases), "#n0 = :v0");
  Condition built;
  for (const char* name : {"x", "y"}) built = built || Condition::AttributeExists(Path(name));
  EXPECT_EQ(RenderOk(built, aliases), "attribute_exists(#n1) OR attribute_exists(#n2)");
  EXPECT_TRUE(Condition::And(std::vector<Condition>{}).empty());
  EXPECT_EQ((Condition() || a).kind(), Condition::Kind::kComparison);
}

TEST(ConditionExpression, NotOfEmptyIsRejected) {
  ExpectInvalid(!Condition(), "NOT of an empty condition");
  ExpectInvalid(Condition::Equal(Path("a"), N(1)) && !Condition(), "NOT of an empty");
}

TEST(ConditionExpression, InNeedsOneToOneHundredCandidates) {
  ExpectInvalid(Condition::In(Path("a"), {}), "got 0");
  std::vector<AttributeValue> hundred;
  hundred.reserve(101);
  for (int i = 0; i < 100; ++i) hundred.push_back(N(i));
  ExpressionAliases aliases;
  std::string rendered = RenderOk(Condition::In(Path("a"), hundred), aliases);
  EXPECT_EQ(aliases.values().size(), 100u);
  EXPECT_NE(rendered.find(":v99)"), std::string::npos);
  hundred.push_back(N(100));
  ExpectInvalid(Condition::In(Path("a"), hundred), "got 101");
}

TEST(ConditionExpression, ValueChecks) {
  ExpectInvalid(Condition::Equal(Path("a"), AttributeValue::SS({})), "empty string set");
  ExpectInvalid(
      Condition::Equal(Path("a"),
                       AttributeValue::M({{"k", AttributeValue::L({AttributeValue::NS({})})}})),
      "empty number set");
  ExpectInvalid(Condition::In(Path("a"), {S("x"), AttributeValue::BS({})}), "empty binary set");
  ExpectInvalid(Condition::Less(Path("a"), AttributeValue::Bool(true)), "needs S, N or B");
  ExpectInvalid(Condition::Between(Path("a"), AttributeValue::L({}), N(1)), "needs S, N or B");
  ExpectInvalid(Condition::Between(Path("a"), S("a"), N(1)), "different types");
  ExpectInvalid(Condition::Between(Path("a"), S("b"), S("a")), "greater than the upper");
  ExpectInvalid(Condition::Between(Path("a"), AttributeValue::B("\xff"), AttributeValue::B("\x01")),
                "greater than the upper");
  ExpectInvalid(Condition::BeginsWith(Path("a"), N(1)), "S or B prefix");
  ExpectInvalid(Condition::Equal(Path("a"), Path("a")), "with itself");
  ExpectInvalid(Condition::Between(Path("a"), Path("a"), N(3)), "with itself");

  // Equality accepts any type, and S bounds in order (bytewise, "B" < "a") are fine.
  ExpressionAliases aliases;
  EXPECT_EQ(RenderOk(Condition::Equal(Path("a"), AttributeValue::Bool(true)), aliases),
            "#n0 = :v0");
  EXPECT_EQ(RenderOk(Condition::Between(Path("a"), S("B"), S("a")), aliases),
            "#n0 BETWEEN :v1 AND :v2");
  EXPECT_EQ(RenderOk(Condition::Between(Path("a"), N(9), N(10)), aliases),
            "#n0 BETWEEN :v3 AND :v4");
}

TEST(ConditionExpression, FailureInsideALargerExpressionUndoesEverything) {
  ExpressionAliases aliases;
  ASSERT_OK(Render(Condition::Equal(Path("keep"), N(1)), aliases));
  Condition bad = Condition::Equal(Path("a"), N(1)) && Condition::Equal(Path("b"), N(2)) &&
                  Condition::In(Path("c"), {});
  ExpectInvalid(bad, aliases, "IN needs");
  EXPECT_EQ(aliases.names(), (Names{{"#n0", "keep"}}));
  // Numbering continues where the last successful render stopped.
  EXPECT_EQ(RenderOk(Condition::Equal(Path("z"), N(5)), aliases), "#n1 = :v1");
}

TEST(ConditionExpression, Inspection) {
  Condition c = Condition::Between(Path("a"), N(1), N(2)) || !Condition::AttributeExists("b");
  EXPECT_EQ(c.kind(), Condition::Kind::kOr);
  ASSERT_EQ(c.children().size(), 2u);
  EXPECT_EQ(c.children()[0].kind(), Condition::Kind::kBetween);
  EXPECT_EQ(c.children()[0].operands().size(), 3u);
  ASSERT_NE(c.children()[0].operands()[1].value(), nullptr);
  EXPECT_EQ(*c.children()[0].operands()[1].value(), N(1));
  EXPECT_EQ(c.children()[1].kind(), Condition::Kind::kNot);
  EXPECT_EQ(c.children()[1].children()[0].operands()[0].path()->ToString(), "[b]");
  EXPECT_EQ(Condition::Less(Path("x"), N(1)).comparator(), Condition::Comparator::kLess);
  EXPECT_EQ(Condition().kind(), Condition::Kind::kEmpty);
}

// ----------------------------------------------------------------------------- Update

TEST(UpdateExpression, EachActionForm) {
  struct Case {
    Update update;
    const char* expected;
    Item values;
  };
  AttributeValue list = AttributeValue::L({S("x")});
  AttributeValue set = AttributeValue::SS({"t"});
  AttributeValue empty_list = AttributeValue::L({});
  std::vector<Case> cases = {
      {Update().Set("a", S("x")), "SET #n0 = :v0", {{":v0", S("x")}}},
      {Update().SetIfNotExists("a", S("x")),
       "SET #n0 = if_not_exists(#n0, :v0)",
       {{":v0", S("x")}}},
      {Update().Increment("a", N(2)),
       "SET #n0 = if_not_exists(#n0, :v0) + :v1",
       {{":v0", N(0)}, {":v1", N(2)}}},
      {Update().IncrementExisting("a", N(-1)), "SET #n0 = #n0 + :v0", {{":v0", N(-1)}}},
      {Update().AppendToList("a", list),
       "SET #n0 = list_append(if_not_exists(#n0, :v0), :v1)",
       {{":v0", empty_list}, {":v1", list}}},
      {Update().PrependToList("a", list),
       "SET #n0 = list_append(:v0, if_not_exists(#n0, :v1))",
       {{":v0", list}, {":v1", empty_list}}},
      {Update().Add("a", N(5)), "ADD #n0 :v0", {{":v0", N(5)}}},
      {Update().Add("a", set), "ADD #n0 :v0", {{":v0", set}}},
      {Update().Remove("a"), "REMOVE #n0", {}},
      {Update().DeleteFromSet("a", set), "DELETE #n0 :v0", {{":v0", set}}},
  };
  for (const Case& c : cases) {
    ExpressionAliases aliases;
    EXPECT_EQ(RenderOk(c.update, aliases), c.expected);
    EXPECT_EQ(aliases.names(), (Names{{"#n0", "a"}}));
    EXPECT_EQ(aliases.values(), c.values) << c.expected;
  }
}

TEST(UpdateExpression, ClausesAreGroupedInFixedOrderActionsInInsertionOrder) {
  ExpressionAliases aliases;
  Update update = Update()
                      .DeleteFromSet("e", AttributeValue::NS({"1"}))
                      .Remove("c")
                      .Set("a", N(1))
                      .Add("d", N(2))
                      .Set("b", N(3))
                      .Remove(Path("f").Index(0));
  EXPECT_EQ(RenderOk(update, aliases),
            "SET #n0 = :v0, #n1 = :v1 REMOVE #n2, #n3[0] ADD #n4 :v2 DELETE #n5 :v3");
  EXPECT_EQ(
      aliases.names(),
      (Names{{"#n0", "a"}, {"#n1", "b"}, {"#n2", "c"}, {"#n3", "f"}, {"#n4", "d"}, {"#n5", "e"}}));
  EXPECT_EQ(
      aliases.values(),
      (Item{{":v0", N(1)}, {":v1", N(3)}, {":v2", N(2)}, {":v3", AttributeValue::NS({"1"})}}));
}

TEST(UpdateExpression, ChainsOnAVariableToo) {
  Update update;
  update.Set("a", N(1)).Remove("b");
  update.Remove("c");
  ExpressionAliases aliases;
  EXPECT_EQ(RenderOk(update, aliases), "SET #n0 = :v0 REMOVE #n1, #n2");
  EXPECT_EQ(update.actions().size(), 3u);
  EXPECT_EQ(update.actions()[1].kind, Update::ActionKind::kRemove);
}

TEST(UpdateExpression, NestedPathsThatDoNotOverlapAreAllowed) {
  ExpressionAliases aliases;
  Update update = Update()
                      .Set(Path("m").Field("a"), N(1))
                      .Set(Path("m").Field("b"), N(2))
                      .Set(Path("l").Index(0), N(3))
                      .Remove(Path("l").Index(1));
  EXPECT_EQ(RenderOk(update, aliases),
            "SET #n0.#n1 = :v0, #n0.#n2 = :v1, #n3[0] = :v2 REMOVE #n3[1]");
}

TEST(UpdateExpression, OverlappingOrConflictingPathsAreRejected) {
  ExpectInvalid(Update().Set("a", N(1)).Set("a", N(2)), "overlap: [a] and [a]");
  ExpectInvalid(Update().Set("a", N(1)).Remove(Path("a").Field("b")), "overlap: [a] and [a, b]");
  ExpectInvalid(Update().Increment(Path("m").Field("x"), N(1)).Set("m", AttributeValue::M({})),
                "overlap");
  ExpectInvalid(Update().Set(Path("a").Field("b"), N(1)).Set(Path("a").Index(0), N(2)),
                "conflict: [a, b] and [a, [0]]");
  ExpectInvalid(Update().Add("n", N(1)).Remove("x").Add("n", N(1)), "overlap");
}

TEST(UpdateExpression, ValueTypesAreChecked) {
  ExpectInvalid(Update().Increment("a", S("1")), "needs an N value");
  ExpectInvalid(Update().IncrementExisting("a", AttributeValue::NS({"1"})), "needs an N value");
  ExpectInvalid(Update().AppendToList("a", S("x")), "needs an L value");
  ExpectInvalid(Update().PrependToList("a", AttributeValue::SS({"x"})), "needs an L value");
  ExpectInvalid(Update().Add("a", S("x")), "needs an N or set value");
  ExpectInvalid(Update().Add("a", AttributeValue::L({})), "needs an N or set value");
  ExpectInvalid(Update().DeleteFromSet("a", N(1)), "needs a set value");
  ExpectInvalid(Update().Set("a", AttributeValue::SS({})), "empty string set");
  ExpectInvalid(Update().Add("a", AttributeValue::NS({})), "empty number set");
  ExpectInvalid(Update().Set("ok", N(1)).DeleteFromSet("a", AttributeValue::BS({})),
                "empty binary set");
}

TEST(UpdateExpression, IsIdempotentMatrix) {
  AttributeValue set = AttributeValue::SS({"x"});
  AttributeValue list = AttributeValue::L({N(1)});
  struct Case {
    Update update;
    bool idempotent;
    const char* why;
  };
  std::vector<Case> cases = {
      {Update(), true, "empty"},
      {Update().Set("a", N(1)), true, "SET value"},
      {Update().SetIfNotExists("a", N(1)), true, "if_not_exists"},
      {Update().Remove("a"), true, "REMOVE attribute"},
      {Update().Remove(Path("m").Field("k")), true, "REMOVE map key"},
      {Update().DeleteFromSet("a", set), true, "set difference"},
      {Update().Add("a", set), true, "set union"},
      {Update().Add("a", N(1)), false, "ADD number"},
      {Update().Increment("a", N(1)), false, "increment"},
      {Update().IncrementExisting("a", N(1)), false, "increment existing"},
      {Update().AppendToList("a", list), false, "append"},
      {Update().PrependToList("a", list), false, "prepend"},
      {Update().Remove(Path("l").Index(0)), false, "REMOVE list element shifts"},
      {Update().Set(Path("l").Index(5), N(1)), false, "SET past the end appends"},
      {Update().Set("a", N(1)).Remove("b").Add("c", set), true, "all idempotent"},
      {Update().Set("a", N(1)).Add("c", N(1)), false, "one non-idempotent action"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(c.update.IsIdempotent(), c.idempotent) << c.why;
  }
}

// ----------------------------------------------------------------------------- Projection

TEST(ProjectionExpression, RendersCommaSeparatedAliasedPaths) {
  ExpressionAliases aliases;
  Projection projection{"pk", "NAME", Path("m").Field("NAME"), Path("l").Index(2)};
  EXPECT_EQ(RenderOk(projection, aliases), "#n0, #n1, #n2.#n1, #n3[2]");
  EXPECT_EQ(aliases.names(), (Names{{"#n0", "pk"}, {"#n1", "NAME"}, {"#n2", "m"}, {"#n3", "l"}}));
  EXPECT_TRUE(aliases.values().empty());
}

TEST(ProjectionExpression, AddAndOverlapChecks) {
  ExpressionAliases aliases;
  EXPECT_EQ(
      RenderOk(Projection().Add("a").Add(Path("b").Index(0)).Add(Path("b").Index(1)), aliases),
      "#n0, #n1[0], #n1[1]");
  ExpectInvalid(Projection{"a", "a"}, "overlap");
  ExpectInvalid(Projection{Path("a").Field("b"), "a"}, "overlap: [a, b] and [a]");
  ExpectInvalid(Projection{Path("a").Field("b"), Path("a").Index(1)}, "conflict");
}

// ----------------------------------------------------------------------------- KeyCondition

TEST(KeyConditionExpression, EachForm) {
  struct Case {
    KeyCondition key;
    const char* expected;
    std::size_t values;
  };
  auto pk = [] { return KeyCondition::Partition("user_id", S("u1")); };
  std::vector<Case> cases = {
      {pk(), "#n0 = :v0", 1},
      {pk().SortEqual("sk", S("x")), "#n0 = :v0 AND #n1 = :v1", 2},
      {pk().SortLess("sk", S("x")), "#n0 = :v0 AND #n1 < :v1", 2},
      {pk().SortLessOrEqual("sk", S("x")), "#n0 = :v0 AND #n1 <= :v1", 2},
      {pk().SortGreater("sk", N(1)), "#n0 = :v0 AND #n1 > :v1", 2},
      {pk().SortGreaterOrEqual("sk", N(1)), "#n0 = :v0 AND #n1 >= :v1", 2},
      {pk().SortBetween("sk", S("a"), S("b")), "#n0 = :v0 AND #n1 BETWEEN :v1 AND :v2", 3},
      {pk().SortBeginsWith("sk", S("bm#")), "#n0 = :v0 AND begins_with(#n1, :v1)", 2},
  };
  for (const Case& c : cases) {
    ExpressionAliases aliases;
    EXPECT_EQ(RenderOk(c.key, aliases), c.expected);
    EXPECT_EQ(aliases.values().size(), c.values) << c.expected;
    EXPECT_EQ(aliases.names().at("#n0"), "user_id");
    EXPECT_EQ(aliases.values().at(":v0"), S("u1"));
  }
}

TEST(KeyConditionExpression, ReservedKeyNamesAndSharedAliasesWithFilterAndProjection) {
  ExpressionAliases aliases;
  KeyCondition key = KeyCondition::Partition("USER", S("u1")).SortBeginsWith("TYPE", S("note#"));
  EXPECT_EQ(RenderOk(key, aliases), "#n0 = :v0 AND begins_with(#n1, :v1)");
  EXPECT_EQ(RenderOk(Condition::Equal(Path("STATUS"), S("open")), aliases), "#n2 = :v2");
  EXPECT_EQ(RenderOk(Projection{"USER", "TYPE", "STATUS"}, aliases), "#n0, #n1, #n2");
  EXPECT_EQ(aliases.names(), (Names{{"#n0", "USER"}, {"#n1", "TYPE"}, {"#n2", "STATUS"}}));
}

TEST(KeyConditionExpression, LaterSortConditionReplacesEarlier) {
  KeyCondition key = KeyCondition::Partition("pk", S("p"));
  key.SortEqual("sk", S("a"));
  key.SortGreater("sk", S("b"));
  EXPECT_EQ(key.sort_op(), KeyCondition::SortOp::kGreater);
  ExpressionAliases aliases;
  EXPECT_EQ(RenderOk(key, aliases), "#n0 = :v0 AND #n1 > :v1");
  EXPECT_EQ(aliases.values().at(":v1"), S("b"));
}

TEST(KeyConditionExpression, Validation) {
  ExpectInvalid(KeyCondition(), "partition key");
  ExpectInvalid(KeyCondition::Partition("pk", AttributeValue::Bool(true)), "S, N or B");
  ExpectInvalid(KeyCondition::Partition("pk", S("")), "empty value");
  ExpectInvalid(KeyCondition::Partition("pk", S("p")).SortEqual("pk", S("x")), "both partition");
  ExpectInvalid(KeyCondition::Partition("pk", S("p")).SortEqual("", S("x")), "empty sort key");
  ExpectInvalid(KeyCondition::Partition("pk", S("p")).SortLess("sk", AttributeValue::L({})),
                "S, N or B");
  ExpectInvalid(KeyCondition::Partition("pk", S("p")).SortBeginsWith("sk", N(1)), "S or B");
  ExpectInvalid(KeyCondition::Partition("pk", S("p")).SortBetween("sk", S("z"), S("a")),
                "greater than the upper");
  ExpectInvalid(KeyCondition::Partition("pk", S("p")).SortBetween("sk", S("a"), N(1)),
                "different types");
}

// ----------------------------------------------------------------------------- Limits

TEST(ExpressionLimits, ExpressionOfExactly4096BytesIsAcceptedOneMoreIsRejected) {
  // 599 single-name paths "#n0, ..., #n598" take 4081 bytes; ", #n599[100000]" adds 15.
  auto build = [](std::uint32_t last_index) {
    Projection projection;
    for (int i = 0; i < 599; ++i) projection.Add("a" + std::to_string(i));
    projection.Add(Path("last").Index(last_index));
    return projection;
  };
  ExpressionAliases aliases;
  ASSERT_OK_AND_ASSIGN(std::string rendered, Render(build(100000), aliases));
  EXPECT_EQ(rendered.size(), kMaxExpressionBytes);
  EXPECT_EQ(rendered.substr(rendered.size() - 15), ", #n599[100000]");

  ExpressionAliases fresh;
  ExpectInvalid(build(1000000), fresh, "is 4097 bytes");
  EXPECT_TRUE(fresh.empty());
}

TEST(ExpressionLimits, LongConditionIsRejectedAndUndone) {
  ExpressionAliases aliases;
  ASSERT_OK(Render(Condition::AttributeExists(Path("first")), aliases));
  Condition condition;
  for (int i = 0; i < 400; ++i) {
    condition = condition && Condition::Equal(Path("attr" + std::to_string(i)), N(i));
  }
  ExpectInvalid(condition, aliases, "DynamoDB allows at most 4096");
  EXPECT_EQ(aliases.names().size(), 1u);
  EXPECT_TRUE(aliases.values().empty());
}

}  // namespace
}  // namespace homeboard::ddb
