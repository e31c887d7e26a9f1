// Integration tests of the DynamoDB engine of ItemStore (store::dynamo::DynamoStore) against
// DynamoDB Local: every method on success and on its failures (conditions false, keys
// malformed, tables unknown or missing, items too large), query paging with cursors (the
// store's limit counts items after the filter; the last page says it is the last), tampered
// and foreign cursors, batches over DynamoDB's chunk sizes, transactions that fail as a
// whole, and the table registry (EnsureTables registers, DeleteTable forgets). The
// engine-neutral behaviour both engines share is checked by tests/store_conformance_test.cc;
// the failures a real server cannot be made to produce are in
// src/store/dynamo/dynamo_store_test.cc.
//
// Tables are named per test by DdbIntegrationTest::UniqueTableName and deleted at TearDown,
// so tests run in parallel against one shared DynamoDB Local.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "ddb/client.h"
#include "ddb_test_util.h"
#include "store/dynamo/dynamo_store.h"
#include "testing/status_matchers.h"

namespace homeboard::store::dynamo {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using Code = Error::Code;

constexpr std::string_view kSecret = "dynamo-store-integration-test-secret";

KeyAttribute S(std::string name) { return {std::move(name), KeyType::kString}; }
KeyAttribute N(std::string name) { return {std::move(name), KeyType::kNumber}; }

// pk (S) + sk (N), with a GSI on owner (S) + rank (N): numeric order is easy to check.
TableSpec RowsSpec() {
  return {.name = "rows",
          .partition_key = S("pk"),
          .sort_key = N("sk"),
          .global_secondary_indexes = {
              {.name = "ByOwner", .partition_key = S("owner"), .sort_key = N("rank")}}};
}

TableSpec HashSpec() { return {.name = "hash", .partition_key = S("id")}; }

Item Row(std::string pk, int sk) {
  return {{"pk", AttributeValue::S(std::move(pk))}, {"sk", AttributeValue::N(sk)}};
}

Item Row(std::string pk, int sk, Item more) {
  Item item = Row(std::move(pk), sk);
  item.merge(more);
  return item;
}

Item Id(std::string id) { return {{"id", AttributeValue::S(std::move(id))}}; }

std::vector<int> SortKeys(const std::vector<Item>& items) {
  std::vector<int> keys;
  for (const Item& item : items) keys.push_back(std::stoi(item.at("sk").AsN()));
  return keys;
}

class DynamoStoreTest : public testing::DdbIntegrationTest {
 protected:
  void SetUp() override {
    DdbIntegrationTest::SetUp();
    if (HasFatalFailure()) return;
    ddb::Result<std::unique_ptr<ddb::Client>> client = ddb::Client::Create(BaseOptions());
    ASSERT_TRUE(client.ok()) << client.error().ToString();
    shared_client_ = std::move(*client);
    Result<std::unique_ptr<DynamoStore>> store =
        DynamoStore::Create({.client = shared_client_, .cursor_secret = std::string(kSecret)});
    ASSERT_OK(store);
    store_ = std::move(*store);
  }

  // Creates the table of `spec` under a unique name through the store (which registers it)
  // and returns that name.
  std::string MakeTable(TableSpec spec) {
    spec.name = UniqueTableName(spec.name);
    DeleteTableAtTearDown(spec.name);
    Result<EnsureReport> report =
        store_->EnsureTables({spec}, {.poll_interval = std::chrono::milliseconds(50)});
    EXPECT_TRUE(report.ok()) << report.error().ToString();
    if (report.ok()) {
      EXPECT_EQ(report->tables.size(), 1u);
      if (!report->tables.empty()) {
        EXPECT_EQ(report->tables[0].action, TableOutcome::Action::kCreated);
      }
    }
    return spec.name;
  }

  void PutRows(const std::string& table, const std::string& pk, int count,
               const std::function<Item(int)>& more = nullptr) {
    std::vector<store::BatchWrite> writes;
    for (int i = 0; i < count; ++i) {
      writes.push_back({.table = table, .item = Row(pk, i, more ? more(i) : Item())});
    }
    ASSERT_OK(store_->BatchWrite(writes));
  }

  QueryRequest PartitionQuery(const std::string& table, const std::string& pk, int limit) {
    return {.table = table,
            .key_condition = ddb::KeyCondition::Partition("pk", AttributeValue::S(pk)),
            .limit = limit,
            .consistent_read = true};
  }

  // Every page of `request`, following cursors; each page's items' sort keys.
  std::vector<std::vector<int>> AllPages(QueryRequest request) {
    std::vector<std::vector<int>> pages;
    for (int guard = 0; guard < 200; ++guard) {
      Result<QueryPage> page = store_->Query(request);
      EXPECT_TRUE(page.ok()) << page.error().ToString();
      if (!page.ok()) break;
      pages.push_back(SortKeys(page->items));
      if (page->next_cursor.empty()) break;
      request.cursor = page->next_cursor;
    }
    return pages;
  }

  std::shared_ptr<ddb::Client> shared_client_;
  std::unique_ptr<DynamoStore> store_;
};

// --- Single items -----------------------------------------------------------------------------

TEST_F(DynamoStoreTest, PutThenGetReturnsTheItem) {
  const std::string table = MakeTable(RowsSpec());
  Item item =
      Row("p", 1,
          {{"title", AttributeValue::S("hello")},
           {"tags", AttributeValue::SS({"a", "b"})},
           {"nested", AttributeValue::M({{"x", AttributeValue::L({AttributeValue::N(2)})}})},
           {"flag", AttributeValue::Bool(true)},
           {"blob", AttributeValue::B(std::string("\0\1\2", 3))}});
  ASSERT_OK(store_->Put({.table = table, .item = item}));
  ASSERT_OK_AND_ASSIGN(std::optional<Item> read, store_->Get({.table = table, .key = Row("p", 1)}));
  ASSERT_TRUE(read.has_value());
  EXPECT_SAME_ITEMS(*read, item);
  ASSERT_OK_AND_ASSIGN(std::optional<Item> eventually,
                       store_->Get({.table = table, .key = Row("p", 1), .consistent_read = false}));
  EXPECT_TRUE(eventually.has_value());
  ASSERT_OK_AND_ASSIGN(std::optional<Item> missing,
                       store_->Get({.table = table, .key = Row("p", 2)}));
  EXPECT_FALSE(missing.has_value());
}

TEST_F(DynamoStoreTest, PutWithAFalseConditionChangesNothing) {
  const std::string table = MakeTable(RowsSpec());
  Item first = Row("p", 1, {{"v", AttributeValue::S("first")}});
  ASSERT_OK(store_->Put(
      {.table = table, .item = first, .condition = Condition::AttributeNotExists("pk")}));
  Status again = store_->Put({.table = table,
                              .item = Row("p", 1, {{"v", AttributeValue::S("second")}}),
                              .condition = Condition::AttributeNotExists("pk")});
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, Code::kConditionFailed) << again.error().ToString();
  EXPECT_THAT(again.error().message, HasSubstr("ConditionalCheckFailed"));
  ASSERT_OK_AND_ASSIGN(std::optional<Item> read, store_->Get({.table = table, .key = Row("p", 1)}));
  ASSERT_TRUE(read.has_value());
  EXPECT_SAME_ITEMS(*read, first);
}

TEST_F(DynamoStoreTest, UpdateCreatesOrChangesAndReturnsTheNewItem) {
  const std::string table = MakeTable(RowsSpec());
  ASSERT_OK_AND_ASSIGN(Item created,
                       store_->Update({.table = table,
                                       .key = Row("p", 1),
                                       .update = ddb::Update()
                                                     .Set("title", AttributeValue::S("t"))
                                                     .Increment("version", AttributeValue::N(1))}));
  EXPECT_SAME_ITEMS(
      created, Row("p", 1, {{"title", AttributeValue::S("t")}, {"version", AttributeValue::N(1)}}));
  ASSERT_OK_AND_ASSIGN(
      Item changed,
      store_->Update(
          {.table = table,
           .key = Row("p", 1),
           .update = ddb::Update().Increment("version", AttributeValue::N(1)).Remove("title"),
           .condition = Condition::Equal(ddb::Path("version"), AttributeValue::N(1))}));
  EXPECT_SAME_ITEMS(changed, Row("p", 1, {{"version", AttributeValue::N(2)}}));

  // A stale version: nothing changes.
  Result<Item> stale =
      store_->Update({.table = table,
                      .key = Row("p", 1),
                      .update = ddb::Update().Set("title", AttributeValue::S("lost")),
                      .condition = Condition::Equal(ddb::Path("version"), AttributeValue::N(1))});
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.error().code, Code::kConditionFailed);
  ASSERT_OK_AND_ASSIGN(std::optional<Item> read, store_->Get({.table = table, .key = Row("p", 1)}));
  EXPECT_SAME_ITEMS(*read, changed);

  // Keys are not updatable; an update needs actions.
  EXPECT_EQ(store_
                ->Update({.table = table,
                          .key = Row("p", 1),
                          .update = ddb::Update().Set("sk", AttributeValue::N(5))})
                .error()
                .code,
            Code::kInvalidArgument);
  EXPECT_EQ(store_->Update({.table = table, .key = Row("p", 1)}).error().code,
            Code::kInvalidArgument);
}

TEST_F(DynamoStoreTest, UpdatesThatBreakAnIndexKeyTypeAreRefused) {
  // DynamoDB refuses these; DynamoDB Local does not, so the store checks before sending.
  const std::string table = MakeTable(RowsSpec());
  ASSERT_OK(
      store_->Put({.table = table, .item = Row("p", 1, {{"owner", AttributeValue::S("o")}})}));
  Result<Item> wrong = store_->Update({.table = table,
                                       .key = Row("p", 1),
                                       .update = ddb::Update().Set("owner", AttributeValue::N(1))});
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().code, Code::kInvalidArgument);
  ASSERT_OK_AND_ASSIGN(std::optional<Item> read, store_->Get({.table = table, .key = Row("p", 1)}));
  EXPECT_SAME_ITEMS(*read, Row("p", 1, {{"owner", AttributeValue::S("o")}}));
  ASSERT_OK(store_->Update({.table = table,
                            .key = Row("p", 1),
                            .update = ddb::Update().Increment("rank", AttributeValue::N(3))}));
}

TEST_F(DynamoStoreTest, ItemsOverTheSizeLimitAreTooLarge) {
  const std::string table = MakeTable(HashSpec());
  Item huge = Id("big");
  huge["data"] = AttributeValue::S(std::string(500 * 1024, 'x'));
  Status put = store_->Put({.table = table, .item = huge});
  ASSERT_FALSE(put.ok());
  EXPECT_EQ(put.error().code, Code::kTooLarge);

  // Under the limit, then grown past it by an update: only DynamoDB can tell.
  Item large = Id("big");
  large["data"] = AttributeValue::S(std::string(300 * 1024, 'x'));
  ASSERT_OK(store_->Put({.table = table, .item = large}));
  Result<Item> grown = store_->Update(
      {.table = table,
       .key = Id("big"),
       .update = ddb::Update().Set("more", AttributeValue::S(std::string(200 * 1024, 'y')))});
  ASSERT_FALSE(grown.ok());
  EXPECT_EQ(grown.error().code, Code::kTooLarge) << grown.error().ToString();
  Status in_transaction = store_->Transact(
      {{.kind = TransactAction::Kind::kUpdate,
        .table = table,
        .item = Id("big"),
        .update = ddb::Update().Set("more", AttributeValue::S(std::string(200 * 1024, 'y')))}});
  ASSERT_FALSE(in_transaction.ok());
  EXPECT_EQ(in_transaction.error().code, Code::kTooLarge) << in_transaction.error().ToString();
}

TEST_F(DynamoStoreTest, DeleteReturnsTheOldItem) {
  const std::string table = MakeTable(RowsSpec());
  Item item = Row("p", 1, {{"v", AttributeValue::S("x")}});
  ASSERT_OK(store_->Put({.table = table, .item = item}));

  Result<std::optional<Item>> refused =
      store_->Delete({.table = table,
                      .key = Row("p", 1),
                      .condition = Condition::Equal(ddb::Path("v"), AttributeValue::S("y"))});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, Code::kConditionFailed);

  ASSERT_OK_AND_ASSIGN(
      std::optional<Item> deleted,
      store_->Delete({.table = table,
                      .key = Row("p", 1),
                      .condition = Condition::Equal(ddb::Path("v"), AttributeValue::S("x"))}));
  ASSERT_TRUE(deleted.has_value());
  EXPECT_SAME_ITEMS(*deleted, item);
  ASSERT_OK_AND_ASSIGN(std::optional<Item> absent,
                       store_->Delete({.table = table, .key = Row("p", 1)}));
  EXPECT_FALSE(absent.has_value());
  ASSERT_OK_AND_ASSIGN(std::optional<Item> read, store_->Get({.table = table, .key = Row("p", 1)}));
  EXPECT_FALSE(read.has_value());
}

TEST_F(DynamoStoreTest, MalformedKeysAndItemsAreInvalidArguments) {
  const std::string table = MakeTable(RowsSpec());
  const std::vector<Item> bad_keys = {
      {{"pk", AttributeValue::S("p")}},                                  // no sort key
      {{"pk", AttributeValue::S("p")}, {"sk", AttributeValue::S("1")}},  // wrong type
      {{"pk", AttributeValue::S("")}, {"sk", AttributeValue::N(1)}},     // empty
      Row("p", 1, {{"extra", AttributeValue::S("x")}}),                  // not a key
  };
  for (const Item& key : bad_keys) {
    SCOPED_TRACE(testing::DebugString(key));
    EXPECT_EQ(store_->Get({.table = table, .key = key}).error().code, Code::kInvalidArgument);
    EXPECT_EQ(store_->Delete({.table = table, .key = key}).error().code, Code::kInvalidArgument);
    EXPECT_EQ(store_
                  ->Update({.table = table,
                            .key = key,
                            .update = ddb::Update().Set("a", AttributeValue::S("b"))})
                  .error()
                  .code,
              Code::kInvalidArgument);
  }
  // An item without its sort key, and one whose GSI key has the wrong type.
  EXPECT_EQ(store_->Put({.table = table, .item = {{"pk", AttributeValue::S("p")}}}).error().code,
            Code::kInvalidArgument);
  EXPECT_EQ(
      store_->Put({.table = table, .item = Row("p", 1, {{"rank", AttributeValue::S("high")}})})
          .error()
          .code,
      Code::kInvalidArgument);
}

TEST_F(DynamoStoreTest, UnknownAndMissingTablesAreNotFound) {
  // Unknown to the store: refused without asking DynamoDB.
  EXPECT_EQ(store_->Get({.table = "hb_no_such_table", .key = Id("a")}).error().code,
            Code::kNotFound);
  EXPECT_EQ(store_->Put({.table = "hb_no_such_table", .item = Id("a")}).error().code,
            Code::kNotFound);
  EXPECT_EQ(store_->DeleteTable("hb_no_such_table").error().code, Code::kNotFound);
  EXPECT_EQ(store_->BatchGet("hb_no_such_table", {Id("a")}).error().code, Code::kNotFound);
  EXPECT_EQ(store_->Transact({{.table = "hb_no_such_table", .item = Id("a")}}).error().code,
            Code::kNotFound);
  EXPECT_EQ(
      store_
          ->Query({.table = "hb_no_such_table",
                   .key_condition = ddb::KeyCondition::Partition("id", AttributeValue::S("a"))})
          .error()
          .code,
      Code::kNotFound);

  // Known to the store but never created: DynamoDB says so.
  TableSpec spec = HashSpec();
  spec.name = UniqueTableName("never_created");
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<DynamoStore> store,
                       DynamoStore::Create({.client = shared_client_, .tables = {spec}}));
  Status put = store->Put({.table = spec.name, .item = Id("a")});
  ASSERT_FALSE(put.ok());
  EXPECT_EQ(put.error().code, Code::kNotFound) << put.error().ToString();
  EXPECT_THAT(put.error().message, HasSubstr("ResourceNotFoundException"));
  EXPECT_EQ(store->Get({.table = spec.name, .key = Id("a")}).error().code, Code::kNotFound);
  EXPECT_EQ(store->DeleteTable(spec.name).error().code, Code::kNotFound);
}

// --- Tables -------------------------------------------------------------------------------------

TEST_F(DynamoStoreTest, EnsureTablesRegistersAndDeleteTableForgets) {
  TableSpec spec = HashSpec();
  spec.name = UniqueTableName("registry");
  DeleteTableAtTearDown(spec.name);

  // A dry run creates nothing and registers nothing.
  ASSERT_OK_AND_ASSIGN(EnsureReport dry, store_->EnsureTables({spec}, {.dry_run = true}));
  ASSERT_EQ(dry.tables.size(), 1u);
  EXPECT_EQ(dry.tables[0].action, TableOutcome::Action::kWouldCreate);
  EXPECT_EQ(store_->Put({.table = spec.name, .item = Id("a")}).error().code, Code::kNotFound);

  ASSERT_OK_AND_ASSIGN(EnsureReport created, store_->EnsureTables({spec}, {}));
  EXPECT_EQ(created.tables[0].action, TableOutcome::Action::kCreated);
  ASSERT_OK(store_->Put({.table = spec.name, .item = Id("a")}));
  ASSERT_OK_AND_ASSIGN(EnsureReport again, store_->EnsureTables({spec}, {}));
  EXPECT_EQ(again.tables[0].action, TableOutcome::Action::kUnchanged);

  ASSERT_OK(store_->DeleteTable(spec.name));
  ddb::Result<std::vector<std::string>> tables = client().ListAllTables();
  ASSERT_TRUE(tables.ok()) << tables.error().ToString();
  EXPECT_EQ(std::count(tables->begin(), tables->end(), spec.name), 0);
  EXPECT_EQ(store_->Get({.table = spec.name, .key = Id("a")}).error().code, Code::kNotFound);
  EXPECT_EQ(store_->DeleteTable(spec.name).error().code, Code::kNotFound);

  // Created afresh: empty.
  ASSERT_OK(store_->EnsureTables({spec}, {}));
  ASSERT_OK_AND_ASSIGN(std::optional<Item> gone, store_->Get({.table = spec.name, .key = Id("a")}));
  EXPECT_FALSE(gone.has_value());
}

// --- Query --------------------------------------------------------------------------------------

TEST_F(DynamoStoreTest, QueryPagesThroughAPartitionInSortKeyOrder) {
  const std::string table = MakeTable(RowsSpec());
  PutRows(table, "p", 25);
  PutRows(table, "other", 5);
  EXPECT_THAT(AllPages(PartitionQuery(table, "p", 7)),
              ElementsAre(ElementsAre(0, 1, 2, 3, 4, 5, 6), ElementsAre(7, 8, 9, 10, 11, 12, 13),
                          ElementsAre(14, 15, 16, 17, 18, 19, 20), ElementsAre(21, 22, 23, 24)));
  // A limit that divides the partition: the last full page already says it is the last.
  EXPECT_THAT(AllPages(PartitionQuery(table, "other", 5)), ElementsAre(ElementsAre(0, 1, 2, 3, 4)));

  QueryRequest backward = PartitionQuery(table, "p", 10);
  backward.forward = false;
  backward.key_condition = ddb::KeyCondition::Partition("pk", AttributeValue::S("p"))
                               .SortLess("sk", AttributeValue::N(12));
  EXPECT_THAT(AllPages(backward),
              ElementsAre(ElementsAre(11, 10, 9, 8, 7, 6, 5, 4, 3, 2), ElementsAre(1, 0)));

  ASSERT_OK_AND_ASSIGN(QueryPage empty, store_->Query(PartitionQuery(table, "nobody", 10)));
  EXPECT_THAT(empty.items, IsEmpty());
  EXPECT_TRUE(empty.next_cursor.empty());
}

TEST_F(DynamoStoreTest, QueryLimitCountsItemsAfterTheFilter) {
  const std::string table = MakeTable(RowsSpec());
  // 90 items, every third one matches: 30 matches spread thinly over the partition.
  PutRows(table, "p", 90, [](int i) { return Item{{"match", AttributeValue::Bool(i % 3 == 0)}}; });
  QueryRequest filtered = PartitionQuery(table, "p", 4);
  filtered.filter = Condition::Equal(ddb::Path("match"), AttributeValue::Bool(true));
  std::vector<std::vector<int>> pages = AllPages(filtered);
  ASSERT_EQ(pages.size(), 8u);  // 7 pages of 4, then 2
  std::vector<int> all;
  for (std::size_t i = 0; i < pages.size(); ++i) {
    EXPECT_EQ(pages[i].size(), i + 1 < pages.size() ? 4u : 2u) << "page " << i;
    all.insert(all.end(), pages[i].begin(), pages[i].end());
  }
  std::vector<int> expected;
  for (int i = 0; i < 90; i += 3) expected.push_back(i);
  EXPECT_EQ(all, expected);

  // A filter nothing passes: one empty, final page.
  filtered.filter = Condition::Equal(ddb::Path("match"), AttributeValue::S("never"));
  ASSERT_OK_AND_ASSIGN(QueryPage none, store_->Query(filtered));
  EXPECT_THAT(none.items, IsEmpty());
  EXPECT_TRUE(none.next_cursor.empty());
}

TEST_F(DynamoStoreTest, QueryOnAGlobalSecondaryIndex) {
  const std::string table = MakeTable(RowsSpec());
  // Owner "o" ranks the items of two partitions; one item is not in the index (no owner).
  std::vector<store::BatchWrite> writes;
  for (int i = 0; i < 12; ++i) {
    writes.push_back(
        {.table = table,
         .item = Row(i % 2 == 0 ? "a" : "b", i,
                     {{"owner", AttributeValue::S("o")}, {"rank", AttributeValue::N(100 - i)}})});
  }
  writes.push_back({.table = table, .item = Row("a", 99)});
  ASSERT_OK(store_->BatchWrite(writes));

  QueryRequest by_owner{
      .table = table,
      .index = "ByOwner",
      .key_condition = ddb::KeyCondition::Partition("owner", AttributeValue::S("o")),
      .limit = 5};
  // DynamoDB Local's GSIs are updated synchronously, so the index is complete here.
  EXPECT_THAT(AllPages(by_owner), ElementsAre(ElementsAre(11, 10, 9, 8, 7),
                                              ElementsAre(6, 5, 4, 3, 2), ElementsAre(1, 0)));

  QueryRequest consistent = by_owner;
  consistent.consistent_read = true;
  EXPECT_EQ(store_->Query(consistent).error().code, Code::kInvalidArgument);
  QueryRequest no_index = by_owner;
  no_index.index = "NoSuchIndex";
  EXPECT_EQ(store_->Query(no_index).error().code, Code::kNotFound);

  // A cursor of the index does not work on the table, and the other way round.
  ASSERT_OK_AND_ASSIGN(QueryPage index_page, store_->Query(by_owner));
  QueryRequest on_table = PartitionQuery(table, "a", 5);
  on_table.cursor = index_page.next_cursor;
  EXPECT_EQ(store_->Query(on_table).error().code, Code::kInvalidArgument);
}

TEST_F(DynamoStoreTest, EqualIndexSortKeysPageWithoutSkipsOrRepeats) {
  // Eleven items of several partitions share one GSI key: their order is DynamoDB's choice
  // (not the table key's), but a cursor carries the table key, so pages of 2 still return
  // every item exactly once.
  const std::string table = MakeTable(RowsSpec());
  std::vector<store::BatchWrite> writes;
  std::vector<std::string> expected;
  for (int i = 0; i < 11; ++i) {
    std::string pk = std::string(1, static_cast<char>('z' - (i * 7) % 26));
    writes.push_back(
        {.table = table,
         .item = Row(pk, i, {{"owner", AttributeValue::S("o")}, {"rank", AttributeValue::N(7)}})});
    expected.push_back(pk + "/" + std::to_string(i));
  }
  ASSERT_OK(store_->BatchWrite(writes));
  QueryRequest request{
      .table = table,
      .index = "ByOwner",
      .key_condition = ddb::KeyCondition::Partition("owner", AttributeValue::S("o")),
      .limit = 2};
  std::vector<std::string> seen;
  for (int guard = 0; guard < 20; ++guard) {
    ASSERT_OK_AND_ASSIGN(QueryPage page, store_->Query(request));
    for (const Item& item : page.items) {
      seen.push_back(item.at("pk").AsS() + "/" + item.at("sk").AsN());
    }
    if (page.next_cursor.empty()) break;
    request.cursor = page.next_cursor;
  }
  std::sort(seen.begin(), seen.end());
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(seen, expected);
}

TEST_F(DynamoStoreTest, TamperedAndForeignCursorsAreInvalidArguments) {
  const std::string table = MakeTable(RowsSpec());
  PutRows(table, "p", 10);
  PutRows(table, "q", 10);
  ASSERT_OK_AND_ASSIGN(QueryPage page, store_->Query(PartitionQuery(table, "p", 3)));
  ASSERT_FALSE(page.next_cursor.empty());

  // Every character changed in turn: never accepted. (Flipping a letter's case changes the
  // high bits of its base64 digit, so the decoded bytes always change; other characters
  // become ones outside the alphabet.)
  for (std::size_t i = 0; i < page.next_cursor.size(); ++i) {
    QueryRequest tampered = PartitionQuery(table, "p", 3);
    tampered.cursor = page.next_cursor;
    tampered.cursor[i] ^= 0x20;
    Result<QueryPage> refused = store_->Query(tampered);
    ASSERT_FALSE(refused.ok()) << "position " << i;
    EXPECT_EQ(refused.error().code, Code::kInvalidArgument);
  }
  QueryRequest garbage = PartitionQuery(table, "p", 3);
  garbage.cursor = "not a cursor";
  EXPECT_EQ(store_->Query(garbage).error().code, Code::kInvalidArgument);

  // Another partition of the same table.
  QueryRequest other_partition = PartitionQuery(table, "q", 3);
  other_partition.cursor = page.next_cursor;
  EXPECT_EQ(store_->Query(other_partition).error().code, Code::kInvalidArgument);

  // Another store with another secret (another deployment).
  TableSpec spec = RowsSpec();
  spec.name = table;
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<DynamoStore> other,
                       DynamoStore::Create({.client = shared_client_,
                                            .tables = {spec},
                                            .cursor_secret = "a different secret, 16+ bytes"}));
  QueryRequest foreign = PartitionQuery(table, "p", 3);
  foreign.cursor = page.next_cursor;
  EXPECT_EQ(other->Query(foreign).error().code, Code::kInvalidArgument);

  // The untouched cursor works, also on another store sharing the secret (another process of
  // the same deployment).
  ASSERT_OK_AND_ASSIGN(
      std::unique_ptr<DynamoStore> sibling,
      DynamoStore::Create(
          {.client = shared_client_, .tables = {spec}, .cursor_secret = std::string(kSecret)}));
  ASSERT_OK_AND_ASSIGN(QueryPage next, sibling->Query(foreign));
  EXPECT_THAT(SortKeys(next.items), ElementsAre(3, 4, 5));
}

TEST_F(DynamoStoreTest, QueryChecksItsRequest) {
  const std::string table = MakeTable(RowsSpec());
  QueryRequest zero = PartitionQuery(table, "p", 0);
  EXPECT_EQ(store_->Query(zero).error().code, Code::kInvalidArgument);
  QueryRequest too_many = PartitionQuery(table, "p", 1001);
  EXPECT_EQ(store_->Query(too_many).error().code, Code::kInvalidArgument);
  QueryRequest wrong_key = PartitionQuery(table, "p", 10);
  wrong_key.key_condition = ddb::KeyCondition::Partition("owner", AttributeValue::S("p"));
  EXPECT_EQ(store_->Query(wrong_key).error().code, Code::kInvalidArgument);
  QueryRequest wrong_type = PartitionQuery(table, "p", 10);
  wrong_type.key_condition = ddb::KeyCondition::Partition("pk", AttributeValue::S("p"))
                                 .SortEqual("sk", AttributeValue::S("1"));
  EXPECT_EQ(store_->Query(wrong_type).error().code, Code::kInvalidArgument);
}

// --- Batches ------------------------------------------------------------------------------------

TEST_F(DynamoStoreTest, BatchGetReadsAnyNumberOfKeys) {
  const std::string table = MakeTable(RowsSpec());
  PutRows(table, "p", 150);  // more than one BatchWriteItem (25) and BatchGetItem (100)
  std::vector<Item> keys;
  for (int i = 0; i < 160; ++i) keys.push_back(Row("p", i));  // 10 of them missing
  ASSERT_OK_AND_ASSIGN(std::vector<Item> items, store_->BatchGet(table, keys));
  std::vector<int> found = SortKeys(items);
  std::sort(found.begin(), found.end());
  std::vector<int> expected(150);
  for (int i = 0; i < 150; ++i) expected[i] = i;
  EXPECT_EQ(found, expected);

  EXPECT_EQ(store_->BatchGet(table, {Row("p", 1), Row("p", 2), Row("p", 1)}).error().code,
            Code::kInvalidArgument);
  EXPECT_EQ(store_->BatchGet(table, {{{"pk", AttributeValue::S("p")}}}).error().code,
            Code::kInvalidArgument);
  ASSERT_OK_AND_ASSIGN(std::vector<Item> none, store_->BatchGet(table, {}));
  EXPECT_THAT(none, IsEmpty());
}

TEST_F(DynamoStoreTest, BatchWritePutsAndDeletesAcrossTables) {
  const std::string rows = MakeTable(RowsSpec());
  const std::string hash = MakeTable(HashSpec());
  PutRows(rows, "p", 40);
  std::vector<store::BatchWrite> writes;
  for (int i = 0; i < 40; i += 2) {
    writes.push_back(
        {.table = rows, .kind = store::BatchWrite::Kind::kDelete, .item = Row("p", i)});
  }
  for (int i = 0; i < 30; ++i)
    writes.push_back({.table = hash, .item = Id("id" + std::to_string(i))});
  ASSERT_OK(store_->BatchWrite(writes));

  ASSERT_OK_AND_ASSIGN(QueryPage left, store_->Query(PartitionQuery(rows, "p", 100)));
  std::vector<int> odd;
  for (int i = 1; i < 40; i += 2) odd.push_back(i);
  EXPECT_EQ(SortKeys(left.items), odd);
  std::vector<Item> ids;
  for (int i = 0; i < 30; ++i) ids.push_back(Id("id" + std::to_string(i)));
  ASSERT_OK_AND_ASSIGN(std::vector<Item> stored, store_->BatchGet(hash, ids));
  EXPECT_EQ(stored.size(), 30u);

  // Two writes to one item, and a bad item: refused before anything is written.
  Status twice = store_->BatchWrite(
      {{.table = hash, .item = Id("new")},
       {.table = hash, .kind = store::BatchWrite::Kind::kDelete, .item = Id("new")}});
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.error().code, Code::kInvalidArgument);
  Status bad = store_->BatchWrite({{.table = hash, .item = Id("first")},
                                   {.table = hash, .item = {{"id", AttributeValue::N(1)}}}});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, Code::kInvalidArgument);
  ASSERT_OK_AND_ASSIGN(std::vector<Item> untouched,
                       store_->BatchGet(hash, {Id("new"), Id("first")}));
  EXPECT_THAT(untouched, IsEmpty());
}

// --- Transactions -------------------------------------------------------------------------------

TEST_F(DynamoStoreTest, TransactionAppliesEveryActionOrNone) {
  const std::string rows = MakeTable(RowsSpec());
  const std::string hash = MakeTable(HashSpec());
  ASSERT_OK(store_->Put({.table = rows, .item = Row("p", 1, {{"n", AttributeValue::N(1)}})}));
  ASSERT_OK(store_->Put({.table = rows, .item = Row("p", 2)}));
  ASSERT_OK(store_->Put({.table = hash, .item = Id("guard")}));

  // Action 2's condition is false: nothing of actions 0, 1 and 3 happens.
  std::vector<TransactAction> failing = {
      {.table = hash, .item = Id("new")},
      {.kind = TransactAction::Kind::kUpdate,
       .table = rows,
       .item = Row("p", 1),
       .update = ddb::Update().Increment("n", AttributeValue::N(1))},
      {.kind = TransactAction::Kind::kConditionCheck,
       .table = hash,
       .item = Id("guard"),
       .condition = Condition::AttributeNotExists("id")},
      {.kind = TransactAction::Kind::kDelete, .table = rows, .item = Row("p", 2)},
  };
  Status failed = store_->Transact(failing);
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().code, Code::kConditionFailed) << failed.error().ToString();
  EXPECT_EQ(failed.error().failed_action, std::optional<std::size_t>(2));
  ASSERT_OK_AND_ASSIGN(std::optional<Item> unchanged,
                       store_->Get({.table = rows, .key = Row("p", 1)}));
  EXPECT_SAME_ITEMS(*unchanged, Row("p", 1, {{"n", AttributeValue::N(1)}}));
  ASSERT_OK_AND_ASSIGN(std::optional<Item> not_created,
                       store_->Get({.table = hash, .key = Id("new")}));
  EXPECT_FALSE(not_created.has_value());
  ASSERT_OK_AND_ASSIGN(std::optional<Item> not_deleted,
                       store_->Get({.table = rows, .key = Row("p", 2)}));
  EXPECT_TRUE(not_deleted.has_value());

  // With a true condition, all of it happens.
  failing[2].condition = Condition::AttributeExists("id");
  ASSERT_OK(store_->Transact(failing));
  ASSERT_OK_AND_ASSIGN(std::optional<Item> counted,
                       store_->Get({.table = rows, .key = Row("p", 1)}));
  EXPECT_SAME_ITEMS(*counted, Row("p", 1, {{"n", AttributeValue::N(2)}}));
  ASSERT_OK_AND_ASSIGN(std::optional<Item> created, store_->Get({.table = hash, .key = Id("new")}));
  EXPECT_TRUE(created.has_value());
  ASSERT_OK_AND_ASSIGN(std::optional<Item> deleted,
                       store_->Get({.table = rows, .key = Row("p", 2)}));
  EXPECT_FALSE(deleted.has_value());
}

TEST_F(DynamoStoreTest, TransactionShapeIsCheckedBeforeSending) {
  const std::string hash = MakeTable(HashSpec());
  Status same_item =
      store_->Transact({{.table = hash, .item = Id("a")},
                        {.kind = TransactAction::Kind::kDelete, .table = hash, .item = Id("a")}});
  ASSERT_FALSE(same_item.ok());
  EXPECT_EQ(same_item.error().code, Code::kInvalidArgument);
  std::vector<TransactAction> too_many;
  for (std::size_t i = 0; i <= kMaxTransactActions; ++i) {
    too_many.push_back({.table = hash, .item = Id("id" + std::to_string(i))});
  }
  EXPECT_EQ(store_->Transact(too_many).error().code, Code::kInvalidArgument);
  too_many.pop_back();
  ASSERT_OK(store_->Transact(too_many));  // exactly the maximum is fine
  ASSERT_OK_AND_ASSIGN(std::optional<Item> last, store_->Get({.table = hash, .key = Id("id99")}));
  EXPECT_TRUE(last.has_value());
}

// --- Concurrency --------------------------------------------------------------------------------

TEST_F(DynamoStoreTest, OneStoreServesManyThreadsWhileTablesAreRegistered) {
  const std::string table = MakeTable(HashSpec());
  TableSpec late = HashSpec();
  late.name = UniqueTableName("late");
  DeleteTableAtTearDown(late.name);
  std::vector<std::thread> threads;
  std::vector<int> failures(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 15; ++i) {
        std::string id = std::to_string(t) + "-" + std::to_string(i);
        if (!store_->Put({.table = table, .item = Id(id)}).ok()) ++failures[t];
        Result<std::optional<Item>> read = store_->Get({.table = table, .key = Id(id)});
        if (!read.ok() || !read->has_value()) ++failures[t];
      }
    });
  }
  ASSERT_OK(store_->EnsureTables({late}, {}));
  for (std::thread& thread : threads) thread.join();
  EXPECT_THAT(failures, ElementsAre(0, 0, 0, 0));
  ASSERT_OK(store_->Put({.table = late.name, .item = Id("x")}));
}

}  // namespace
}  // namespace homeboard::store::dynamo
