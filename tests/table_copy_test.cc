// store::CopyTables (store/table_copy.h, behind `homeboard migrate`) between every pair of
// engines: SQLite to SQLite, SQLite to DynamoDB Local and back. Copies must be exact (every
// value type, numbers by value, sets as sets), verified, parallel or not; a non-empty target
// is refused before any write, resumed over, or replaced; mismatches and bad options are
// reported. The digest itself is checked to ignore order and number spelling and to see any
// change of content.
#include "store/table_copy.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <tuple>

#include "ddb_test_util.h"
#include "store_test_engines.h"
#include "testing/status_matchers.h"

namespace homeboard::store {
namespace {

using ::homeboard::testing::Engine;
using ::homeboard::testing::EngineName;
using ::homeboard::testing::MakeStore;
using ::homeboard::testing::Normalized;
using ::homeboard::testing::UniqueTablePrefix;
using V = AttributeValue;

// Two tables like homeboard's: one with a sort key and a GSI, one without a sort key.
std::vector<TableSpec> Specs(const std::string& prefix) {
  return {TableSpec{.name = prefix + "things",
                    .partition_key = {"pk", KeyType::kString},
                    .sort_key = KeyAttribute{"sk", KeyType::kNumber},
                    .global_secondary_indexes = {IndexSpec{
                        .name = "ByOwner",
                        .partition_key = {"owner", KeyType::kString},
                        .sort_key = KeyAttribute{"at", KeyType::kString}}}},
          TableSpec{.name = prefix + "singles", .partition_key = {"id", KeyType::kBinary}}};
}

Item Thing(int p, int s) {
  Item item{{"pk", V::S("p" + std::to_string(p))}, {"sk", V::N(s)}};
  item["s"] = V::S("text " + std::to_string(p * 100 + s));
  item["n"] = V::N("1.50");  // DynamoDB keeps the spelling, SQLite normalizes: same value
  item["b"] = V::B(std::string("\x00\xFF", 2));
  item["flag"] = V::Bool(s % 2 == 0);
  item["none"] = V::Null();
  item["ss"] = V::SS({"b", "a"});
  item["ns"] = V::NS({"2", "1.0"});
  item["bs"] = V::BS({std::string("\x01", 1)});
  item["l"] = V::L({V::S("x"), V::M({{"k", V::N(s)}})});
  item["m"] = V::M({{"inner", V::L({V::Bool(false)})}});
  if (s % 3 == 0) {
    item["owner"] = V::S("o" + std::to_string(p % 2));
    item["at"] = V::S(std::to_string(s));
  }
  return item;
}

Item Single(int i) {
  return {{"id", V::B(std::string(1, static_cast<char>(i)) + "id")}, {"v", V::N(i)}};
}

class TableCopyTest : public ::testing::TestWithParam<std::tuple<Engine, Engine>> {
 protected:
  void SetUp() override {
    source_specs_ = Specs(UniqueTablePrefix());
    target_specs_ = Specs(UniqueTablePrefix());
    ASSERT_OK_AND_ASSIGN(source_, MakeStore(std::get<0>(GetParam())));
    ASSERT_OK_AND_ASSIGN(target_, MakeStore(std::get<1>(GetParam())));
    ASSERT_OK(source_->EnsureTables(source_specs_, {}));
    ASSERT_OK(target_->EnsureTables(target_specs_, {}));
    for (std::size_t i = 0; i < source_specs_.size(); ++i) {
      pairs_.push_back({source_specs_[i], target_specs_[i]});
    }
  }

  // Fills the source: `partitions` x `per` things and `singles` singles.
  void Fill(int partitions, int per, int singles) {
    std::vector<BatchWrite> writes;
    for (int p = 0; p < partitions; ++p) {
      for (int s = 0; s < per; ++s) {
        writes.push_back({.table = source_specs_[0].name, .item = Thing(p, s)});
      }
    }
    for (int i = 0; i < singles; ++i)
      writes.push_back({.table = source_specs_[1].name, .item = Single(i)});
    for (std::size_t at = 0; at < writes.size(); at += 100) {
      std::vector<BatchWrite> chunk(writes.begin() + at,
                                    writes.begin() + std::min(writes.size(), at + 100));
      ASSERT_OK(source_->BatchWrite(chunk));
    }
  }

  // Every item of `table`, normalized and sorted.
  std::vector<Item> All(ItemStore& store, const std::string& table) {
    std::vector<Item> items;
    ScanRequest request{.table = table, .limit = 1000};
    for (int i = 0; i < 1000; ++i) {
      Result<ScanPage> page = store.Scan(request);
      EXPECT_OK(page);
      if (!page.ok()) break;
      items.insert(items.end(), page->items.begin(), page->items.end());
      if (page->next_cursor.empty()) break;
      request.cursor = page->next_cursor;
    }
    items = Normalized(items);
    // Sets come back in any order: compare them sorted.
    for (Item& item : items) {
      for (auto& [name, value] : item) {
        if (value.type() == V::Type::kSS || value.type() == V::Type::kNS ||
            value.type() == V::Type::kBS) {
          std::vector<std::string> elements = value.type() == V::Type::kSS   ? value.AsSS()
                                              : value.type() == V::Type::kNS ? value.AsNS()
                                                                             : value.AsBS();
          std::sort(elements.begin(), elements.end());
          value = value.type() == V::Type::kSS   ? V::SS(elements)
                  : value.type() == V::Type::kNS ? V::NS(elements)
                                                 : V::BS(elements);
        }
      }
    }
    std::sort(items.begin(), items.end(), [](const Item& a, const Item& b) {
      return testing::DebugString(a) < testing::DebugString(b);
    });
    return items;
  }

  void ExpectSameContents() {
    for (const TablePair& pair : pairs_) {
      SCOPED_TRACE(pair.source.name);
      EXPECT_EQ(All(*source_, pair.source.name), All(*target_, pair.target.name));
    }
  }

  std::unique_ptr<ItemStore> source_, target_;
  std::vector<TableSpec> source_specs_, target_specs_;
  std::vector<TablePair> pairs_;
};

TEST_P(TableCopyTest, CopiesEveryItemExactlyAndVerifies) {
  Fill(9, 13, 40);  // 117 + 40 items
  for (int segments : {1, 3}) {
    SCOPED_TRACE(segments);
    CopyOptions options{.segments = segments, .batch_size = 7};
    if (segments == 3) options.existing = CopyOptions::Existing::kReplace;
    std::uint64_t progress_calls = 0;
    options.progress = [&](const std::string&, std::uint64_t) { ++progress_calls; };
    ASSERT_OK_AND_ASSIGN(CopyReport report, CopyTables(*source_, *target_, pairs_, options));
    EXPECT_EQ(report.outcome, CopyReport::Outcome::kVerified);
    ASSERT_EQ(report.tables.size(), 2u);
    EXPECT_EQ(report.tables[0].copied, 117u);
    EXPECT_EQ(report.tables[0].source.items, 117u);
    EXPECT_EQ(report.tables[0].target.items, 117u);
    EXPECT_EQ(report.tables[1].copied, 40u);
    EXPECT_TRUE(report.tables[0].verified());
    EXPECT_TRUE(report.tables[1].verified());
    EXPECT_EQ(report.tables[0].deleted, segments == 3 ? 117u : 0u);
    EXPECT_GE(progress_calls, (117u + 40u) / 7u);
    ExpectSameContents();
  }
  // The GSI is maintained on the target: a query by owner finds the copied items.
  ASSERT_OK_AND_ASSIGN(
      QueryPage owned,
      target_->Query(QueryRequest{.table = target_specs_[0].name,
                                  .index = "ByOwner",
                                  .key_condition = KeyCondition::Partition("owner", V::S("o0")),
                                  .limit = 1000}));
  EXPECT_EQ(owned.items.size(), 5u * 5u);  // p0,2,4,6,8 x s0,3,6,9,12
}

TEST_P(TableCopyTest, EmptySourceCopiesNothingAndVerifies) {
  ASSERT_OK_AND_ASSIGN(CopyReport report, CopyTables(*source_, *target_, pairs_, {}));
  EXPECT_EQ(report.outcome, CopyReport::Outcome::kVerified);
  EXPECT_EQ(report.tables[0].copied, 0u);
  EXPECT_EQ(report.tables[0].target.items, 0u);
}

TEST_P(TableCopyTest, NonEmptyTargetIsRefusedBeforeAnyWrite) {
  Fill(2, 3, 2);
  ASSERT_OK(target_->Put(PutRequest{.table = target_specs_[1].name, .item = Single(99)}));
  ASSERT_OK_AND_ASSIGN(CopyReport report, CopyTables(*source_, *target_, pairs_, {}));
  EXPECT_EQ(report.outcome, CopyReport::Outcome::kRefusedNotEmpty);
  EXPECT_EQ(report.non_empty_tables, std::vector<std::string>{target_specs_[1].name});
  EXPECT_TRUE(All(*target_, target_specs_[0].name).empty());  // nothing written
  EXPECT_EQ(All(*target_, target_specs_[1].name).size(), 1u);
}

TEST_P(TableCopyTest, ResumeFinishesAPartialCopyAndReplaceRemovesStrangers) {
  Fill(3, 4, 5);
  // An interrupted earlier run: some of the items are there already, one of them stale.
  ASSERT_OK(target_->Put(PutRequest{.table = target_specs_[0].name, .item = Thing(0, 0)}));
  Item stale = Thing(1, 1);
  stale["s"] = V::S("stale");
  ASSERT_OK(target_->Put(PutRequest{.table = target_specs_[0].name, .item = stale}));
  CopyOptions resume{.existing = CopyOptions::Existing::kResume};
  ASSERT_OK_AND_ASSIGN(CopyReport report, CopyTables(*source_, *target_, pairs_, resume));
  EXPECT_EQ(report.outcome, CopyReport::Outcome::kVerified);
  EXPECT_EQ(report.tables[0].target_items_before, 2u);
  ExpectSameContents();

  // An item the source does not have survives a resume, and the verification says so...
  ASSERT_OK(target_->Put(PutRequest{.table = target_specs_[1].name, .item = Single(77)}));
  ASSERT_OK_AND_ASSIGN(report, CopyTables(*source_, *target_, pairs_, resume));
  EXPECT_EQ(report.outcome, CopyReport::Outcome::kMismatch);
  EXPECT_TRUE(report.tables[0].verified());
  EXPECT_FALSE(report.tables[1].verified());
  EXPECT_EQ(report.tables[1].target.items, 6u);
  // ...while a replace removes it.
  CopyOptions replace{.existing = CopyOptions::Existing::kReplace, .segments = 2};
  ASSERT_OK_AND_ASSIGN(report, CopyTables(*source_, *target_, pairs_, replace));
  EXPECT_EQ(report.outcome, CopyReport::Outcome::kVerified);
  EXPECT_EQ(report.tables[1].deleted, 6u);
  ExpectSameContents();
}

TEST_P(TableCopyTest, MissingTablesAndBadOptionsAreErrors) {
  std::vector<TablePair> missing = pairs_;
  missing[1].target.name += "_missing";
  EXPECT_FALSE(CopyTables(*source_, *target_, missing, {}).ok());
  missing = pairs_;
  missing[0].source.name += "_missing";
  Result<CopyReport> no_source = CopyTables(*source_, *target_, missing, {});
  ASSERT_FALSE(no_source.ok());
  EXPECT_TRUE(no_source.error().Is(Error::Code::kNotFound)) << no_source.error().ToString();

  EXPECT_FALSE(CopyTables(*source_, *target_, pairs_, {.segments = 0}).ok());
  EXPECT_FALSE(CopyTables(*source_, *target_, pairs_, {.segments = 65}).ok());
  EXPECT_FALSE(CopyTables(*source_, *target_, pairs_, {.batch_size = 0}).ok());
  std::vector<TablePair> crossed = {{source_specs_[0], target_specs_[1]}};
  Result<CopyReport> bad = CopyTables(*source_, *target_, crossed, {});
  ASSERT_FALSE(bad.ok());
  EXPECT_TRUE(bad.error().Is(Error::Code::kInvalidArgument));
}

INSTANTIATE_TEST_SUITE_P(Engines, TableCopyTest,
                         ::testing::Values(std::make_tuple(Engine::kSqlite, Engine::kSqlite),
                                           std::make_tuple(Engine::kSqlite, Engine::kDynamo),
                                           std::make_tuple(Engine::kDynamo, Engine::kSqlite)),
                         [](const auto& info) {
                           return std::string(EngineName(std::get<0>(info.param))) + "To" +
                                  std::string(EngineName(std::get<1>(info.param)));
                         });

TEST(TableDigestTest, IgnoresOrderAndSpellingButSeesEveryChange) {
  Item a = Thing(1, 2);
  Item same = a;
  same["n"] = V::N("1.5");
  same["ns"] = V::NS({"1", "2"});
  same["ss"] = V::SS({"a", "b"});
  EXPECT_EQ(ItemHash(a), ItemHash(same));
  std::vector<std::pair<std::string, V>> changes = {
      {"s", V::S("other")},     {"n", V::N("1.51")},      {"b", V::B("x")},
      {"flag", V::Bool(false)}, {"none", V::Bool(false)}, {"ss", V::SS({"a"})},
      {"l", V::L({V::S("x")})}, {"m", V::M({})},          {"extra", V::Null()},
      {"s", V::B("text 102")}};
  for (const auto& [name, value] : changes) {
    Item changed = a;
    changed[name] = value;
    EXPECT_NE(ItemHash(a), ItemHash(changed)) << name;
  }
  Item fewer = a;
  fewer.erase("none");
  EXPECT_NE(ItemHash(a), ItemHash(fewer));
  // A string is not a one-element list, nor a key and value run together.
  EXPECT_NE(ItemHash({{"ab", V::S("c")}}), ItemHash({{"a", V::S("bc")}}));
}

}  // namespace
}  // namespace homeboard::store
