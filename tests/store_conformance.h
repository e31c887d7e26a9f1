// The ItemStore conformance suite's shared fixture: every behaviour of store::ItemStore, run
// against both engines (instantiations Sqlite and DynamoDb; the DynamoDB one talks to the
// DynamoDB Local of the ddb_local fixture). An expectation here is what DynamoDB itself does:
// the DynamoDB engine passes because DynamoDB decides, and the SQLite engine has to decide the
// same way. Where DynamoDB Local is known to differ from DynamoDB, the case is left out and the
// difference is noted (number spelling: DynamoDB Local keeps "1.50" and answers 1.5 + 1.5 =
// "3.0", so numbers are compared by value, through Normalized()).
//
// The suite is split by theme, one test binary each (store_conformance_<theme>_test.cc):
//   tables (EnsureTables, DeleteTable, concurrency), items (single-item calls, key and size
//   limits), conditions, updates, query, batch, transact, scan.
// Each file instantiates StoreConformance for both engines with
// HOMEBOARD_INSTANTIATE_STORE_CONFORMANCE(), so `--gtest_filter='Sqlite/*'` runs one engine.
//
// Tables (fresh, uniquely named ones per test):
//   items    pk S, sk S; GSI ByOwner (owner S, rank N), GSI ByTag (tag S, no sort key)
//   numbers  pk S, sk N
//   blobs    pk B, sk B
//   simple   id S (no sort key)
#ifndef HOMEBOARD_TESTS_STORE_CONFORMANCE_H_
#define HOMEBOARD_TESTS_STORE_CONFORMANCE_H_

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

inline std::string Bytes(std::initializer_list<unsigned char> bytes) {
  return std::string(bytes.begin(), bytes.end());
}

// Items as a sorted list of their normalized forms, for comparing answers in no particular
// order (BatchGet).
inline std::vector<Item> Sorted(std::vector<Item> items) {
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

// The item every condition case (and several update cases) is evaluated against.
// The item every condition case is evaluated against.
inline Item ConditionBase(const Item& key) {
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

// Named after the engine, so `--gtest_filter='Sqlite/*'` runs one engine.
#define HOMEBOARD_INSTANTIATE_STORE_CONFORMANCE()                                     \
  INSTANTIATE_TEST_SUITE_P(Sqlite, StoreConformance,                                  \
                           ::testing::Values(::homeboard::testing::Engine::kSqlite)); \
  INSTANTIATE_TEST_SUITE_P(DynamoDb, StoreConformance,                                \
                           ::testing::Values(::homeboard::testing::Engine::kDynamo))

}  // namespace homeboard::store

#endif  // HOMEBOARD_TESTS_STORE_CONFORMANCE_H_
