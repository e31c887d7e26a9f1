// Integration tests of the expression renderer against a real DynamoDB (Local by default):
// what expression.h renders, the service must accept and evaluate as intended. Odd
// attribute names, reserved words, deep document paths, deeply nested logic (no redundant
// parentheses), expressions at the 4 KB limit, one alias map shared by a request's key
// condition, filter and projection (the service rejects unused names and values), and
// requests whose expressions need no value map at all (the service rejects an empty one).
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <functional>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "ddb/client.h"
#include "ddb/expression.h"
#include "ddb_test_util.h"
#include "testing/status_matchers.h"

namespace homeboard::ddb {
namespace {

using V = AttributeValue;
using homeboard::testing::DdbIntegrationTest;
using homeboard::testing::Key;

// Attribute names that would break a hand-written expression: reserved words, operators,
// placeholder look-alikes, path syntax, spaces, non-ASCII.
const std::vector<std::string> kAwkwardNames = {
    "name",  "status", "type",        "ttl",         "user",       "position", "url",
    "date",  "size",   "AND",         "between",     "select",     "value",    "values",
    "key",   "count",  "a.b",         "a-b",         "with space", "#n0",      ":v0",
    "[0]",   "a[0]",   "x=y",         "(paren)",     "1leading",   "caf\xC3\xA9",
    "\xF0\x9F\x9A\x80", "comma,name", "quote\"name", "back\\slash", "new\nline",
    "tab\there", "ctrl\x01",
};

class DdbExpressionsTest : public DdbIntegrationTest {
 protected:
  void SetUp() override {
    DdbIntegrationTest::SetUp();
    if (HasFatalFailure()) return;
    ASSERT_OK_AND_ASSIGN(table_, CreateHashRangeTable(ScalarType::kS));
  }

  Status Put(Item item, Condition condition = {}) {
    PutItemRequest request;
    request.table_name = table_;
    request.item = std::move(item);
    request.condition = std::move(condition);
    Result<PutItemResponse> response = client().PutItem(request);
    if (!response.ok()) return std::move(response).error();
    return OkStatus();
  }

  Result<UpdateItemResponse> UpdateItem(Item key, Update update, Condition condition = {}) {
    UpdateItemRequest request;
    request.table_name = table_;
    request.key = std::move(key);
    request.update = std::move(update);
    request.condition = std::move(condition);
    request.return_values = ReturnValues::kAllNew;
    return client().UpdateItem(request);
  }

  Result<std::optional<Item>> Get(Item key, Projection projection = {}) {
    GetItemRequest request;
    request.table_name = table_;
    request.key = std::move(key);
    request.projection = std::move(projection);
    request.consistent_read = true;
    Result<GetItemResponse> response = client().GetItem(request);
    if (!response.ok()) return std::move(response).error();
    return std::move(response->item);
  }

  std::string table_;
};

TEST_F(DdbExpressionsTest, AwkwardAttributeNamesInEveryKindOfExpression) {
  Item item = Key("p", "awkward");
  for (std::size_t i = 0; i < kAwkwardNames.size(); ++i) {
    item[kAwkwardNames[i]] = V::N(static_cast<std::int64_t>(i));
  }
  // Condition: none of them exists yet.
  std::vector<Condition> absent;
  for (const std::string& name : kAwkwardNames) absent.push_back(Condition::AttributeNotExists(name));
  ASSERT_OK(Put(item, Condition::And(absent)));

  // Update: increment each, conditioned on its current value.
  Update update;
  std::vector<Condition> current;
  for (std::size_t i = 0; i < kAwkwardNames.size(); ++i) {
    update.Increment(kAwkwardNames[i], V::N(1000));
    current.push_back(
        Condition::Equal(Path(kAwkwardNames[i]), V::N(static_cast<std::int64_t>(i))));
  }
  ASSERT_OK_AND_ASSIGN(UpdateItemResponse updated,
                       UpdateItem(Key("p", "awkward"), update, Condition::And(current)));
  ASSERT_TRUE(updated.attributes.has_value());
  for (std::size_t i = 0; i < kAwkwardNames.size(); ++i) {
    EXPECT_SAME_ITEMS(updated.attributes->at(kAwkwardNames[i]),
                      V::N(static_cast<std::int64_t>(1000 + i)))
        << kAwkwardNames[i];
  }

  // Projection: exactly those names come back.
  ASSERT_OK_AND_ASSIGN(std::optional<Item> projected,
                       Get(Key("p", "awkward"),
                           Projection(std::vector<Path>(kAwkwardNames.begin(), kAwkwardNames.end()))));
  ASSERT_TRUE(projected.has_value());
  EXPECT_EQ(projected->size(), kAwkwardNames.size());

  // Filter: a query filtered on each of them.
  for (std::size_t i = 0; i < kAwkwardNames.size(); ++i) {
    SCOPED_TRACE(kAwkwardNames[i]);
    QueryRequest query;
    query.table_name = table_;
    query.key_condition = KeyCondition::Partition("pk", V::S("p"));
    query.filter = Condition::GreaterOrEqual(Path(kAwkwardNames[i]), V::N(1000));
    query.projection = Projection{Path(kAwkwardNames[i])};
    ASSERT_OK_AND_ASSIGN(QueryResponse page, client().Query(query));
    ASSERT_EQ(page.items.size(), 1u);
    EXPECT_SAME_ITEMS(page.items[0],
                      (Item{{kAwkwardNames[i], V::N(static_cast<std::int64_t>(1000 + i))}}));
  }
}

TEST_F(DdbExpressionsTest, KeyAttributesWithReservedAndOddNames) {
  CreateTableRequest create;
  create.attribute_definitions = {{"user", ScalarType::kS}, {"date.time", ScalarType::kB}};
  create.key_schema = {"user", "date.time"};
  ASSERT_OK_AND_ASSIGN(std::string table, CreateTable(create));
  std::vector<WriteRequest> writes;
  for (int i = 0; i < 10; ++i) {
    writes.push_back(WriteRequest::Put({{"user", V::S("ada")},
                                        {"date.time", V::B(std::string{'\x00', static_cast<char>(i)})},
                                        {"status", V::S(i % 2 ? "odd" : "even")}}));
  }
  writes.push_back(WriteRequest::Put(
      {{"user", V::S("ada")}, {"date.time", V::B("\x01")}, {"status", V::S("later")}}));
  ASSERT_OK_AND_ASSIGN(BatchWriteAllResult written, client().BatchWriteAll({{table, writes}}));
  ASSERT_OK(written.AllWritten());

  // The key condition, filter and projection share "user", "date.time" and "status": one
  // alias map for the request, every entry used (DynamoDB rejects unused ones). A filter
  // may not name key attributes, so only the projection repeats those.
  QueryRequest query;
  query.table_name = table;
  query.key_condition = KeyCondition::Partition("user", V::S("ada"))
                            .SortBeginsWith("date.time", V::B(std::string(1, '\x00')));
  query.filter = Condition::Equal(Path("status"), V::S("odd")) ||
                 Condition::Equal(Path("status"), V::S("never"));
  query.projection = Projection{"date.time", "status", "user"};
  ASSERT_OK_AND_ASSIGN(std::vector<Item> odd, client().QueryAll(query));
  ASSERT_EQ(odd.size(), 5u);
  for (std::size_t i = 0; i < odd.size(); ++i) {
    EXPECT_EQ(odd[i].at("date.time"), V::B(std::string{'\x00', static_cast<char>(2 * i + 1)}));
    EXPECT_EQ(odd[i].size(), 3u);
  }

  // Between on binary sort keys (compared as unsigned bytes).
  query.filter = Condition();
  query.projection = Projection();
  query.key_condition = KeyCondition::Partition("user", V::S("ada"))
                            .SortBetween("date.time", V::B(std::string{'\x00', '\x03'}),
                                         V::B(std::string{'\x00', '\x05'}));
  ASSERT_OK_AND_ASSIGN(std::vector<Item> between, client().QueryAll(query));
  EXPECT_EQ(between.size(), 3u);
}

TEST_F(DdbExpressionsTest, DeepDocumentPaths) {
  Item item = Key("p", "doc");
  item["doc"] = V::M({{"a", V::L({V::M({{"b.c", V::L({V::N(0), V::N(1), V::N(2)})}})})},
                      {"name", V::M({{"first", V::S("Ada")}})}});
  ASSERT_OK(Put(item));
  const Path list = Path("doc").Field("a").Index(0).Field("b.c");
  ASSERT_OK_AND_ASSIGN(
      UpdateItemResponse updated,
      UpdateItem(Key("p", "doc"),
                 Update()
                     .Set(list.Index(1), V::S("one"))
                     .Set(list.Index(99), V::S("appended"))  // past the end: appends
                     .Remove(list.Index(0))
                     .Set(Path("doc").Field("name").Field("last"), V::S("Lovelace"))
                     .Increment(Path("doc").Field("counter"), V::N(1)),
                 Condition::Equal(Size(list), V::N(3)) &&
                     Condition::Equal(Path("doc").Field("name").Field("first"), V::S("Ada")) &&
                     Condition::AttributeNotExists(Path("doc").Field("name").Field("last"))));
  ASSERT_TRUE(updated.attributes.has_value());
  // REMOVE [0] applies after the SETs of [1] and [99]: [0, "one", 2, "appended"] minus [0].
  EXPECT_SAME_ITEMS(updated.attributes->at("doc"),
                    V::M({{"a", V::L({V::M({{"b.c", V::L({V::S("one"), V::N(2), V::S("appended")})}})})},
                          {"name", V::M({{"first", V::S("Ada")}, {"last", V::S("Lovelace")}})},
                          {"counter", V::N(1)}}));

  ASSERT_OK_AND_ASSIGN(std::optional<Item> projected,
                       Get(Key("p", "doc"), Projection{list.Index(2),
                                                       Path("doc").Field("name").Field("last")}));
  ASSERT_TRUE(projected.has_value());
  EXPECT_SAME_ITEMS(*projected,
                    (Item{{"doc", V::M({{"a", V::L({V::M({{"b.c", V::L({V::S("appended")})}})})},
                                        {"name", V::M({{"last", V::S("Lovelace")}})}})}}));
}

// A random condition tree over attributes f0..f7 (BOOL) of depth `depth`, and what it
// evaluates to against `values`.
struct RandomCondition {
  Condition condition;
  bool expected = false;
};

RandomCondition BuildRandom(std::mt19937& rng, int depth, const std::vector<bool>& values) {
  std::uniform_int_distribution<int> pick(0, depth == 0 ? 1 : 4);
  std::uniform_int_distribution<int> attribute(0, static_cast<int>(values.size()) - 1);
  int kind = pick(rng);
  if (kind <= 1) {
    int a = attribute(rng);
    std::string name = fmt::format("f{}", a);
    if (kind == 0) {
      return {Condition::Equal(Path(name), V::Bool(true)), values[a]};
    }
    return {Condition::AttributeType(name, V::Type::kBool) &&
                Condition::NotEqual(Path(name), V::Bool(true)),
            !values[a]};
  }
  if (kind == 2) {
    RandomCondition inner = BuildRandom(rng, depth - 1, values);
    return {Condition::Not(inner.condition), !inner.expected};
  }
  std::vector<Condition> children;
  bool all = true;
  bool any = false;
  int count = 2 + static_cast<int>(rng() % 3);
  for (int i = 0; i < count; ++i) {
    RandomCondition child = BuildRandom(rng, depth - 1, values);
    all = all && child.expected;
    any = any || child.expected;
    children.push_back(std::move(child.condition));
  }
  if (kind == 3) return {Condition::And(std::move(children)), all};
  return {Condition::Or(std::move(children)), any};
}

TEST_F(DdbExpressionsTest, NestedLogicIsAcceptedAndEvaluatedAsBuilt) {
  const std::vector<bool> values = {true, false, true, true, false, false, true, false};
  Item item = Key("p", "logic");
  for (std::size_t i = 0; i < values.size(); ++i) item[fmt::format("f{}", i)] = V::Bool(values[i]);
  ASSERT_OK(Put(item));

  std::mt19937 rng(20240611);  // fixed seed: the same trees on every run
  int passed = 0;
  int failed = 0;
  for (int trial = 0; trial < 60; ++trial) {
    RandomCondition random = BuildRandom(rng, 1 + trial % 5, values);
    ExpressionAliases aliases;
    Result<std::string> text = Render(random.condition, aliases);
    if (!text.ok() && text.error().message().find("4096") != std::string::npos) continue;
    ASSERT_OK(text);
    SCOPED_TRACE(*text);
    Status put = Put(item, random.condition);
    if (random.expected) {
      EXPECT_TRUE(put.ok()) << put.error().ToString();
      ++passed;
    } else {
      ASSERT_FALSE(put.ok());
      EXPECT_EQ(put.error().code(), errc::kConditionalCheckFailed) << put.error().ToString();
      ++failed;
    }
  }
  // The seed gives a mix of outcomes; a constant one would test little.
  EXPECT_GT(passed, 5);
  EXPECT_GT(failed, 5);
}

TEST_F(DdbExpressionsTest, ProjectionOfExactlyTheLimitIsAccepted) {
  // 599 single-name paths plus "last[100000]" render to exactly 4096 bytes (see
  // expression_test.cc); the service must accept it, and the client must refuse one more.
  Item item = Key("p", "limit");
  Projection projection;
  for (int i = 0; i < 599; ++i) {
    std::string name = "a" + std::to_string(i);
    if (i % 100 == 0) item[name] = V::N(i);
    projection.Add(name);
  }
  ASSERT_OK(Put(item));
  Projection at_limit = projection;
  at_limit.Add(Path("last").Index(100000));
  ExpressionAliases aliases;
  ASSERT_OK_AND_ASSIGN(std::string rendered, Render(at_limit, aliases));
  ASSERT_EQ(rendered.size(), kMaxExpressionBytes);
  ASSERT_OK_AND_ASSIGN(std::optional<Item> got, Get(Key("p", "limit"), at_limit));
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->size(), 6u);  // a0, a100, ..., a500

  Projection over = projection;
  over.Add(Path("last").Index(1000000));
  Result<std::optional<Item>> refused = Get(Key("p", "limit"), over);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code(), errc::kInvalidArgument) << refused.error().ToString();
  EXPECT_EQ(refused.error().operation(), "GetItem");
}

TEST_F(DdbExpressionsTest, InWithOneHundredCandidatesAndManyUpdateActions) {
  Item item = Key("p", "many");
  ASSERT_OK(Put(item));
  Update update;
  for (int i = 0; i < 150; ++i) update.Set(fmt::format("attr{}", i), V::N(i));
  ASSERT_OK_AND_ASSIGN(UpdateItemResponse updated, UpdateItem(Key("p", "many"), update));
  ASSERT_TRUE(updated.attributes.has_value());
  EXPECT_EQ(updated.attributes->size(), 152u);

  std::vector<V> candidates;
  for (int i = 0; i < 100; ++i) candidates.push_back(V::N(1000 + i));
  Condition miss = Condition::In(Path("attr42"), candidates);
  candidates.back() = V::N(42);
  Condition hit = Condition::In(Path("attr42"), candidates);
  EXPECT_OK(Put(updated.attributes.value(), hit));
  Status missed = Put(updated.attributes.value(), miss);
  ASSERT_FALSE(missed.ok());
  EXPECT_EQ(missed.error().code(), errc::kConditionalCheckFailed);
}

TEST_F(DdbExpressionsTest, ExpressionsWithoutValuesOrNamesSendNoEmptyMaps) {
  ASSERT_OK(Put({{"pk", V::S("p")}, {"sk", V::S("bare")}, {"gone", V::S("x")},
                 {"also", V::L({V::N(1), V::N(2)})}}));
  // REMOVE and attribute_exists need names but no values: no ExpressionAttributeValues.
  ASSERT_OK_AND_ASSIGN(UpdateItemResponse updated,
                       UpdateItem(Key("p", "bare"),
                                  Update().Remove("gone").Remove(Path("also").Index(0)),
                                  Condition::AttributeExists("gone")));
  ASSERT_TRUE(updated.attributes.has_value());
  EXPECT_SAME_ITEMS(*updated.attributes,
                    (Item{{"pk", V::S("p")}, {"sk", V::S("bare")}, {"also", V::L({V::N(2)})}}));
  // No expression at all: neither map.
  ASSERT_OK_AND_ASSIGN(std::optional<Item> got, Get(Key("p", "bare")));
  EXPECT_TRUE(got.has_value());
  // Values from the key condition only; the filter adds names but no values.
  QueryRequest query;
  query.table_name = table_;
  query.key_condition = KeyCondition::Partition("pk", V::S("p")).SortEqual("sk", V::S("bare"));
  query.filter = Condition::AttributeExists(Path("also").Index(0)) &&
                 Condition::AttributeNotExists("gone");
  ASSERT_OK_AND_ASSIGN(QueryResponse page, client().Query(query));
  EXPECT_EQ(page.items.size(), 1u);
}

TEST_F(DdbExpressionsTest, InvalidExpressionsFailBeforeSendingAndNameTheField) {
  // The client refuses these itself, so the answer is InvalidArgument, not the service's
  // ValidationException, and it says which expression is wrong.
  Result<UpdateItemResponse> overlapping =
      UpdateItem(Key("p", "x"), Update().Set("a", V::N(1)).Set(Path("a").Field("b"), V::N(2)));
  ASSERT_FALSE(overlapping.ok());
  EXPECT_EQ(overlapping.error().code(), errc::kInvalidArgument);
  EXPECT_NE(overlapping.error().message().find("UpdateExpression"), std::string::npos)
      << overlapping.error().ToString();

  Status empty_set = Put(Key("p", "x"), Condition::Contains("tags", V::SS({})));
  ASSERT_FALSE(empty_set.ok());
  EXPECT_EQ(empty_set.error().code(), errc::kInvalidArgument);
  EXPECT_NE(empty_set.error().message().find("ConditionExpression"), std::string::npos)
      << empty_set.error().ToString();

  // Nothing was written by either.
  ASSERT_OK_AND_ASSIGN(std::optional<Item> got, Get(Key("p", "x")));
  EXPECT_FALSE(got.has_value());
}

TEST_F(DdbExpressionsTest, ConditionsTheServiceCallsInvalidAreRefused) {
  // DynamoDB answers each of these with a ValidationException ("Invalid
  // ConditionExpression: ..."); the client catches most of them first. Either way the
  // write must fail as invalid, not as a failed condition, and store nothing.
  ASSERT_OK(Put({{"pk", V::S("p")}, {"sk", V::S("v")}, {"v", V::N(5)}, {"s", V::S("m")}}));
  const Item replacement = {{"pk", V::S("p")}, {"sk", V::S("v")}, {"v", V::N(6)}};
  const std::vector<std::pair<std::string, Condition>> invalid = {
      {"BETWEEN z AND a", Condition::Between(Path("s"), V::S("z"), V::S("a"))},
      {"BETWEEN 9 AND 1", Condition::Between(Path("v"), V::N(9), V::N(1))},
      {"BETWEEN 1 AND \"x\"", Condition::Between(Path("v"), V::N(1), V::S("x"))},
      {"begins_with on N", Condition::BeginsWith("s", V::N(1))},
      {"< on BOOL", Condition::Less(Path("v"), V::Bool(true))},
      {"v = v", Condition::Equal(Path("v"), Path("v"))},
      {"IN ()", Condition::In(Path("v"), {})},
  };
  for (const auto& [label, condition] : invalid) {
    SCOPED_TRACE(label);
    Status put = Put(replacement, condition);
    ASSERT_FALSE(put.ok());
    EXPECT_TRUE(put.error().Is(errc::kInvalidArgument) || put.error().Is(errc::kValidation))
        << put.error().ToString();
  }
  ASSERT_OK_AND_ASSIGN(std::optional<Item> got, Get(Key("p", "v")));
  ASSERT_TRUE(got.has_value());
  EXPECT_SAME_ITEMS(got->at("v"), V::N(5));
}

}  // namespace
}  // namespace homeboard::ddb
