// ItemStore conformance, tables: EnsureTables (create, drift, dry run, TTL, bad specs),
// concurrent writers, DeleteTable, and every operation on an unknown table.
// (The shared fixture, its tables and conventions: store_conformance.h.)
#include "store_conformance.h"

namespace homeboard::store {
namespace {

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

HOMEBOARD_INSTANTIATE_STORE_CONFORMANCE();

}  // namespace
}  // namespace homeboard::store
