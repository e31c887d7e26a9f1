// The ItemStore conformance suite: every behaviour of store::ItemStore, run against both
// engines (instantiations Sqlite and DynamoDb; the DynamoDB one talks to the DynamoDB Local
// of the ddb_local fixture). An expectation here is what DynamoDB itself does: the DynamoDB
// engine passes because DynamoDB decides, and the SQLite engine has to decide the same way.
// Where DynamoDB Local is known to differ from DynamoDB, the case is left out and the
// difference is noted (number spelling: DynamoDB Local keeps "1.50" and answers 1.5 + 1.5 =
// "3.0", so numbers are compared by value, through Normalized()).
//
// Tables (fresh, uniquely named ones per test):
//   items    pk S, sk S; GSI ByOwner (owner S, rank N), GSI ByTag (tag S, no sort key)
//   numbers  pk S, sk N
//   blobs    pk B, sk B
//   simple   id S (no sort key)
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "ddb_test_util.h"
#include "store/cursor.h"
#include "store/item_store.h"
#include "store/request_checks.h"
#include "store_test_engines.h"
#include "testing/status_matchers.h"

namespace homeboard::store {
namespace {

using ::homeboard::testing::Engine;
using ::homeboard::testing::EngineName;
using ::homeboard::testing::MakeStore;
using ::homeboard::testing::Normalized;
using ::homeboard::testing::UniqueTablePrefix;
using Code = Error::Code;
using ddb::Path;
using ddb::Size;
using V = AttributeValue;

// EXPECT that `expr` (a Status or Result) failed with `code`.
#define EXPECT_CODE(expr, expected_code)                                            \
  do {                                                                              \
    const auto& store_result_ = (expr);                                             \
    if (store_result_.ok()) {                                                       \
      ADD_FAILURE() << #expr << " succeeded; expected " << CodeName(expected_code); \
    } else {                                                                        \
      EXPECT_EQ(CodeName(store_result_.error().code), CodeName(expected_code))      \
          << store_result_.error().ToString();                                      \
    }                                                                               \
  } while (0)

std::string Bytes(std::initializer_list<unsigned char> bytes) {
  return std::string(bytes.begin(), bytes.end());
}

// Items as a sorted list of their normalized forms, for comparing answers in no particular
// order (BatchGet).
std::vector<Item> Sorted(std::vector<Item> items) {
  items = Normalized(items);
  std::sort(items.begin(), items.end(), [](const Item& a, const Item& b) {
    return testing::DebugString(a) < testing::DebugString(b);
  });
  return items;
}

class StoreConformance : public ::testing::TestWithParam<Engine> {
 protected:
  void SetUp() override {
    std::string prefix = UniqueTablePrefix();
    items_ = TableSpec{.name = prefix + "items",
                       .partition_key = {"pk", KeyType::kString},
                       .sort_key = KeyAttribute{"sk", KeyType::kString},
                       .global_secondary_indexes = {
                           IndexSpec{.name = "ByOwner",
                                     .partition_key = {"owner", KeyType::kString},
                                     .sort_key = KeyAttribute{"rank", KeyType::kNumber}},
                           IndexSpec{.name = "ByTag", .partition_key = {"tag", KeyType::kString}}}};
    numbers_ = TableSpec{.name = prefix + "numbers",
                         .partition_key = {"pk", KeyType::kString},
                         .sort_key = KeyAttribute{"sk", KeyType::kNumber}};
    blobs_ = TableSpec{.name = prefix + "blobs",
                       .partition_key = {"pk", KeyType::kBinary},
                       .sort_key = KeyAttribute{"sk", KeyType::kBinary}};
    simple_ = TableSpec{.name = prefix + "simple", .partition_key = {"id", KeyType::kString}};
    ASSERT_OK_AND_ASSIGN(store_, MakeStore(GetParam()));
    ASSERT_OK_AND_ASSIGN(EnsureReport report,
                         store_->EnsureTables({items_, numbers_, blobs_, simple_}, {}));
    ASSERT_EQ(report.tables.size(), 4u);
  }

  ItemStore& store() { return *store_; }

  static Item Key(std::string pk, std::string sk) {
    return {{"pk", V::S(std::move(pk))}, {"sk", V::S(std::move(sk))}};
  }
  static Item With(Item item, const std::string& name, V value) {
    item.insert_or_assign(name, std::move(value));
    return item;
  }

  Status PutItem(const TableSpec& spec, Item item, Condition condition = {}) {
    return store_->Put(
        PutRequest{.table = spec.name, .item = std::move(item), .condition = std::move(condition)});
  }
  Result<std::optional<Item>> GetItem(const TableSpec& spec, Item key) {
    return store_->Get(GetRequest{.table = spec.name, .key = std::move(key)});
  }
  // The item under `key`, or an empty item when there is none (fails the test on errors).
  Item Read(const TableSpec& spec, Item key) {
    Result<std::optional<Item>> got = GetItem(spec, std::move(key));
    if (!got.ok()) {
      ADD_FAILURE() << got.error().ToString();
      return {};
    }
    return got->value_or(Item{});
  }

  // Every page of the query (at most 1000, so a cursor loop cannot hang the test), checking
  // that each page holds at most `limit` items.
  Result<std::vector<QueryPage>> Pages(QueryRequest request) {
    std::vector<QueryPage> pages;
    for (int i = 0; i < 1000; ++i) {
      Result<QueryPage> page = store_->Query(request);
      if (!page.ok()) return std::move(page).error();
      EXPECT_LE(page->items.size(), static_cast<std::size_t>(request.limit));
      pages.push_back(std::move(page).value());
      if (pages.back().next_cursor.empty()) return pages;
      request.cursor = pages.back().next_cursor;
    }
    ADD_FAILURE() << "query did not end after 1000 pages";
    return pages;
  }
  // The items of every page, in order.
  Result<std::vector<Item>> Drain(QueryRequest request) {
    Result<std::vector<QueryPage>> pages = Pages(std::move(request));
    if (!pages.ok()) return std::move(pages).error();
    std::vector<Item> items;
    for (QueryPage& page : *pages) {
      for (Item& item : page.items) items.push_back(std::move(item));
    }
    return items;
  }
  QueryRequest ItemsQuery(std::string pk, int limit = 100) {
    return QueryRequest{.table = items_.name,
                        .key_condition = KeyCondition::Partition("pk", V::S(std::move(pk))),
                        .limit = limit};
  }
  // The `sk` strings of the items, in order.
  static std::vector<std::string> SortKeys(const std::vector<Item>& items) {
    std::vector<std::string> keys;
    for (const Item& item : items) {
      const V& sk = item.at("sk");
      keys.push_back(sk.IsS() ? sk.AsS() : sk.IsN() ? sk.AsN() : sk.AsB());
    }
    return keys;
  }

  std::unique_ptr<ItemStore> store_;
  TableSpec items_, numbers_, blobs_, simple_;
};

// =========================================================================================
// Tables
// =========================================================================================

TEST_P(StoreConformance, EnsureTablesCreatesThenReportsUnchanged) {
  std::string prefix = UniqueTablePrefix();
  TableSpec a{.name = prefix + "a", .partition_key = {"id", KeyType::kString}};
  TableSpec b{.name = prefix + "b",
              .partition_key = {"id", KeyType::kNumber},
              .sort_key = KeyAttribute{"at", KeyType::kBinary},
              .global_secondary_indexes = {IndexSpec{.name = "ByX",
                                                     .partition_key = {"x", KeyType::kString}}},
              .ttl_attribute = "expires"};
  ASSERT_OK_AND_ASSIGN(EnsureReport first, store().EnsureTables({a, b}, {}));
  ASSERT_EQ(first.tables.size(), 2u);
  EXPECT_EQ(first.tables[0].table, a.name);
  EXPECT_EQ(first.tables[1].table, b.name);
  EXPECT_EQ(ActionName(first.tables[0].action), "created");
  EXPECT_EQ(ActionName(first.tables[1].action), "created");
  EXPECT_TRUE(first.Changed());
  EXPECT_FALSE(first.HasDrift());

  ASSERT_OK_AND_ASSIGN(EnsureReport second, store().EnsureTables({a, b}, {}));
  ASSERT_EQ(second.tables.size(), 2u);
  EXPECT_EQ(ActionName(second.tables[0].action), "unchanged");
  EXPECT_EQ(ActionName(second.tables[1].action), "unchanged");
  EXPECT_FALSE(second.Changed());
  EXPECT_FALSE(second.HasDrift());

  // The new tables work, index included.
  ASSERT_OK(store().Put(PutRequest{
      .table = b.name, .item = {{"id", V::N(1)}, {"at", V::B("\x01")}, {"x", V::S("y")}}}));
  ASSERT_OK_AND_ASSIGN(
      std::vector<Item> found,
      Drain(QueryRequest{.table = b.name,
                         .index = "ByX",
                         .key_condition = KeyCondition::Partition("x", V::S("y"))}));
  EXPECT_EQ(found.size(), 1u);
}

TEST_P(StoreConformance, EnsureTablesReportsDriftAndTouchesNothing) {
  Item item = With(Key("p", "s"), "payload", V::S("kept"));
  ASSERT_OK(PutItem(items_, item));

  TableSpec other_sort_type = items_;
  other_sort_type.sort_key->type = KeyType::kNumber;
  TableSpec other_partition = items_;
  other_partition.partition_key.name = "user";
  TableSpec extra_index = items_;
  extra_index.global_secondary_indexes.push_back(
      IndexSpec{.name = "ByColor", .partition_key = {"color", KeyType::kString}});
  TableSpec fewer_indexes = items_;
  fewer_indexes.global_secondary_indexes.pop_back();
  TableSpec index_key_changed = items_;
  index_key_changed.global_secondary_indexes[0].sort_key->type = KeyType::kString;

  for (const TableSpec& changed :
       {other_sort_type, other_partition, extra_index, fewer_indexes, index_key_changed}) {
    for (bool dry_run : {true, false}) {
      SCOPED_TRACE(::testing::Message() << "dry run " << dry_run);
      ASSERT_OK_AND_ASSIGN(EnsureReport report,
                           store().EnsureTables({changed}, {.dry_run = dry_run}));
      ASSERT_EQ(report.tables.size(), 1u);
      EXPECT_EQ(report.tables[0].table, items_.name);
      EXPECT_EQ(ActionName(report.tables[0].action), "drift");
      EXPECT_FALSE(report.tables[0].details.empty());
      EXPECT_TRUE(report.HasDrift());
      EXPECT_FALSE(report.Changed());
    }
  }
  // Nothing was touched: the original spec still matches and the item is still there.
  ASSERT_OK_AND_ASSIGN(EnsureReport again, store().EnsureTables({items_}, {}));
  EXPECT_EQ(ActionName(again.tables[0].action), "unchanged");
  EXPECT_SAME_ITEMS(Read(items_, Key("p", "s")), item);
}

TEST_P(StoreConformance, EnsureTablesDryRunCreatesNothing) {
  TableSpec fresh{.name = UniqueTablePrefix() + "fresh", .partition_key = {"id", KeyType::kString}};
  ASSERT_OK_AND_ASSIGN(EnsureReport dry, store().EnsureTables({fresh, simple_}, {.dry_run = true}));
  ASSERT_EQ(dry.tables.size(), 2u);
  EXPECT_EQ(ActionName(dry.tables[0].action), "would_create");
  EXPECT_EQ(ActionName(dry.tables[1].action), "unchanged");
  EXPECT_CODE(store().Get(GetRequest{.table = fresh.name, .key = {{"id", V::S("x")}}}),
              Code::kNotFound);
  ASSERT_OK_AND_ASSIGN(EnsureReport real, store().EnsureTables({fresh}, {}));
  EXPECT_EQ(ActionName(real.tables[0].action), "created");
  ASSERT_OK_AND_ASSIGN(std::optional<Item> absent,
                       store().Get(GetRequest{.table = fresh.name, .key = {{"id", V::S("x")}}}));
  EXPECT_FALSE(absent.has_value());
}

TEST_P(StoreConformance, EnsureTablesEnablesAMissingTtl) {
  TableSpec with_ttl = simple_;
  with_ttl.ttl_attribute = "expires_at";
  ASSERT_OK_AND_ASSIGN(EnsureReport dry, store().EnsureTables({with_ttl}, {.dry_run = true}));
  EXPECT_EQ(ActionName(dry.tables[0].action), "would_enable_ttl");
  ASSERT_OK_AND_ASSIGN(EnsureReport real, store().EnsureTables({with_ttl}, {}));
  EXPECT_EQ(ActionName(real.tables[0].action), "ttl_enabled");
  EXPECT_TRUE(real.Changed());
  ASSERT_OK_AND_ASSIGN(EnsureReport again, store().EnsureTables({with_ttl}, {}));
  EXPECT_EQ(ActionName(again.tables[0].action), "unchanged");
  // A TTL on another attribute is drift.
  TableSpec other_ttl = simple_;
  other_ttl.ttl_attribute = "gone_at";
  ASSERT_OK_AND_ASSIGN(EnsureReport drift, store().EnsureTables({other_ttl}, {}));
  EXPECT_EQ(ActionName(drift.tables[0].action), "drift");
}

TEST_P(StoreConformance, EnsureTablesRefusesSpecsDynamoDbWouldRefuse) {
  const std::string prefix = UniqueTablePrefix();
  std::vector<std::pair<std::string, TableSpec>> bad = {
      {"name with a space",
       TableSpec{.name = prefix + "bad name", .partition_key = {"id", KeyType::kString}}},
      {"name of two characters",
       TableSpec{.name = "ab", .partition_key = {"id", KeyType::kString}}},
      {"empty key name",
       TableSpec{.name = prefix + "nokey", .partition_key = {"", KeyType::kString}}},
      {"one attribute with two types",
       TableSpec{.name = prefix + "twotypes",
                 .partition_key = {"id", KeyType::kString},
                 .global_secondary_indexes = {IndexSpec{
                     .name = "ById", .partition_key = {"id", KeyType::kNumber}}}}},
      {"two indexes with one name",
       TableSpec{.name = prefix + "twins",
                 .partition_key = {"id", KeyType::kString},
                 .global_secondary_indexes =
                     {IndexSpec{.name = "Same", .partition_key = {"a", KeyType::kString}},
                      IndexSpec{.name = "Same", .partition_key = {"b", KeyType::kString}}}}},
  };
  for (const auto& [name, spec] : bad) {
    SCOPED_TRACE(name);
    EXPECT_CODE(store().EnsureTables({spec}, {}), Code::kInvalidArgument);
    EXPECT_CODE(store().Get(GetRequest{.table = spec.name, .key = {{"id", V::S("x")}}}),
                Code::kNotFound);
  }
}

TEST_P(StoreConformance, ConcurrentWritesAreNeitherLostNorDoubled) {
  constexpr int kThreads = 4;
  constexpr int kIncrements = 15;
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  std::atomic<int> created{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kIncrements; ++i) {
        Result<Item> updated = store().Update(UpdateRequest{
            .table = items_.name,
            .key = Key("race", "counter"),
            .update = Update().Increment("n", V::N(1)).Add("who", V::SS({std::to_string(t)}))});
        if (!updated.ok()) ++failures;
      }
      // Everyone tries to create the same item; exactly one may.
      Status put = store().Put(PutRequest{.table = items_.name,
                                          .item = With(Key("race", "once"), "by", V::N(t)),
                                          .condition = Condition::AttributeNotExists("pk")});
      if (put.ok()) {
        ++created;
      } else if (!put.error().Is(Code::kConditionFailed)) {
        ++failures;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(created.load(), 1);
  Item counter = Read(items_, Key("race", "counter"));
  EXPECT_EQ(Normalized(counter["n"]), Normalized(V::N(kThreads * kIncrements)));
  EXPECT_EQ(counter["who"], V::SS({"0", "1", "2", "3"}));
}

TEST_P(StoreConformance, DeleteTableThenEverythingIsNotFound) {
  ASSERT_OK(PutItem(simple_, {{"id", V::S("x")}}));
  ASSERT_OK(store().DeleteTable(simple_.name));
  EXPECT_CODE(store().DeleteTable(simple_.name), Code::kNotFound);
  Item key = {{"id", V::S("x")}};
  EXPECT_CODE(store().Get(GetRequest{.table = simple_.name, .key = key}), Code::kNotFound);
  EXPECT_CODE(PutItem(simple_, key), Code::kNotFound);
  // Re-created, it is empty.
  ASSERT_OK(store().EnsureTables({simple_}, {}));
  ASSERT_OK_AND_ASSIGN(std::optional<Item> absent, GetItem(simple_, key));
  EXPECT_FALSE(absent.has_value());
}

TEST_P(StoreConformance, EveryOperationOnAnUnknownTableIsNotFound) {
  const std::string table = UniqueTablePrefix() + "nowhere";
  Item key = {{"id", V::S("x")}};
  EXPECT_CODE(store().DeleteTable(table), Code::kNotFound);
  EXPECT_CODE(store().Get(GetRequest{.table = table, .key = key}), Code::kNotFound);
  EXPECT_CODE(store().Put(PutRequest{.table = table, .item = key}), Code::kNotFound);
  EXPECT_CODE(store().Update(
                  UpdateRequest{.table = table, .key = key, .update = Update().Set("a", V::N(1))}),
              Code::kNotFound);
  EXPECT_CODE(store().Delete(DeleteRequest{.table = table, .key = key}), Code::kNotFound);
  EXPECT_CODE(store().Query(QueryRequest{
                  .table = table, .key_condition = KeyCondition::Partition("id", V::S("x"))}),
              Code::kNotFound);
  EXPECT_CODE(store().BatchGet(table, {key}), Code::kNotFound);
  EXPECT_CODE(store().BatchWrite({BatchWrite{.table = table, .item = key}}), Code::kNotFound);
  EXPECT_CODE(store().Transact({TransactAction{.table = table, .item = key}}), Code::kNotFound);
}

// =========================================================================================
// Single items
// =========================================================================================

TEST_P(StoreConformance, RoundTripsEveryValueType) {
  Item item = Key("types", "all");
  item["s"] = V::S("h\xC3\xA9llo \xF0\x9F\x98\x80 \"quoted\" \\ \n\t");
  item["n"] = V::N("-12345678901234567890.123456789012345678");
  item["small"] = V::N("1E-130");
  item["big"] = V::N("9.9999999999999999999999999999999999999E+125");
  item["b"] = V::B(Bytes({0x00, 0xFF, 0x80, 0x7F, 0x0A}));
  item["t"] = V::Bool(true);
  item["f"] = V::Bool(false);
  item["null"] = V::Null();
  item["m"] = V::M({{"nested", V::M({{"deep", V::L({V::N(1), V::S("x")})}})},
                    {"empty_map", V::M({})},
                    {"empty_list", V::L({})},
                    {"dotted.name", V::S("dots are part of the name")}});
  item["l"] = V::L({V::S("a"), V::N(2), V::B("c"), V::Null(), V::Bool(false), V::SS({"x"}),
                    V::L({}), V::M({{"k", V::S("v")}})});
  item["ss"] = V::SS({"b", "a", "\xC3\xA9"});
  item["ns"] = V::NS({"3", "-1.5", "100"});
  item["bs"] = V::BS({Bytes({0x00}), Bytes({0xFF, 0x01})});
  item["empty_string"] = V::S("");
  item["empty_binary"] = V::B("");
  item["name with spaces & symbols #:"] = V::S("ok");
  ASSERT_OK(PutItem(items_, item));
  ASSERT_OK_AND_ASSIGN(std::optional<Item> got, GetItem(items_, Key("types", "all")));
  ASSERT_TRUE(got.has_value());
  EXPECT_SAME_ITEMS(*got, item);
}

TEST_P(StoreConformance, GetOfAnAbsentItemIsEmpty) {
  ASSERT_OK_AND_ASSIGN(std::optional<Item> got, GetItem(items_, Key("nobody", "home")));
  EXPECT_FALSE(got.has_value());
  ASSERT_OK_AND_ASSIGN(
      got, store().Get(GetRequest{
               .table = items_.name, .key = Key("nobody", "home"), .consistent_read = false}));
  EXPECT_FALSE(got.has_value());
}

TEST_P(StoreConformance, PutReplacesTheWholeItem) {
  ASSERT_OK(PutItem(items_, With(With(Key("p", "1"), "a", V::S("old")), "b", V::N(1))));
  Item replacement = With(Key("p", "1"), "c", V::Bool(true));
  ASSERT_OK(PutItem(items_, replacement));
  EXPECT_SAME_ITEMS(Read(items_, Key("p", "1")), replacement);
}

TEST_P(StoreConformance, UpdateUpsertsAndReturnsTheNewItem) {
  ASSERT_OK_AND_ASSIGN(Item created,
                       store().Update(UpdateRequest{
                           .table = items_.name,
                           .key = Key("p", "u"),
                           .update = Update().Set("a", V::S("x")).Increment("count", V::N(1))}));
  Item expected = With(With(Key("p", "u"), "a", V::S("x")), "count", V::N(1));
  EXPECT_SAME_ITEMS(created, expected);
  EXPECT_SAME_ITEMS(Read(items_, Key("p", "u")), expected);

  ASSERT_OK_AND_ASSIGN(
      Item updated,
      store().Update(UpdateRequest{.table = items_.name,
                                   .key = Key("p", "u"),
                                   .update = Update().Increment("count", V::N(2)).Remove("a")}));
  EXPECT_SAME_ITEMS(updated, With(Key("p", "u"), "count", V::N(3)));
  EXPECT_SAME_ITEMS(Read(items_, Key("p", "u")), updated);
}

TEST_P(StoreConformance, DeleteReturnsTheOldItem) {
  Item item = With(Key("p", "d"), "a", V::L({V::N(1)}));
  ASSERT_OK(PutItem(items_, item));
  ASSERT_OK_AND_ASSIGN(std::optional<Item> old,
                       store().Delete(DeleteRequest{.table = items_.name, .key = Key("p", "d")}));
  ASSERT_TRUE(old.has_value());
  EXPECT_SAME_ITEMS(*old, item);
  ASSERT_OK_AND_ASSIGN(std::optional<Item> gone, GetItem(items_, Key("p", "d")));
  EXPECT_FALSE(gone.has_value());
  // Deleting an absent item succeeds and returns nothing.
  ASSERT_OK_AND_ASSIGN(old,
                       store().Delete(DeleteRequest{.table = items_.name, .key = Key("p", "d")}));
  EXPECT_FALSE(old.has_value());
}

// --- Conditions ------------------------------------------------------------------------------

// The item every condition case is evaluated against.
Item ConditionBase(const Item& key) {
  Item item = key;
  item["s"] = V::S("hello world");
  item["n"] = V::N("10");
  item["b"] = V::B(Bytes({0x01, 0x02, 0x03}));
  item["flag"] = V::Bool(true);
  item["nothing"] = V::Null();
  item["tags"] = V::SS({"red", "green"});
  item["nums"] = V::NS({"1", "2", "3"});
  item["bins"] = V::BS({Bytes({0x01}), Bytes({0x02})});
  item["list"] = V::L({V::S("a"), V::N(1), V::M({{"x", V::S("y")}})});
  item["map"] = V::M({{"inner", V::M({{"deep", V::N(5)}})}, {"word", V::S("abc")}});
  return item;
}

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

// --- Updates ---------------------------------------------------------------------------------

struct UpdateCase {
  std::string name;
  Update update;
  // The item after the update, from the base item; or the error code (item unchanged).
  std::function<void(Item&)> change;
  std::optional<Code> error;
};

std::vector<UpdateCase> UpdateCases() {
  auto list = [](Item& item) -> std::vector<V>& { return item["list"].MutableL(); };
  auto map = [](Item& item) -> Item& { return item["map"].MutableM(); };
  const Code kInvalid = Code::kInvalidArgument;
  std::
      vector<UpdateCase>
          cases =
              {
                  {"SET s",
                   Update().Set("s", V::S("new")),
                   [](Item& i) { i["s"] = V::S("new"); },
                   {}},
                  {"SET new attribute",
                   Update().Set("fresh", V::M({})),
                   [](Item& i) { i["fresh"] = V::M({}); },
                   {}},
                  {"SET replaces the type",
                   Update().Set("n", V::SS({"x"})),
                   [](Item& i) { i["n"] = V::SS({"x"}); },
                   {}},
                  {"SET map.inner.deep",
                   Update().Set(Path("map").Field("inner").Field("deep"), V::N(6)),
                   [&](Item& i) { map(i)["inner"].MutableM()["deep"] = V::N(6); },
                   {}},
                  {"SET map.added",
                   Update().Set(Path("map").Field("added"), V::S("x")),
                   [&](Item& i) { map(i)["added"] = V::S("x"); },
                   {}},
                  {"SET list[0]",
                   Update().Set(Path("list").Index(0), V::S("z")),
                   [&](Item& i) { list(i)[0] = V::S("z"); },
                   {}},
                  {"SET list[2].x",
                   Update().Set(Path("list").Index(2).Field("x"), V::N(1)),
                   [&](Item& i) { list(i)[2].MutableM()["x"] = V::N(1); },
                   {}},
                  {"SET list[10] appends",
                   Update().Set(Path("list").Index(10), V::S("end")),
                   [&](Item& i) { list(i).push_back(V::S("end")); },
                   {}},
                  {"SET zz.x (no parent)",
                   Update().Set(Path("zz").Field("x"), V::N(1)),
                   {},
                   kInvalid},
                  {"SET n.x (parent not a map)",
                   Update().Set(Path("n").Field("x"), V::N(1)),
                   {},
                   kInvalid},
                  {"SET s[0] (parent not a list)",
                   Update().Set(Path("s").Index(0), V::N(1)),
                   {},
                   kInvalid},
                  {"SET zz[0] (no list)", Update().Set(Path("zz").Index(0), V::N(1)), {}, kInvalid},
                  // if_not_exists.
                  {"SetIfNotExists present",
                   Update().SetIfNotExists("n", V::N(99)),
                   [](Item&) {},
                   {}},
                  {"SetIfNotExists absent",
                   Update().SetIfNotExists("zz", V::N(99)),
                   [](Item& i) { i["zz"] = V::N(99); },
                   {}},
                  {"SetIfNotExists nested absent",
                   Update().SetIfNotExists(Path("map").Field("new"), V::S("v")),
                   [&](Item& i) { map(i)["new"] = V::S("v"); },
                   {}},
                  // Arithmetic.
                  {"Increment present",
                   Update().Increment("n", V::N(5)),
                   [](Item& i) { i["n"] = V::N(15); },
                   {}},
                  {"Increment absent counts from 0",
                   Update().Increment("zz", V::N(5)),
                   [](Item& i) { i["zz"] = V::N(5); },
                   {}},
                  {"Increment to a negative result",
                   Update().Increment("n", V::N(-15)),
                   [](Item& i) { i["n"] = V::N(-5); },
                   {}},
                  {"Increment by a decimal",
                   Update().Increment("n", V::N("-10.5")),
                   [](Item& i) { i["n"] = V::N("-0.5"); },
                   {}},
                  {"Increment nested",
                   Update().Increment(Path("map").Field("inner").Field("deep"), V::N(1)),
                   [&](Item& i) { map(i)["inner"].MutableM()["deep"] = V::N(6); },
                   {}},
                  {"IncrementExisting present",
                   Update().IncrementExisting("n", V::N("0.25")),
                   [](Item& i) { i["n"] = V::N("10.25"); },
                   {}},
                  {"IncrementExisting absent",
                   Update().IncrementExisting("zz", V::N(1)),
                   {},
                   kInvalid},
                  {"Increment a string", Update().Increment("s", V::N(1)), {}, kInvalid},
                  {"Increment a list element",
                   Update().Increment(Path("list").Index(1), V::N(41)),
                   [&](Item& i) { list(i)[1] = V::N(42); },
                   {}},
                  // Lists.
                  {"AppendToList",
                   Update().AppendToList("list", V::L({V::S("d"), V::N(4)})),
                   [&](Item& i) {
                     list(i).push_back(V::S("d"));
                     list(i).push_back(V::N(4));
                   },
                   {}},
                  {"AppendToList absent",
                   Update().AppendToList("zz", V::L({V::N(1)})),
                   [](Item& i) { i["zz"] = V::L({V::N(1)}); },
                   {}},
                  {"PrependToList",
                   Update().PrependToList("list", V::L({V::S("first")})),
                   [&](Item& i) { list(i).insert(list(i).begin(), V::S("first")); },
                   {}},
                  {"PrependToList absent",
                   Update().PrependToList("zz", V::L({V::N(1), V::N(2)})),
                   [](Item& i) {
                     i["zz"] = V::L({V::N(1), V::N(2)});
                   },
                   {}},
                  {"AppendToList to a string",
                   Update().AppendToList("s", V::L({V::N(1)})),
                   {},
                   kInvalid},
                  {"AppendToList to a set",
                   Update().AppendToList("tags", V::L({V::S("x")})),
                   {},
                   kInvalid},
                  // ADD.
                  {"Add number",
                   Update().Add("n", V::N(3)),
                   [](Item& i) { i["n"] = V::N(13); },
                   {}},
                  {"Add negative number",
                   Update().Add("n", V::N(-13)),
                   [](Item& i) { i["n"] = V::N(-3); },
                   {}},
                  {"Add number to absent",
                   Update().Add("zz", V::N(2)),
                   [](Item& i) { i["zz"] = V::N(2); },
                   {}},
                  {"Add string set",
                   Update().Add("tags", V::SS({"blue", "red"})),
                   [](Item& i) { i["tags"] = V::SS({"red", "green", "blue"}); },
                   {}},
                  {"Add number set (by value)",
                   Update().Add("nums", V::NS({"4", "2.0"})),
                   [](Item& i) {
                     i["nums"] = V::NS({"1", "2", "3", "4"});
                   },
                   {}},
                  {"Add binary set",
                   Update().Add("bins", V::BS({Bytes({0x03}), Bytes({0x01})})),
                   [](Item& i) {
                     i["bins"] = V::BS({Bytes({0x01}), Bytes({0x02}), Bytes({0x03})});
                   },
                   {}},
                  {"Add set to absent",
                   Update().Add("zz", V::SS({"a"})),
                   [](Item& i) { i["zz"] = V::SS({"a"}); },
                   {}},
                  {"Add number to a string", Update().Add("s", V::N(1)), {}, kInvalid},
                  {"Add string set to a number set",
                   Update().Add("nums", V::SS({"x"})),
                   {},
                   kInvalid},
                  {"Add number to a set", Update().Add("tags", V::N(1)), {}, kInvalid},
                  {"Add set to a number", Update().Add("n", V::NS({"1"})), {}, kInvalid},
                  // REMOVE.
                  {"Remove attribute", Update().Remove("s"), [](Item& i) { i.erase("s"); }, {}},
                  {"Remove absent attribute", Update().Remove("zz"), [](Item&) {}, {}},
                  {"Remove list element shifts the rest",
                   Update().Remove(Path("list").Index(1)),
                   [&](Item& i) { list(i).erase(list(i).begin() + 1); },
                   {}},
                  {"Remove two list elements (indexes of the old list)",
                   Update().Remove(Path("list").Index(0)).Remove(Path("list").Index(2)),
                   [&](Item& i) { list(i) = {V::N(1)}; },
                   {}},
                  {"Remove list element past the end",
                   Update().Remove(Path("list").Index(9)),
                   [](Item&) {},
                   {}},
                  {"Remove map field",
                   Update().Remove(Path("map").Field("inner").Field("deep")),
                   [&](Item& i) { map(i)["inner"] = V::M({}); },
                   {}},
                  {"Remove map field of an absent map",
                   Update().Remove(Path("zz").Field("x")),
                   {},
                   kInvalid},
                  // DELETE from sets.
                  {"DeleteFromSet",
                   Update().DeleteFromSet("tags", V::SS({"red"})),
                   [](Item& i) { i["tags"] = V::SS({"green"}); },
                   {}},
                  {"DeleteFromSet of absent elements",
                   Update().DeleteFromSet("tags", V::SS({"blue"})),
                   [](Item&) {},
                   {}},
                  {"DeleteFromSet emptying removes the attribute",
                   Update().DeleteFromSet("tags", V::SS({"red", "green", "blue"})),
                   [](Item& i) { i.erase("tags"); },
                   {}},
                  {"DeleteFromSet numbers by value",
                   Update().DeleteFromSet("nums", V::NS({"2.0"})),
                   [](Item& i) {
                     i["nums"] = V::NS({"1", "3"});
                   },
                   {}},
                  {"DeleteFromSet binaries",
                   Update().DeleteFromSet("bins", V::BS({Bytes({0x01})})),
                   [](Item& i) { i["bins"] = V::BS({Bytes({0x02})}); },
                   {}},
                  {"DeleteFromSet of an absent attribute",
                   Update().DeleteFromSet("zz", V::SS({"a"})),
                   [](Item&) {},
                   {}},
                  // DELETE can never give an index key another type: on an absent index key
                  // it does nothing, as on any absent attribute.
                  {"DeleteFromSet of an absent index key",
                   Update().DeleteFromSet("owner", V::SS({"a"})),
                   [](Item&) {},
                   {}},
                  {"DeleteFromSet of another set type",
                   Update().DeleteFromSet("tags", V::NS({"1"})),
                   {},
                   kInvalid},
                  {"DeleteFromSet from a string",
                   Update().DeleteFromSet("s", V::SS({"x"})),
                   {},
                   kInvalid},
                  // Several actions at once.
                  {"SET, REMOVE, ADD and DELETE together",
                   Update()
                       .Set("s", V::S("multi"))
                       .Remove("flag")
                       .Add("n", V::N(1))
                       .DeleteFromSet("tags", V::SS({"red"}))
                       .AppendToList("list", V::L({V::Null()})),
                   [&](Item& i) {
                     i["s"] = V::S("multi");
                     i.erase("flag");
                     i["n"] = V::N(11);
                     i["tags"] = V::SS({"green"});
                     list(i).push_back(V::Null());
                   },
                   {}},
                  // Bad updates, refused whole.
                  {"SET a key attribute", Update().Set("pk", V::S("other")), {}, kInvalid},
                  {"REMOVE a key attribute",
                   Update().Set("ok", V::N(1)).Remove("sk"),
                   {},
                   kInvalid},
                  // An index key may not become another type than the index declares
                  // (DynamoDB: "Type mismatch for Index Key"). DynamoDB Local accepts such
                  // updates, so the DynamoDB engine checks them itself.
                  {"SET an index key of the wrong type",
                   Update().Set("owner", V::N(1)),
                   {},
                   kInvalid},
                  {"SET an index sort key of the wrong type",
                   Update().Set("rank", V::S("1")),
                   {},
                   kInvalid},
                  {"Increment an index string key",
                   Update().Increment("owner", V::N(1)),
                   {},
                   kInvalid},
                  // Not here: SetIfNotExists("owner", 1) on an item without an owner. DynamoDB
                  // and the SQLite engine refuse it, but DynamoDB Local stores it, and the
                  // DynamoDB engine cannot know before sending whether the attribute exists.
                  {"SET an index key of the right type",
                   Update().Set("rank", V::N(3)),
                   [](Item& i) { i["rank"] = V::N(3); },
                   {}},
                  {"SET an index key to an empty string",
                   Update().Set("tag", V::S("")),
                   {},
                   kInvalid},
                  {"SET an empty set", Update().Set("e", V::SS({})), {}, kInvalid},
                  {"Add an empty set", Update().Add("tags", V::SS({})), {}, kInvalid},
                  {"SET an invalid number", Update().Set("e", V::N("1e400")), {}, kInvalid},
                  {"overlapping paths",
                   Update().Set("map", V::M({})).Remove(Path("map").Field("word")),
                   {},
                   kInvalid},
              };
  return cases;
}

TEST_P(StoreConformance, EveryUpdateFormGivesTheExactItem) {
  const Item key = Key("upd", "1");
  const Item base = ConditionBase(key);
  for (const UpdateCase& c : UpdateCases()) {
    SCOPED_TRACE(c.name);
    ASSERT_OK(PutItem(items_, base));
    Result<Item> updated =
        store().Update(UpdateRequest{.table = items_.name, .key = key, .update = c.update});
    if (c.error) {
      EXPECT_CODE(updated, *c.error);
      EXPECT_SAME_ITEMS(Read(items_, key), base);
    } else {
      Item expected = base;
      c.change(expected);
      ASSERT_TRUE(updated.ok()) << updated.error().ToString();
      EXPECT_SAME_ITEMS(*updated, expected);
      EXPECT_SAME_ITEMS(Read(items_, key), expected);
    }
  }
}

TEST_P(StoreConformance, DecimalArithmeticIsExact) {
  const Item key = Key("math", "1");
  auto apply = [&](Update update) -> Result<Item> {
    return store().Update(
        UpdateRequest{.table = items_.name, .key = key, .update = std::move(update)});
  };
  ASSERT_OK(apply(Update().Set("n", V::N("0.1"))));
  ASSERT_OK_AND_ASSIGN(Item sum, apply(Update().Increment("n", V::N("0.2"))));
  EXPECT_EQ(Normalized(sum.at("n")), Normalized(V::N("0.3")));
  ASSERT_OK_AND_ASSIGN(sum, apply(Update().Add("n", V::N("-0.3"))));
  EXPECT_EQ(Normalized(sum.at("n")), Normalized(V::N("0")));
  // 38 significant digits are kept exactly.
  ASSERT_OK(apply(Update().Set("n", V::N("12345678901234567890123456789012345678"))));
  ASSERT_OK_AND_ASSIGN(sum, apply(Update().Increment("n", V::N(1))));
  EXPECT_EQ(Normalized(sum.at("n")), Normalized(V::N("12345678901234567890123456789012345679")));
  ASSERT_OK(apply(Update().Set("n", V::N("0.000000000000000000000000000000000001"))));
  ASSERT_OK_AND_ASSIGN(
      sum, apply(Update().Increment("n", V::N("-0.000000000000000000000000000000000002"))));
  EXPECT_EQ(Normalized(sum.at("n")), Normalized(V::N("-0.000000000000000000000000000000000001")));
}

TEST_P(StoreConformance, ArithmeticBeyondDynamoDbNumbersFails) {
  const Item key = Key("math", "2");
  auto apply = [&](Update update) -> Result<Item> {
    return store().Update(
        UpdateRequest{.table = items_.name, .key = key, .update = std::move(update)});
  };
  // 38 nines plus 1 is 1E+38: one significant digit, within range, so DynamoDB accepts it.
  ASSERT_OK(apply(Update().Set("n", V::N("99999999999999999999999999999999999999"))));
  ASSERT_OK_AND_ASSIGN(Item big, apply(Update().Increment("n", V::N(1))));
  EXPECT_EQ(Normalized(big.at("n")), Normalized(V::N("1E+38")));
  // A result needing 39 significant digits is refused, and nothing changes.
  ASSERT_OK(apply(Update().Set("n", V::N("99999999999999999999999999999999999999"))));
  EXPECT_CODE(apply(Update().Increment("n", V::N("0.1"))), Code::kInvalidArgument);
  EXPECT_EQ(Normalized(Read(items_, key).at("n")),
            Normalized(V::N("99999999999999999999999999999999999999")));
  // So is a result past the largest magnitude (9.99...E+125).
  ASSERT_OK(apply(Update().Set("n", V::N("9.9E+125"))));
  EXPECT_CODE(apply(Update().Add("n", V::N("1E+125"))), Code::kInvalidArgument);
  EXPECT_CODE(apply(Update().Increment("n", V::N("1E+125"))), Code::kInvalidArgument);
  EXPECT_EQ(Normalized(Read(items_, key).at("n")), Normalized(V::N("9.9E+125")));
  ASSERT_OK(apply(Update().Set("n", V::N("-9.9E+125"))));
  EXPECT_CODE(apply(Update().Increment("n", V::N("-1E+125"))), Code::kInvalidArgument);
}

TEST_P(StoreConformance, RequestsWithBadKeysAreInvalidArgument) {
  std::vector<std::pair<std::string, Item>> bad_keys = {
      {"empty", {}},
      {"sort key missing", {{"pk", V::S("a")}}},
      {"partition key missing", {{"sk", V::S("a")}}},
      {"extra attribute", With(Key("a", "b"), "x", V::S("y"))},
      {"wrong partition type", {{"pk", V::N(1)}, {"sk", V::S("b")}}},
      {"wrong sort type", {{"pk", V::S("a")}, {"sk", V::B("b")}}},
      {"empty partition value", Key("", "b")},
      {"empty sort value", Key("a", "")},
  };
  for (const auto& [name, key] : bad_keys) {
    SCOPED_TRACE(name);
    EXPECT_CODE(GetItem(items_, key), Code::kInvalidArgument);
    EXPECT_CODE(store().Update(UpdateRequest{
                    .table = items_.name, .key = key, .update = Update().Set("a", V::N(1))}),
                Code::kInvalidArgument);
    EXPECT_CODE(store().Delete(DeleteRequest{.table = items_.name, .key = key}),
                Code::kInvalidArgument);
    if (name != "extra attribute") EXPECT_CODE(PutItem(items_, key), Code::kInvalidArgument);
    EXPECT_CODE(store().BatchGet(items_.name, {key}), Code::kInvalidArgument);
    EXPECT_CODE(store().BatchWrite({BatchWrite{
                    .table = items_.name, .kind = BatchWrite::Kind::kDelete, .item = key}}),
                Code::kInvalidArgument);
    EXPECT_CODE(store().Transact({TransactAction{
                    .kind = TransactAction::Kind::kDelete, .table = items_.name, .item = key}}),
                Code::kInvalidArgument);
  }
  // A binary key given as a string, on the blobs table.
  EXPECT_CODE(GetItem(blobs_, {{"pk", V::S("a")}, {"sk", V::B("b")}}), Code::kInvalidArgument);
}

TEST_P(StoreConformance, BadItemsAreRefusedAndNothingIsWritten) {
  Item base = Key("bad", "1");
  std::vector<std::pair<std::string, Item>> bad_items = {
      {"empty string set", With(base, "e", V::SS({}))},
      {"empty number set", With(base, "e", V::NS({}))},
      {"empty set in a map", With(base, "m", V::M({{"e", V::BS({})}}))},
      {"duplicate set members", With(base, "e", V::SS({"a", "a"}))},
      {"invalid number", With(base, "e", V::N("1e400"))},
      {"too many digits", With(base, "e", V::N("123456789012345678901234567890123456789"))},
      {"invalid UTF-8", With(base, "e", V::S("\xC3"))},
      {"index key of the wrong type", With(base, "owner", V::B("x"))},
      {"index sort key of the wrong type", With(base, "rank", V::S("1"))},
      {"empty index key", With(base, "tag", V::S(""))},
  };
  for (const auto& [name, item] : bad_items) {
    SCOPED_TRACE(name);
    EXPECT_CODE(PutItem(items_, item), Code::kInvalidArgument);
  }
  ASSERT_OK_AND_ASSIGN(std::optional<Item> none, GetItem(items_, base));
  EXPECT_FALSE(none.has_value());
}

TEST_P(StoreConformance, KeyValuesHaveDynamoDbsLengthLimits) {
  // Partition keys up to 2048 bytes, sort keys up to 1024, for the table and its indexes.
  TableSpec spec{
      .name = UniqueTablePrefix() + "long",
      .partition_key = {"pk", KeyType::kString},
      .sort_key = KeyAttribute{"sk", KeyType::kBinary},
      .global_secondary_indexes = {IndexSpec{.name = "ByOwner",
                                             .partition_key = {"owner", KeyType::kBinary},
                                             .sort_key = KeyAttribute{"label", KeyType::kString}}}};
  ASSERT_OK(store().EnsureTables({spec}, {}));
  auto put = [&](Item item) { return store().Put(PutRequest{.table = spec.name, .item = item}); };
  const std::string pk2048(2048, 'p'), sk1024(1024, 's');
  ASSERT_OK(put({{"pk", V::S(pk2048)}, {"sk", V::B(sk1024)}}));
  ASSERT_OK_AND_ASSIGN(
      std::optional<Item> got,
      store().Get(
          GetRequest{.table = spec.name, .key = {{"pk", V::S(pk2048)}, {"sk", V::B(sk1024)}}}));
  EXPECT_TRUE(got.has_value());
  EXPECT_CODE(put({{"pk", V::S(pk2048 + "p")}, {"sk", V::B("s")}}), Code::kInvalidArgument);
  EXPECT_CODE(put({{"pk", V::S("p")}, {"sk", V::B(sk1024 + "s")}}), Code::kInvalidArgument);
  EXPECT_CODE(store().Get(GetRequest{.table = spec.name,
                                     .key = {{"pk", V::S(pk2048 + "p")}, {"sk", V::B("s")}}}),
              Code::kInvalidArgument);
  // Index keys: the same limits.
  ASSERT_OK(put({{"pk", V::S("p")},
                 {"sk", V::B("1")},
                 {"owner", V::B(std::string(2048, 'o'))},
                 {"label", V::S(std::string(1024, 'l'))}}));
  EXPECT_CODE(put({{"pk", V::S("p")}, {"sk", V::B("2")}, {"owner", V::B(std::string(2049, 'o'))}}),
              Code::kInvalidArgument);
  EXPECT_CODE(put({{"pk", V::S("p")}, {"sk", V::B("3")}, {"label", V::S(std::string(1025, 'l'))}}),
              Code::kInvalidArgument);
  EXPECT_CODE(
      store().Update(UpdateRequest{.table = spec.name,
                                   .key = {{"pk", V::S("p")}, {"sk", V::B("1")}},
                                   .update = Update().Set("label", V::S(std::string(1025, 'l')))}),
      Code::kInvalidArgument);
  ASSERT_OK_AND_ASSIGN(
      std::vector<Item> found,
      Drain(QueryRequest{.table = spec.name,
                         .key_condition = KeyCondition::Partition("pk", V::S("p"))}));
  EXPECT_EQ(found.size(), 1u);
}

TEST_P(StoreConformance, TransactionsOverFourMegabytesAreTooLarge) {
  std::vector<TransactAction> actions;
  for (int i = 0; i < 12; ++i) {
    actions.push_back(TransactAction{
        .table = items_.name,
        .item = With(Key("tx4mb", std::to_string(i)), "pad", V::S(std::string(390 * 1024, 'x')))});
  }
  EXPECT_CODE(store().Transact(actions), Code::kTooLarge);
  ASSERT_OK_AND_ASSIGN(std::vector<Item> found, Drain(ItemsQuery("tx4mb")));
  EXPECT_TRUE(found.empty());
  // Eight such items (3.1 MB) are fine.
  actions.resize(8);
  ASSERT_OK(store().Transact(actions));
}

TEST_P(StoreConformance, ItemsOver400KbAreTooLarge) {
  Item item = Key("big", "1");
  // ddb::ItemSize counts names and values, as DynamoDB does: exactly 400 KB is accepted.
  std::size_t fixed = ddb::ItemSize(item) + std::string("pad").size();
  item["pad"] = V::S(std::string(400 * 1024 - fixed, 'x'));
  ASSERT_EQ(ddb::ItemSize(item), 400u * 1024u);
  ASSERT_OK(PutItem(items_, item));
  EXPECT_SAME_ITEMS(Read(items_, Key("big", "1")), item);

  Item over = Key("big", "2");
  over["pad"] = V::S(std::string(400 * 1024, 'x'));
  EXPECT_CODE(PutItem(items_, over), Code::kTooLarge);
  ASSERT_OK_AND_ASSIGN(std::optional<Item> none, GetItem(items_, Key("big", "2")));
  EXPECT_FALSE(none.has_value());

  // An update that makes the item too large fails the same way and changes nothing.
  EXPECT_CODE(store().Update(UpdateRequest{.table = items_.name,
                                           .key = Key("big", "1"),
                                           .update = Update().Set("more", V::S("0123456789"))}),
              Code::kTooLarge);
  EXPECT_SAME_ITEMS(Read(items_, Key("big", "1")), item);
  EXPECT_CODE(store().Transact({TransactAction{.table = items_.name, .item = over}}),
              Code::kTooLarge);
}

// =========================================================================================
// Queries
// =========================================================================================

TEST_P(StoreConformance, EverySortKeyConditionForwardAndBackward) {
  const std::vector<std::string> keys = {"a", "b", "ba", "bb", "c", "d"};
  for (const std::string& sk : keys) ASSERT_OK(PutItem(items_, Key("q", sk)));
  ASSERT_OK(PutItem(items_, Key("q2", "b")));  // another partition, never returned
  using KC = KeyCondition;
  auto base = [] { return KC::Partition("pk", V::S("q")); };
  struct Case {
    std::string name;
    KeyCondition condition;
    std::vector<std::string> expected;
  };
  std::vector<Case> cases = {
      {"all", base(), keys},
      {"= b", base().SortEqual("sk", V::S("b")), {"b"}},
      {"= zz", base().SortEqual("sk", V::S("zz")), {}},
      {"< b", base().SortLess("sk", V::S("b")), {"a"}},
      {"<= b", base().SortLessOrEqual("sk", V::S("b")), {"a", "b"}},
      {"> b", base().SortGreater("sk", V::S("b")), {"ba", "bb", "c", "d"}},
      {">= bb", base().SortGreaterOrEqual("sk", V::S("bb")), {"bb", "c", "d"}},
      {"between b and c", base().SortBetween("sk", V::S("b"), V::S("c")), {"b", "ba", "bb", "c"}},
      {"between ba and ba", base().SortBetween("sk", V::S("ba"), V::S("ba")), {"ba"}},
      {"begins_with b", base().SortBeginsWith("sk", V::S("b")), {"b", "ba", "bb"}},
      {"begins_with ba", base().SortBeginsWith("sk", V::S("ba")), {"ba"}},
      {"begins_with x", base().SortBeginsWith("sk", V::S("x")), {}},
  };
  for (const Case& c : cases) {
    for (bool forward : {true, false}) {
      SCOPED_TRACE(c.name + (forward ? " forward" : " backward"));
      std::vector<std::string> expected = c.expected;
      if (!forward) std::reverse(expected.begin(), expected.end());
      for (int limit : {1, 2, 100}) {
        QueryRequest request = ItemsQuery("q", limit);
        request.key_condition = c.condition;
        request.forward = forward;
        ASSERT_OK_AND_ASSIGN(std::vector<Item> found, Drain(request));
        EXPECT_EQ(SortKeys(found), expected) << "limit " << limit;
      }
    }
  }
}

TEST_P(StoreConformance, NumericSortKeysOrderByValue) {
  const std::vector<std::string> values = {
      "-1E+3", "-10", "-2.5", "-1", "-0.001", "0",    "0.5",
      "1",     "2",   "9",    "10", "100",    "1E+3", "12345678901234567890"};
  // Written in a scrambled order.
  for (std::size_t i = 0; i < values.size(); ++i) {
    const std::string& v = values[(i * 5) % values.size()];
    ASSERT_OK(PutItem(numbers_, {{"pk", V::S("n")}, {"sk", V::N(v)}, {"v", V::S(v)}}));
  }
  auto query = [&](KeyCondition condition, bool forward) -> std::vector<std::string> {
    Result<std::vector<Item>> found = Drain(QueryRequest{.table = numbers_.name,
                                                         .key_condition = std::move(condition),
                                                         .forward = forward,
                                                         .limit = 3});
    std::vector<std::string> out;
    if (!found.ok()) {
      ADD_FAILURE() << found.error().ToString();
      return out;
    }
    for (const Item& item : *found) out.push_back(item.at("v").AsS());
    return out;
  };
  auto partition = [] { return KeyCondition::Partition("pk", V::S("n")); };
  EXPECT_EQ(query(partition(), true), values);
  std::vector<std::string> reversed(values.rbegin(), values.rend());
  EXPECT_EQ(query(partition(), false), reversed);
  EXPECT_EQ(query(partition().SortBetween("sk", V::N("-2.5"), V::N("1.0")), true),
            (std::vector<std::string>{"-2.5", "-1", "-0.001", "0", "0.5", "1"}));
  EXPECT_EQ(query(partition().SortGreater("sk", V::N(9)), true),
            (std::vector<std::string>{"10", "100", "1E+3", "12345678901234567890"}));
  EXPECT_EQ(query(partition().SortLess("sk", V::N("-1")), false),
            (std::vector<std::string>{"-2.5", "-10", "-1E+3"}));
  EXPECT_EQ(query(partition().SortEqual("sk", V::N("1000.00")), true),
            (std::vector<std::string>{"1E+3"}));
  // A key written as 1.0 is the same key as 1: the put replaces, the get finds it.
  ASSERT_OK(PutItem(numbers_, {{"pk", V::S("n")}, {"sk", V::N("1.0")}, {"v", V::S("one")}}));
  ASSERT_OK_AND_ASSIGN(std::optional<Item> one,
                       GetItem(numbers_, {{"pk", V::S("n")}, {"sk", V::N("1.00")}}));
  ASSERT_TRUE(one.has_value());
  EXPECT_EQ(one->at("v"), V::S("one"));
  EXPECT_EQ(query(partition(), true).size(), values.size());
}

TEST_P(StoreConformance, StringSortKeysOrderByUtf8Bytes) {
  // Byte order: uppercase before lowercase, then multi-byte UTF-8 by lead byte.
  const std::vector<std::string> ordered = {"!",
                                            "0",
                                            "9",
                                            "B",
                                            "Z",
                                            "a",
                                            "aa",
                                            "b",
                                            "z",
                                            "\xC3\xA9" /* é U+00E9 */,
                                            "\xE2\x82\xAC" /* € U+20AC */,
                                            "\xEF\xBD\x9A" /* ｚ U+FF5A */,
                                            "\xF0\x9F\x98\x80" /* 😀 U+1F600 */};
  for (std::size_t i = 0; i < ordered.size(); ++i) {
    ASSERT_OK(PutItem(items_, Key("utf8", ordered[(i * 7) % ordered.size()])));
  }
  ASSERT_OK_AND_ASSIGN(std::vector<Item> found, Drain(ItemsQuery("utf8", 4)));
  EXPECT_EQ(SortKeys(found), ordered);
  QueryRequest backward = ItemsQuery("utf8", 5);
  backward.forward = false;
  ASSERT_OK_AND_ASSIGN(found, Drain(backward));
  EXPECT_EQ(SortKeys(found), std::vector<std::string>(ordered.rbegin(), ordered.rend()));
}

TEST_P(StoreConformance, BinarySortKeysOrderByUnsignedBytes) {
  const std::vector<std::string> ordered = {
      Bytes({0x00}), Bytes({0x00, 0x00}), Bytes({0x01}), Bytes({0x7F}),      Bytes({0x7F, 0xFF}),
      Bytes({0x80}), Bytes({0xFE}),       Bytes({0xFF}), Bytes({0xFF, 0x00})};
  const V partition = V::B(Bytes({0xAB}));
  for (std::size_t i = 0; i < ordered.size(); ++i) {
    ASSERT_OK(
        PutItem(blobs_, {{"pk", partition}, {"sk", V::B(ordered[(i * 4) % ordered.size()])}}));
  }
  ASSERT_OK_AND_ASSIGN(std::vector<Item> found,
                       Drain(QueryRequest{.table = blobs_.name,
                                          .key_condition = KeyCondition::Partition("pk", partition),
                                          .limit = 2}));
  EXPECT_EQ(SortKeys(found), ordered);
  ASSERT_OK_AND_ASSIGN(
      found, Drain(QueryRequest{.table = blobs_.name,
                                .key_condition = KeyCondition::Partition("pk", partition)
                                                     .SortBeginsWith("sk", V::B(Bytes({0x7F}))),
                                .limit = 2}));
  EXPECT_EQ(SortKeys(found), (std::vector<std::string>{Bytes({0x7F}), Bytes({0x7F, 0xFF})}));
  ASSERT_OK_AND_ASSIGN(
      found, Drain(QueryRequest{.table = blobs_.name,
                                .key_condition = KeyCondition::Partition("pk", partition)
                                                     .SortGreater("sk", V::B(Bytes({0x7F, 0xFF}))),
                                .limit = 2}));
  EXPECT_EQ(SortKeys(found), (std::vector<std::string>{Bytes({0x80}), Bytes({0xFE}), Bytes({0xFF}),
                                                       Bytes({0xFF, 0x00})}));
}

// "pk/sk" of each item, in order.
std::vector<std::string> Ids(const std::vector<Item>& items) {
  std::vector<std::string> out;
  for (const Item& item : items) out.push_back(item.at("pk").AsS() + "/" + item.at("sk").AsS());
  return out;
}

// The items as groups of equal `attribute` values, in order; each group's ids sorted and
// joined by commas. Items with equal GSI sort keys come in an engine-defined order (see
// ItemStore::Query), so tests compare the groups, not the order within them.
std::vector<std::string> TieGroups(const std::vector<Item>& items, const std::string& attribute) {
  std::vector<std::string> groups;
  std::vector<std::string> group;
  auto flush = [&] {
    std::sort(group.begin(), group.end());
    std::string joined;
    for (const std::string& id : group) joined += (joined.empty() ? "" : ",") + id;
    if (!joined.empty()) groups.push_back(joined);
    group.clear();
  };
  for (std::size_t i = 0; i < items.size(); ++i) {
    auto value = [&](std::size_t j) {
      auto it = items[j].find(attribute);
      return it == items[j].end() ? V::Null() : Normalized(it->second);
    };
    if (i > 0 && !(value(i) == value(i - 1))) flush();
    group.push_back(items[i].at("pk").AsS() + "/" + items[i].at("sk").AsS());
  }
  flush();
  return groups;
}

TEST_P(StoreConformance, IndexQueriesAreSparseAndOrdered) {
  // owner/rank on some items only; several items tie on rank 2.
  struct Row {
    std::string pk, sk;
    std::optional<std::string> owner;
    std::optional<std::string> rank;
  };
  const std::vector<Row> rows = {
      {"p1", "a", "alice", "2"},      {"p1", "b", "alice", "1"},
      {"p2", "a", "alice", "2"},      {"p0", "z", "alice", "2"},
      {"p1", "c", "alice", "-1.5"},   {"p1", "d", "alice", std::nullopt},
      {"p1", "e", std::nullopt, "1"}, {"p1", "f", "bob", "1"},
      {"p3", "a", "alice", "10"},     {"p1", "g", std::nullopt, std::nullopt}};
  for (const Row& row : rows) {
    Item item = Key(row.pk, row.sk);
    if (row.owner) item["owner"] = V::S(*row.owner);
    if (row.rank) item["rank"] = V::N(*row.rank);
    ASSERT_OK(PutItem(items_, item));
  }
  QueryRequest request{.table = items_.name,
                       .index = "ByOwner",
                       .key_condition = KeyCondition::Partition("owner", V::S("alice")),
                       .limit = 100};
  ASSERT_OK_AND_ASSIGN(std::vector<Item> found, Drain(request));
  // p1/d has no rank and p1/e no owner: neither is in the index.
  EXPECT_EQ(TieGroups(found, "rank"),
            (std::vector<std::string>{"p1/c", "p1/b", "p0/z,p1/a,p2/a", "p3/a"}));
  // Index queries return whole items (projection ALL).
  for (const Item& item : found) EXPECT_SAME_ITEMS(item, Read(items_, KeyOf(items_, item)));
  // Ties come in the same order on every call, whatever the page size.
  for (int limit : {1, 2, 4}) {
    request.limit = limit;
    ASSERT_OK_AND_ASSIGN(std::vector<Item> paged, Drain(request));
    EXPECT_EQ(Ids(paged), Ids(found)) << "limit " << limit;
  }

  request.forward = false;
  ASSERT_OK_AND_ASSIGN(found, Drain(request));
  EXPECT_EQ(TieGroups(found, "rank"),
            (std::vector<std::string>{"p3/a", "p0/z,p1/a,p2/a", "p1/b", "p1/c"}));
  request.forward = true;
  request.key_condition =
      KeyCondition::Partition("owner", V::S("alice")).SortBetween("rank", V::N(1), V::N(2));
  request.limit = 1;
  ASSERT_OK_AND_ASSIGN(found, Drain(request));
  EXPECT_EQ(TieGroups(found, "rank"), (std::vector<std::string>{"p1/b", "p0/z,p1/a,p2/a"}));

  // Moving an item out of the index (removing its key) and back in.
  ASSERT_OK(store().Update(UpdateRequest{
      .table = items_.name, .key = Key("p0", "z"), .update = Update().Remove("owner")}));
  ASSERT_OK(store().Update(UpdateRequest{
      .table = items_.name, .key = Key("p1", "d"), .update = Update().Set("rank", V::N(0))}));
  request.key_condition = KeyCondition::Partition("owner", V::S("alice"));
  ASSERT_OK_AND_ASSIGN(found, Drain(request));
  EXPECT_EQ(TieGroups(found, "rank"),
            (std::vector<std::string>{"p1/c", "p1/d", "p1/b", "p1/a,p2/a", "p3/a"}));
  // Deleting removes it from the index; so does changing its owner.
  ASSERT_OK(store().Delete(DeleteRequest{.table = items_.name, .key = Key("p1", "b")}));
  ASSERT_OK(store().Update(UpdateRequest{
      .table = items_.name, .key = Key("p2", "a"), .update = Update().Set("owner", V::S("bob"))}));
  ASSERT_OK_AND_ASSIGN(found, Drain(request));
  EXPECT_EQ(Ids(found), (std::vector<std::string>{"p1/c", "p1/d", "p1/a", "p3/a"}));
  request.key_condition = KeyCondition::Partition("owner", V::S("bob"));
  ASSERT_OK_AND_ASSIGN(found, Drain(request));
  EXPECT_EQ(TieGroups(found, "rank"), (std::vector<std::string>{"p1/f", "p2/a"}));
  // A partition nobody has.
  request.key_condition = KeyCondition::Partition("owner", V::S("carol"));
  ASSERT_OK_AND_ASSIGN(found, Drain(request));
  EXPECT_TRUE(found.empty());
}

TEST_P(StoreConformance, IndexWithoutSortKeyPagesInAStableOrder) {
  const std::vector<std::pair<std::string, std::string>> keys = {
      {"b", "2"}, {"a", "9"}, {"b", "1"}, {"c", "0"}, {"a", "10"}};
  for (const auto& [pk, sk] : keys) {
    ASSERT_OK(PutItem(items_, With(Key(pk, sk), "tag", V::S("t"))));
  }
  ASSERT_OK(PutItem(items_, With(Key("a", "0"), "tag", V::S("other"))));
  ASSERT_OK(PutItem(items_, Key("a", "1")));
  QueryRequest request{.table = items_.name,
                       .index = "ByTag",
                       .key_condition = KeyCondition::Partition("tag", V::S("t")),
                       .limit = 10};
  ASSERT_OK_AND_ASSIGN(std::vector<Item> all, Drain(request));
  // Every item tagged t, once; their order is the engine's, but the same on every call.
  EXPECT_EQ(TieGroups(all, "tag"), (std::vector<std::string>{"a/10,a/9,b/1,b/2,c/0"}));
  for (int limit : {1, 2, 3}) {
    request.limit = limit;
    ASSERT_OK_AND_ASSIGN(std::vector<Item> paged, Drain(request));
    EXPECT_EQ(Ids(paged), Ids(all)) << "limit " << limit;
  }
}

TEST_P(StoreConformance, KeysOnlyAndIncludeIndexesProjectTheirAttributes) {
  TableSpec spec{
      .name = UniqueTablePrefix() + "projected",
      .partition_key = {"pk", KeyType::kString},
      .sort_key = KeyAttribute{"sk", KeyType::kString},
      .global_secondary_indexes = {IndexSpec{.name = "Keys",
                                             .partition_key = {"k", KeyType::kNumber},
                                             .sort_key = KeyAttribute{"ks", KeyType::kBinary},
                                             .projection = IndexSpec::Projection::kKeysOnly},
                                   IndexSpec{.name = "Some",
                                             .partition_key = {"i", KeyType::kString},
                                             .projection = IndexSpec::Projection::kInclude,
                                             .included_attributes = {"kept", "also"}}}};
  ASSERT_OK(store().EnsureTables({spec}, {}));
  Item item = {{"pk", V::S("p")},    {"sk", V::S("s")},
               {"k", V::N(7)},       {"ks", V::B("\x01")},
               {"i", V::S("x")},     {"kept", V::S("yes")},
               {"dropped", V::N(1)}, {"m", V::M({{"a", V::N(1)}})}};
  ASSERT_OK(store().Put(PutRequest{.table = spec.name, .item = item}));

  ASSERT_OK_AND_ASSIGN(std::vector<Item> keys,
                       Drain(QueryRequest{.table = spec.name,
                                          .index = "Keys",
                                          .key_condition = KeyCondition::Partition("k", V::N(7))}));
  ASSERT_EQ(keys.size(), 1u);
  EXPECT_SAME_ITEMS(
      keys[0], (Item{{"pk", V::S("p")}, {"sk", V::S("s")}, {"k", V::N(7)}, {"ks", V::B("\x01")}}));
  QueryRequest some{.table = spec.name,
                    .index = "Some",
                    .key_condition = KeyCondition::Partition("i", V::S("x"))};
  ASSERT_OK_AND_ASSIGN(std::vector<Item> included, Drain(some));
  ASSERT_EQ(included.size(), 1u);
  EXPECT_SAME_ITEMS(
      included[0],
      (Item{{"pk", V::S("p")}, {"sk", V::S("s")}, {"i", V::S("x")}, {"kept", V::S("yes")}}));
  // A filter may name only what the index holds (DynamoDB: "Secondary index Some does not
  // project one or more filter attributes").
  some.filter = Condition::AttributeExists("dropped");
  EXPECT_CODE(store().Query(some), Code::kInvalidArgument);
  some.filter = Condition::Equal(Path("m").Field("a"), V::N(1));
  EXPECT_CODE(store().Query(some), Code::kInvalidArgument);
  some.filter = Condition::Equal(Path("kept"), V::S("yes"));
  ASSERT_OK_AND_ASSIGN(included, Drain(some));
  EXPECT_EQ(included.size(), 1u);
}

TEST_P(StoreConformance, PagesOfLargeItemsCrossDynamoDbsOneMegabytePages) {
  // 30 items of 120 KB: DynamoDB answers a query at most 1 MB at a time, so one store page
  // of 30 spans several DynamoDB pages; the store still fills the page (or says where to go
  // on) and never skips or repeats an item.
  constexpr int kItems = 30;
  for (int i = 0; i < kItems; ++i) {
    char sk[8];
    std::snprintf(sk, sizeof sk, "%02d", i);
    Item item = With(Key("large", sk), "pad", V::S(std::string(120 * 1024, 'a' + i % 26)));
    item["odd"] = V::Bool(i % 2 == 1);
    ASSERT_OK(PutItem(items_, item));
  }
  for (int limit : {kItems, 7}) {
    SCOPED_TRACE(limit);
    ASSERT_OK_AND_ASSIGN(std::vector<Item> found, Drain(ItemsQuery("large", limit)));
    ASSERT_EQ(found.size(), static_cast<std::size_t>(kItems));
    for (int i = 0; i < kItems; ++i) {
      EXPECT_EQ(std::stoi(found[static_cast<std::size_t>(i)].at("sk").AsS()), i);
      EXPECT_EQ(found[static_cast<std::size_t>(i)].at("pad").AsS().size(), 120u * 1024u);
    }
    QueryRequest odd = ItemsQuery("large", limit);
    odd.filter = Condition::Equal(Path("odd"), V::Bool(true));
    odd.forward = false;
    ASSERT_OK_AND_ASSIGN(found, Drain(odd));
    ASSERT_EQ(found.size(), static_cast<std::size_t>(kItems / 2));
    EXPECT_EQ(found.front().at("sk").AsS(), "29");
    EXPECT_EQ(found.back().at("sk").AsS(), "01");
  }
}

TEST_P(StoreConformance, ExtremeNumbersSortByValue) {
  const std::vector<std::string> ordered = {"-9.9999999999999999999999999999999999999E+125",
                                            "-1E+125",
                                            "-12345678901234567890123456789012345678",
                                            "-1",
                                            "-1E-130",
                                            "0",
                                            "1E-130",
                                            "1.0000000000000000000000000000000000001E-129",
                                            "0.00000000000000000000000000000000000001",
                                            "0.1",
                                            "0.10000000000000000000000000000000000001",
                                            "1",
                                            "12345678901234567890123456789012345678",
                                            "1E+125",
                                            "9.9999999999999999999999999999999999999E+125"};
  for (std::size_t i = 0; i < ordered.size(); ++i) {
    const std::string& v = ordered[(i * 4) % ordered.size()];
    ASSERT_OK(PutItem(numbers_, {{"pk", V::S("x")}, {"sk", V::N(v)}, {"v", V::S(v)}}));
  }
  ASSERT_OK_AND_ASSIGN(std::vector<Item> found,
                       Drain(QueryRequest{.table = numbers_.name,
                                          .key_condition = KeyCondition::Partition("pk", V::S("x")),
                                          .limit = 4}));
  std::vector<std::string> values;
  for (const Item& item : found) values.push_back(item.at("v").AsS());
  EXPECT_EQ(values, ordered);
  ASSERT_OK_AND_ASSIGN(
      found, Drain(QueryRequest{
                 .table = numbers_.name,
                 .key_condition = KeyCondition::Partition("pk", V::S("x"))
                                      .SortBetween("sk", V::N("-1E-130"), V::N("1E-130"))}));
  values.clear();
  for (const Item& item : found) values.push_back(item.at("v").AsS());
  EXPECT_EQ(values, (std::vector<std::string>{"-1E-130", "0", "1E-130"}));
}

TEST_P(StoreConformance, BeginsWithPrefixesAtTheTopOfTheByteRange) {
  // A prefix of 0xFF bytes has no successor of the same length: a range scan must not
  // compute one by carrying.
  const V partition = V::B(Bytes({0x01}));
  const std::vector<std::string> keys = {Bytes({0xFE}),       Bytes({0xFE, 0xFF}),
                                         Bytes({0xFF}),       Bytes({0xFF, 0x00}),
                                         Bytes({0xFF, 0xFF}), Bytes({0xFF, 0xFF, 0xFF})};
  for (const std::string& sk : keys)
    ASSERT_OK(PutItem(blobs_, {{"pk", partition}, {"sk", V::B(sk)}}));
  auto prefixed = [&](std::string prefix) -> std::vector<std::string> {
    Result<std::vector<Item>> found = Drain(QueryRequest{
        .table = blobs_.name,
        .key_condition =
            KeyCondition::Partition("pk", partition).SortBeginsWith("sk", V::B(prefix)),
        .limit = 2});
    if (!found.ok()) {
      ADD_FAILURE() << found.error().ToString();
      return {};
    }
    return SortKeys(*found);
  };
  EXPECT_EQ(prefixed(Bytes({0xFF})),
            (std::vector<std::string>{Bytes({0xFF}), Bytes({0xFF, 0x00}), Bytes({0xFF, 0xFF}),
                                      Bytes({0xFF, 0xFF, 0xFF})}));
  EXPECT_EQ(prefixed(Bytes({0xFF, 0xFF})),
            (std::vector<std::string>{Bytes({0xFF, 0xFF}), Bytes({0xFF, 0xFF, 0xFF})}));
  EXPECT_EQ(prefixed(Bytes({0xFE})),
            (std::vector<std::string>{Bytes({0xFE}), Bytes({0xFE, 0xFF})}));
  // Strings: the largest code point, U+10FFFF (F4 8F BF BF), and a prefix ending in 0x7F.
  for (const std::string sk :
       {"\x7F", "\x7F\x7F", "\xC2\x80", "\xF4\x8F\xBF\xBF", "\xF4\x8F\xBF\xBF!"}) {
    ASSERT_OK(PutItem(items_, Key("top", sk)));
  }
  QueryRequest request = ItemsQuery("top", 1);
  request.key_condition =
      KeyCondition::Partition("pk", V::S("top")).SortBeginsWith("sk", V::S("\xF4\x8F\xBF\xBF"));
  ASSERT_OK_AND_ASSIGN(std::vector<Item> found, Drain(request));
  EXPECT_EQ(SortKeys(found), (std::vector<std::string>{"\xF4\x8F\xBF\xBF", "\xF4\x8F\xBF\xBF!"}));
  request.key_condition =
      KeyCondition::Partition("pk", V::S("top")).SortBeginsWith("sk", V::S("\x7F"));
  ASSERT_OK_AND_ASSIGN(found, Drain(request));
  EXPECT_EQ(SortKeys(found), (std::vector<std::string>{"\x7F", "\x7F\x7F"}));
}

TEST_P(StoreConformance, NamesWithDotsAndSpecialCharactersAreOneName) {
  Item item = Key("names", "1");
  item["a.b"] = V::N(1);
  item["a"] = V::M({{"b", V::N(2)}});
  item["#x :y"] = V::S("odd");
  item["\xC3\xA9t\xC3\xA9"] = V::L({V::N(3)});
  ASSERT_OK(PutItem(items_, item));
  // "a.b" is the top-level attribute named a.b, not field b of a.
  ASSERT_OK_AND_ASSIGN(
      Item updated,
      store().Update(UpdateRequest{
          .table = items_.name,
          .key = Key("names", "1"),
          .update = Update()
                        .Increment("a.b", V::N(10))
                        .Set(Path("a").Field("b.c"), V::S("field with a dot"))
                        .Set("#x :y", V::S("still odd"))
                        .AppendToList("\xC3\xA9t\xC3\xA9", V::L({V::N(4)})),
          .condition = Condition::And({Condition::Equal(Path("a.b"), V::N(1)),
                                       Condition::Equal(Path("a").Field("b"), V::N(2)),
                                       Condition::BeginsWith("#x :y", V::S("od"))})}));
  Item expected = item;
  expected["a.b"] = V::N(11);
  expected["a"] = V::M({{"b", V::N(2)}, {"b.c", V::S("field with a dot")}});
  expected["#x :y"] = V::S("still odd");
  expected["\xC3\xA9t\xC3\xA9"] = V::L({V::N(3), V::N(4)});
  EXPECT_SAME_ITEMS(updated, expected);
  QueryRequest request = ItemsQuery("names");
  request.filter = Condition::Equal(Path("a").Field("b.c"), V::S("field with a dot"));
  ASSERT_OK_AND_ASSIGN(std::vector<Item> found, Drain(request));
  EXPECT_EQ(found.size(), 1u);
}

TEST_P(StoreConformance, LimitCountsItemsAfterTheFilter) {
  for (int i = 0; i < 20; ++i) {
    char sk[8];
    std::snprintf(sk, sizeof sk, "%02d", i);
    ASSERT_OK(PutItem(items_, With(Key("f", sk), "even", V::Bool(i % 2 == 0))));
  }
  QueryRequest request = ItemsQuery("f", 3);
  request.filter = Condition::Equal(Path("even"), V::Bool(true));
  ASSERT_OK_AND_ASSIGN(std::vector<QueryPage> pages, Pages(request));
  // 10 matching items in pages of 3: 3, 3, 3, 1, and the last one says it is the last.
  ASSERT_EQ(pages.size(), 4u);
  for (std::size_t i = 0; i < 3; ++i) EXPECT_EQ(pages[i].items.size(), 3u);
  EXPECT_EQ(pages[3].items.size(), 1u);
  std::vector<std::string> found;
  for (const QueryPage& page : pages) {
    for (const std::string& sk : SortKeys(page.items)) found.push_back(sk);
  }
  EXPECT_EQ(found,
            (std::vector<std::string>{"00", "02", "04", "06", "08", "10", "12", "14", "16", "18"}));
  // A filter nothing passes: one empty page without a cursor.
  request.filter = Condition::AttributeExists("nope");
  ASSERT_OK_AND_ASSIGN(pages, Pages(request));
  ASSERT_EQ(pages.size(), 1u);
  EXPECT_TRUE(pages[0].items.empty());
  EXPECT_TRUE(pages[0].next_cursor.empty());
}

TEST_P(StoreConformance, NoCursorAfterTheLastItem) {
  for (const std::string sk : {"a", "b", "c", "d"}) {
    ASSERT_OK(PutItem(items_, With(Key("last", sk), "hidden", V::Bool(sk == "d"))));
  }
  // A page that ends exactly at the last item has no cursor ("empty when there are no more
  // items"), for the table and with a filter.
  for (int limit : {1, 2, 4}) {
    SCOPED_TRACE(limit);
    ASSERT_OK_AND_ASSIGN(std::vector<QueryPage> pages, Pages(ItemsQuery("last", limit)));
    EXPECT_EQ(pages.size(), static_cast<std::size_t>(4 / limit));
    for (const QueryPage& page : pages)
      EXPECT_EQ(page.items.size(), static_cast<std::size_t>(limit));
  }
  QueryRequest filtered = ItemsQuery("last", 2);
  filtered.filter = Condition::Equal(Path("hidden"), V::Bool(false));
  ASSERT_OK_AND_ASSIGN(std::vector<QueryPage> pages, Pages(filtered));
  ASSERT_EQ(pages.size(), 2u);
  EXPECT_EQ(pages[1].items.size(), 1u);
}

TEST_P(StoreConformance, CursorsYieldEveryItemExactlyOnceForEveryLimit) {
  constexpr int kItems = 13;
  std::vector<std::string> all;
  for (int i = 0; i < kItems; ++i) {
    char sk[8];
    std::snprintf(sk, sizeof sk, "k%02d", i);
    all.push_back(sk);
    Item item = With(Key("page", sk), "owner", V::S("o"));
    item["rank"] = V::N(i % 4);  // ties in the index
    item["keep"] = V::Bool(i % 3 != 0);
    ASSERT_OK(PutItem(items_, item));
  }
  for (int limit = 1; limit <= kItems + 1; ++limit) {
    SCOPED_TRACE(::testing::Message() << "limit " << limit);
    for (bool forward : {true, false}) {
      QueryRequest request = ItemsQuery("page", limit);
      request.forward = forward;
      ASSERT_OK_AND_ASSIGN(std::vector<QueryPage> pages, Pages(request));
      std::vector<std::string> found;
      for (const QueryPage& page : pages) {
        for (const std::string& sk : SortKeys(page.items)) found.push_back(sk);
      }
      std::vector<std::string> expected = all;
      if (!forward) std::reverse(expected.begin(), expected.end());
      EXPECT_EQ(found, expected);
      // Every page but the last is full.
      for (std::size_t i = 0; i + 1 < pages.size(); ++i) {
        EXPECT_EQ(pages[i].items.size(), static_cast<std::size_t>(limit));
      }
      // With a filter.
      request.filter = Condition::Equal(Path("keep"), V::Bool(true));
      ASSERT_OK_AND_ASSIGN(std::vector<Item> kept, Drain(request));
      std::vector<std::string> expected_kept;
      for (const std::string& sk : expected) {
        if (std::stoi(sk.substr(1)) % 3 != 0) expected_kept.push_back(sk);
      }
      EXPECT_EQ(SortKeys(kept), expected_kept);
    }
    // On the index, where ranks tie.
    QueryRequest index{.table = items_.name,
                       .index = "ByOwner",
                       .key_condition = KeyCondition::Partition("owner", V::S("o")),
                       .limit = limit};
    ASSERT_OK_AND_ASSIGN(std::vector<Item> found, Drain(index));
    std::vector<std::string> keys = SortKeys(found);
    ASSERT_EQ(keys.size(), all.size());
    EXPECT_EQ(std::set<std::string>(keys.begin(), keys.end()),
              std::set<std::string>(all.begin(), all.end()));
    for (std::size_t i = 1; i < found.size(); ++i) {
      EXPECT_LE(std::stoi(found[i - 1].at("rank").AsN()), std::stoi(found[i].at("rank").AsN()));
    }
  }
}

TEST_P(StoreConformance, CursorsSurviveWritesBetweenPages) {
  for (const std::string sk : {"a", "c", "e", "g"}) ASSERT_OK(PutItem(items_, Key("live", sk)));
  ASSERT_OK_AND_ASSIGN(QueryPage first, store().Query(ItemsQuery("live", 2)));
  ASSERT_EQ(SortKeys(first.items), (std::vector<std::string>{"a", "c"}));
  ASSERT_FALSE(first.next_cursor.empty());
  // The cursor names a position, not an item: deleting the last item returned and adding
  // items before and after it changes nothing already read.
  ASSERT_OK(store().Delete(DeleteRequest{.table = items_.name, .key = Key("live", "c")}));
  ASSERT_OK(PutItem(items_, Key("live", "b")));
  ASSERT_OK(PutItem(items_, Key("live", "d")));
  QueryRequest next = ItemsQuery("live", 10);
  next.cursor = first.next_cursor;
  ASSERT_OK_AND_ASSIGN(QueryPage rest, store().Query(next));
  EXPECT_EQ(SortKeys(rest.items), (std::vector<std::string>{"d", "e", "g"}));
  EXPECT_TRUE(rest.next_cursor.empty());
}

TEST_P(StoreConformance, EmptyPartitionIsOneEmptyPage) {
  ASSERT_OK(PutItem(items_, Key("someone", "else")));
  ASSERT_OK_AND_ASSIGN(QueryPage page, store().Query(ItemsQuery("nobody")));
  EXPECT_TRUE(page.items.empty());
  EXPECT_TRUE(page.next_cursor.empty());
}

TEST_P(StoreConformance, AlteredForeignAndMisplacedCursorsAreInvalidArgument) {
  for (const std::string sk : {"a", "b", "c"}) {
    ASSERT_OK(PutItem(items_, With(With(Key("cur", sk), "owner", V::S("o")), "rank", V::N(1))));
    ASSERT_OK(PutItem(items_, Key("cur2", sk)));
  }
  ASSERT_OK_AND_ASSIGN(QueryPage first, store().Query(ItemsQuery("cur", 1)));
  ASSERT_FALSE(first.next_cursor.empty());
  const std::string cursor = first.next_cursor;
  auto with_cursor = [&](QueryRequest request, std::string c) {
    request.cursor = std::move(c);
    return store().Query(request);
  };
  // The cursor works where it came from.
  ASSERT_OK(with_cursor(ItemsQuery("cur", 1), cursor));
  // Altered: every single-character change of the first half and a truncation.
  for (std::size_t i = 0; i < cursor.size(); i += 3) {
    std::string altered = cursor;
    altered[i] = altered[i] == 'A' ? 'B' : 'A';
    Result<QueryPage> page = with_cursor(ItemsQuery("cur", 1), altered);
    // A change that only flips unused padding bits decodes to the same cursor.
    if (!page.ok()) {
      EXPECT_EQ(CodeName(page.error().code), CodeName(Code::kInvalidArgument));
    }
  }
  EXPECT_CODE(with_cursor(ItemsQuery("cur", 1), cursor.substr(0, cursor.size() / 2)),
              Code::kInvalidArgument);
  EXPECT_CODE(with_cursor(ItemsQuery("cur", 1), "not a cursor"), Code::kInvalidArgument);
  EXPECT_CODE(with_cursor(ItemsQuery("cur", 1), cursor + "x"), Code::kInvalidArgument);
  // Signed with another secret.
  CursorCodec foreign("a-different-secret-of-enough-bytes");
  EXPECT_CODE(with_cursor(ItemsQuery("cur", 1),
                          foreign.Encode(items_.name, "", KeyOf(items_, first.items[0]))),
              Code::kInvalidArgument);
  // Made by this store for another table, or for an index of this table.
  ASSERT_OK(PutItem(simple_, {{"id", V::S("x")}}));
  ASSERT_OK(PutItem(simple_, {{"id", V::S("y")}}));
  QueryRequest index{.table = items_.name,
                     .index = "ByOwner",
                     .key_condition = KeyCondition::Partition("owner", V::S("o")),
                     .limit = 1};
  ASSERT_OK_AND_ASSIGN(QueryPage index_page, store().Query(index));
  ASSERT_FALSE(index_page.next_cursor.empty());
  EXPECT_CODE(with_cursor(ItemsQuery("cur", 1), index_page.next_cursor), Code::kInvalidArgument);
  QueryRequest other_index = index;
  other_index.index = "ByTag";
  other_index.key_condition = KeyCondition::Partition("tag", V::S("t"));
  EXPECT_CODE(with_cursor(other_index, index_page.next_cursor), Code::kInvalidArgument);
  EXPECT_CODE(with_cursor(index, cursor), Code::kInvalidArgument);
  QueryRequest on_numbers{.table = numbers_.name,
                          .key_condition = KeyCondition::Partition("pk", V::S("cur")),
                          .limit = 1};
  EXPECT_CODE(with_cursor(on_numbers, cursor), Code::kInvalidArgument);
  // A cursor of another store over the same data, signed with another secret.
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<ItemStore> sibling,
                       testing::MakeSiblingStore(store(), "sibling-secret-0123456789abcdef"));
  ASSERT_OK_AND_ASSIGN(QueryPage sibling_page, sibling->Query(ItemsQuery("cur", 1)));
  ASSERT_FALSE(sibling_page.next_cursor.empty());
  EXPECT_CODE(with_cursor(ItemsQuery("cur", 1), sibling_page.next_cursor), Code::kInvalidArgument);
}

TEST_P(StoreConformance, ACursorOfAnotherPartitionIsRefused) {
  for (const std::string sk : {"a", "b", "c"}) {
    ASSERT_OK(PutItem(items_, Key("mine", sk)));
    ASSERT_OK(PutItem(items_, Key("yours", sk)));
  }
  ASSERT_OK_AND_ASSIGN(QueryPage page, store().Query(ItemsQuery("yours", 1)));
  ASSERT_FALSE(page.next_cursor.empty());
  QueryRequest mine = ItemsQuery("mine", 1);
  mine.cursor = page.next_cursor;
  EXPECT_CODE(store().Query(mine), Code::kInvalidArgument);
}

TEST_P(StoreConformance, BadQueriesAreRefused) {
  QueryRequest request = ItemsQuery("q");
  request.limit = 0;
  EXPECT_CODE(store().Query(request), Code::kInvalidArgument);
  request.limit = 1001;
  EXPECT_CODE(store().Query(request), Code::kInvalidArgument);
  request = ItemsQuery("q");
  request.index = "NoSuchIndex";
  EXPECT_CODE(store().Query(request), Code::kNotFound);
  request = ItemsQuery("q");
  request.key_condition = KeyCondition::Partition("sk", V::S("q"));
  EXPECT_CODE(store().Query(request), Code::kInvalidArgument);
  request.key_condition = KeyCondition::Partition("pk", V::N(1));
  EXPECT_CODE(store().Query(request), Code::kInvalidArgument);
  request.key_condition = KeyCondition::Partition("pk", V::S("q")).SortEqual("sk", V::N(1));
  EXPECT_CODE(store().Query(request), Code::kInvalidArgument);
  request = QueryRequest{.table = items_.name,
                         .index = "ByOwner",
                         .key_condition = KeyCondition::Partition("owner", V::S("o")),
                         .consistent_read = true};
  EXPECT_CODE(store().Query(request), Code::kInvalidArgument);
  request = ItemsQuery("q");
  request.filter = Condition::In(Path("a"), {});
  EXPECT_CODE(store().Query(request), Code::kInvalidArgument);
}

// =========================================================================================
// Batches
// =========================================================================================

TEST_P(StoreConformance, BatchGetOfZeroOneAndManyKeys) {
  ASSERT_OK_AND_ASSIGN(std::vector<Item> none, store().BatchGet(items_.name, {}));
  EXPECT_TRUE(none.empty());

  std::vector<Item> written;
  for (int i = 0; i < 100; ++i) {
    Item item = With(Key("bg", std::to_string(i)), "i", V::N(i));
    written.push_back(item);
    ASSERT_OK(PutItem(items_, item));
  }
  ASSERT_OK_AND_ASSIGN(std::vector<Item> one, store().BatchGet(items_.name, {Key("bg", "7")}));
  EXPECT_EQ(Sorted(one), Sorted({written[7]}));
  ASSERT_OK_AND_ASSIGN(one, store().BatchGet(items_.name, {Key("bg", "missing")}));
  EXPECT_TRUE(one.empty());

  // 150 keys: the 100 items and 50 missing ones, interleaved.
  std::vector<Item> keys;
  for (int i = 0; i < 150; ++i) {
    keys.push_back(i % 3 == 2 ? Key("bg", "missing" + std::to_string(i))
                              : Key("bg", std::to_string(i - i / 3)));
  }
  ASSERT_OK_AND_ASSIGN(std::vector<Item> many, store().BatchGet(items_.name, keys));
  EXPECT_EQ(Sorted(many), Sorted(written));
}

TEST_P(StoreConformance, BatchGetRefusesDuplicateKeys) {
  ASSERT_OK(PutItem(items_, Key("bg", "dup")));
  EXPECT_CODE(store().BatchGet(items_.name, {Key("bg", "dup"), Key("bg", "x"), Key("bg", "dup")}),
              Code::kInvalidArgument);
  // Numerically equal number keys are the same key.
  EXPECT_CODE(store().BatchGet(numbers_.name, {{{"pk", V::S("a")}, {"sk", V::N("1")}},
                                               {{"pk", V::S("a")}, {"sk", V::N("1.0")}}}),
              Code::kInvalidArgument);
}

TEST_P(StoreConformance, BatchWriteOfZeroAndSixtyMixedWritesAcrossTables) {
  ASSERT_OK(store().BatchWrite({}));
  // Items to delete later in the batch.
  for (int i = 0; i < 10; ++i) {
    ASSERT_OK(PutItem(items_, Key("bw", "old" + std::to_string(i))));
    ASSERT_OK(PutItem(simple_, {{"id", V::S("old" + std::to_string(i))}}));
  }
  std::vector<BatchWrite> writes;
  for (int i = 0; i < 20; ++i) {
    writes.push_back(BatchWrite{.table = items_.name,
                                .item = With(Key("bw", "new" + std::to_string(i)), "i", V::N(i))});
    writes.push_back(BatchWrite{.table = simple_.name,
                                .item = {{"id", V::S("new" + std::to_string(i))}, {"i", V::N(i)}}});
  }
  for (int i = 0; i < 10; ++i) {
    writes.push_back(BatchWrite{.table = items_.name,
                                .kind = BatchWrite::Kind::kDelete,
                                .item = Key("bw", "old" + std::to_string(i))});
    writes.push_back(BatchWrite{.table = simple_.name,
                                .kind = BatchWrite::Kind::kDelete,
                                .item = {{"id", V::S("old" + std::to_string(i))}}});
  }
  ASSERT_EQ(writes.size(), 60u);
  ASSERT_OK(store().BatchWrite(writes));
  ASSERT_OK_AND_ASSIGN(std::vector<Item> in_items, Drain(ItemsQuery("bw")));
  EXPECT_EQ(in_items.size(), 20u);
  for (const Item& item : in_items) EXPECT_EQ(item.at("sk").AsS().substr(0, 3), "new");
  for (int i = 0; i < 10; ++i) {
    ASSERT_OK_AND_ASSIGN(std::optional<Item> gone,
                         GetItem(simple_, {{"id", V::S("old" + std::to_string(i))}}));
    EXPECT_FALSE(gone.has_value());
  }
  for (int i = 0; i < 20; ++i) {
    EXPECT_SAME_ITEMS(Read(simple_, {{"id", V::S("new" + std::to_string(i))}}),
                      (Item{{"id", V::S("new" + std::to_string(i))}, {"i", V::N(i)}}));
  }
  // Deleting absent items in a batch is fine.
  ASSERT_OK(store().BatchWrite({BatchWrite{
      .table = simple_.name, .kind = BatchWrite::Kind::kDelete, .item = {{"id", V::S("never")}}}}));
}

TEST_P(StoreConformance, BatchWriteWithADuplicateKeyWritesNothing) {
  std::vector<BatchWrite> writes;
  for (int i = 0; i < 40; ++i) {
    writes.push_back(BatchWrite{.table = items_.name, .item = Key("dup", std::to_string(i))});
  }
  // The same key twice, far apart (in different 25-write chunks): put then delete.
  writes.push_back(
      BatchWrite{.table = items_.name, .kind = BatchWrite::Kind::kDelete, .item = Key("dup", "3")});
  EXPECT_CODE(store().BatchWrite(writes), Code::kInvalidArgument);
  ASSERT_OK_AND_ASSIGN(std::vector<Item> found, Drain(ItemsQuery("dup")));
  EXPECT_TRUE(found.empty()) << found.size() << " items written";
  // The same key in two different tables is not a duplicate.
  ASSERT_OK(store().BatchWrite(
      {BatchWrite{.table = simple_.name, .item = {{"id", V::S("k")}}},
       BatchWrite{.table = items_.name, .item = {{"pk", V::S("k")}, {"sk", V::S("k")}}}}));
  // Numerically equal number keys are one key.
  EXPECT_CODE(
      store().BatchWrite(
          {BatchWrite{.table = numbers_.name, .item = {{"pk", V::S("a")}, {"sk", V::N("1")}}},
           BatchWrite{.table = numbers_.name, .item = {{"pk", V::S("a")}, {"sk", V::N("1.00")}}}}),
      Code::kInvalidArgument);
}

TEST_P(StoreConformance, BatchWriteWithABadItemWritesNothing) {
  std::vector<BatchWrite> writes;
  for (int i = 0; i < 30; ++i) {
    writes.push_back(BatchWrite{.table = items_.name, .item = Key("big", std::to_string(i))});
  }
  writes.push_back(
      BatchWrite{.table = items_.name,
                 .item = With(Key("big", "huge"), "pad", V::S(std::string(400 * 1024, 'x')))});
  EXPECT_CODE(store().BatchWrite(writes), Code::kTooLarge);
  ASSERT_OK_AND_ASSIGN(std::vector<Item> found, Drain(ItemsQuery("big")));
  EXPECT_TRUE(found.empty()) << found.size() << " items written";

  writes.back() = BatchWrite{.table = items_.name, .item = With(Key("big", "x"), "e", V::SS({}))};
  EXPECT_CODE(store().BatchWrite(writes), Code::kInvalidArgument);
  writes.back() = BatchWrite{.table = items_.name, .item = {{"pk", V::S("big")}}};
  EXPECT_CODE(store().BatchWrite(writes), Code::kInvalidArgument);
  ASSERT_OK_AND_ASSIGN(found, Drain(ItemsQuery("big")));
  EXPECT_TRUE(found.empty()) << found.size() << " items written";
}

// =========================================================================================
// Transactions
// =========================================================================================

TEST_P(StoreConformance, TransactCommitsEveryActionKind) {
  ASSERT_OK(PutItem(items_, With(Key("tx", "update"), "n", V::N(1))));
  ASSERT_OK(PutItem(items_, Key("tx", "delete")));
  ASSERT_OK(PutItem(simple_, {{"id", V::S("check")}, {"ok", V::Bool(true)}}));
  using K = TransactAction::Kind;
  ASSERT_OK(store().Transact({
      TransactAction{.kind = K::kPut,
                     .table = items_.name,
                     .item = With(Key("tx", "put"), "a", V::S("x")),
                     .condition = Condition::AttributeNotExists("pk")},
      TransactAction{.kind = K::kUpdate,
                     .table = items_.name,
                     .item = Key("tx", "update"),
                     .update = Update().Increment("n", V::N(1)).Set("b", V::S("y")),
                     .condition = Condition::Equal(Path("n"), V::N(1))},
      TransactAction{.kind = K::kDelete,
                     .table = items_.name,
                     .item = Key("tx", "delete"),
                     .condition = Condition::AttributeExists("pk")},
      TransactAction{.kind = K::kConditionCheck,
                     .table = simple_.name,
                     .item = {{"id", V::S("check")}},
                     .condition = Condition::Equal(Path("ok"), V::Bool(true))},
      TransactAction{.kind = K::kUpdate,
                     .table = items_.name,
                     .item = Key("tx", "upsert"),
                     .update = Update().Add("c", V::N(5))},
  }));
  EXPECT_SAME_ITEMS(Read(items_, Key("tx", "put")), With(Key("tx", "put"), "a", V::S("x")));
  EXPECT_SAME_ITEMS(Read(items_, Key("tx", "update")),
                    With(With(Key("tx", "update"), "n", V::N(2)), "b", V::S("y")));
  ASSERT_OK_AND_ASSIGN(std::optional<Item> deleted, GetItem(items_, Key("tx", "delete")));
  EXPECT_FALSE(deleted.has_value());
  EXPECT_SAME_ITEMS(Read(items_, Key("tx", "upsert")), With(Key("tx", "upsert"), "c", V::N(5)));
  EXPECT_SAME_ITEMS(Read(simple_, {{"id", V::S("check")}}),
                    (Item{{"id", V::S("check")}, {"ok", V::Bool(true)}}));
}

TEST_P(StoreConformance, TransactWithAFailingConditionAppliesNothing) {
  ASSERT_OK(PutItem(items_, With(Key("tx", "a"), "n", V::N(1))));
  ASSERT_OK(PutItem(items_, Key("tx", "b")));
  ASSERT_OK(PutItem(simple_, {{"id", V::S("flag")}, {"ok", V::Bool(false)}}));
  using K = TransactAction::Kind;
  std::vector<TransactAction> actions = {
      TransactAction{.kind = K::kPut, .table = items_.name, .item = Key("tx", "new")},
      TransactAction{.kind = K::kUpdate,
                     .table = items_.name,
                     .item = Key("tx", "a"),
                     .update = Update().Increment("n", V::N(1))},
      TransactAction{.kind = K::kConditionCheck,
                     .table = simple_.name,
                     .item = {{"id", V::S("flag")}},
                     .condition = Condition::Equal(Path("ok"), V::Bool(true))},
      TransactAction{.kind = K::kDelete, .table = items_.name, .item = Key("tx", "b")},
  };
  Status status = store().Transact(actions);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(CodeName(status.error().code), CodeName(Code::kConditionFailed))
      << status.error().ToString();
  EXPECT_EQ(status.error().failed_action, std::optional<std::size_t>(2));
  ASSERT_OK_AND_ASSIGN(std::optional<Item> none, GetItem(items_, Key("tx", "new")));
  EXPECT_FALSE(none.has_value());
  EXPECT_SAME_ITEMS(Read(items_, Key("tx", "a")), With(Key("tx", "a"), "n", V::N(1)));
  EXPECT_SAME_ITEMS(Read(items_, Key("tx", "b")), Key("tx", "b"));

  // A failing put condition at index 0 and a condition check on an absent item.
  actions[2].condition = {};
  actions[2].kind = K::kConditionCheck;
  actions[2].condition = Condition::AttributeExists("id");
  actions[0].condition = Condition::AttributeExists("pk");
  status = store().Transact(actions);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(CodeName(status.error().code), CodeName(Code::kConditionFailed));
  EXPECT_EQ(status.error().failed_action, std::optional<std::size_t>(0));
  actions[0].condition = {};
  actions[3].condition = Condition::Equal(Path("n"), V::N(1));  // b has no n
  status = store().Transact(actions);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().failed_action, std::optional<std::size_t>(3));
  EXPECT_SAME_ITEMS(Read(items_, Key("tx", "a")), With(Key("tx", "a"), "n", V::N(1)));
}

TEST_P(StoreConformance, TransactRefusesTwoActionsOnOneItem) {
  using K = TransactAction::Kind;
  EXPECT_CODE(store().Transact({
                  TransactAction{.kind = K::kPut, .table = items_.name, .item = Key("tx", "same")},
                  TransactAction{.kind = K::kConditionCheck,
                                 .table = items_.name,
                                 .item = Key("tx", "same"),
                                 .condition = Condition::AttributeNotExists("pk")},
              }),
              Code::kInvalidArgument);
  ASSERT_OK_AND_ASSIGN(std::optional<Item> none, GetItem(items_, Key("tx", "same")));
  EXPECT_FALSE(none.has_value());
  // The same key in two tables is two items.
  ASSERT_OK(store().Transact({
      TransactAction{.kind = K::kPut, .table = simple_.name, .item = {{"id", V::S("same")}}},
      TransactAction{.kind = K::kPut, .table = items_.name, .item = Key("same", "same")},
  }));
}

TEST_P(StoreConformance, TransactAllowsAHundredActionsAndNoMore) {
  std::vector<TransactAction> actions;
  for (std::size_t i = 0; i < kMaxTransactActions; ++i) {
    actions.push_back(
        TransactAction{.table = items_.name, .item = Key("tx100", std::to_string(i))});
  }
  ASSERT_OK(store().Transact(actions));
  ASSERT_OK_AND_ASSIGN(std::vector<Item> found, Drain(ItemsQuery("tx100", 1000)));
  EXPECT_EQ(found.size(), kMaxTransactActions);
  actions.push_back(TransactAction{.table = items_.name, .item = Key("tx101", "extra")});
  EXPECT_CODE(store().Transact(actions), Code::kInvalidArgument);
  ASSERT_OK_AND_ASSIGN(std::optional<Item> none, GetItem(items_, Key("tx101", "extra")));
  EXPECT_FALSE(none.has_value());
}

TEST_P(StoreConformance, TransactRefusesBadActions) {
  using K = TransactAction::Kind;
  std::vector<std::pair<std::string, TransactAction>> bad = {
      {"update of a key attribute", TransactAction{.kind = K::kUpdate,
                                                   .table = items_.name,
                                                   .item = Key("tx", "k"),
                                                   .update = Update().Set("sk", V::S("x"))}},
      {"put without its key", TransactAction{.table = items_.name, .item = {{"pk", V::S("tx")}}}},
      {"empty set",
       TransactAction{.table = items_.name, .item = With(Key("tx", "k"), "e", V::SS({}))}},
  };
  for (const auto& [name, action] : bad) {
    SCOPED_TRACE(name);
    EXPECT_CODE(
        store().Transact({TransactAction{.table = items_.name, .item = Key("tx", "ok")}, action}),
        Code::kInvalidArgument);
    ASSERT_OK_AND_ASSIGN(std::optional<Item> none, GetItem(items_, Key("tx", "ok")));
    EXPECT_FALSE(none.has_value());
  }
}

// Named after the engine, so `--gtest_filter='Sqlite/*'` runs one engine.
INSTANTIATE_TEST_SUITE_P(Sqlite, StoreConformance, ::testing::Values(Engine::kSqlite));
INSTANTIATE_TEST_SUITE_P(DynamoDb, StoreConformance, ::testing::Values(Engine::kDynamo));

}  // namespace
}  // namespace homeboard::store
