// Tests of SqliteStore on temporary files: every ItemStore call, persistence across reopen,
// GSI maintenance, paging, atomicity of failed writes, concurrency and the integrity check.
// (The cross-engine conformance suite is tests/store_conformance_test.cc.)
#include "store/sqlite/sqlite_store.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <stdlib.h>

#include <atomic>
#include <filesystem>
#include <thread>

#include "store/request_checks.h"
#include "testing/status_matchers.h"

namespace homeboard::store::sqlite {
namespace {

using V = AttributeValue;
using ddb::Path;
using Code = Error::Code;

constexpr std::string_view kSecret = "sqlite-store-test-cursor-secret!";

// A fresh directory under the system temp dir, removed with everything in it at the end.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "hb_sqlite_XXXXXX").string();
    path_ = mkdtemp(pattern.data());
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  std::string File(std::string_view name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

TableSpec ItemsSpec() {
  return TableSpec{
      .name = "items",
      .partition_key = {"pk", KeyType::kString},
      .sort_key = KeyAttribute{"sk", KeyType::kString},
      .global_secondary_indexes = {IndexSpec{.name = "ByOwner",
                                             .partition_key = {"owner", KeyType::kString},
                                             .sort_key = KeyAttribute{"rank", KeyType::kNumber}},
                                   IndexSpec{.name = "ByTag",
                                             .partition_key = {"tag", KeyType::kString},
                                             .projection = IndexSpec::Projection::kKeysOnly}},
      .ttl_attribute = "expires"};
}

TableSpec CountersSpec() {
  return TableSpec{.name = "counters", .partition_key = {"id", KeyType::kNumber}};
}

Item Key(std::string pk, std::string sk) {
  return {{"pk", V::S(std::move(pk))}, {"sk", V::S(std::move(sk))}};
}

Item With(Item item, std::string name, V value) {
  item[std::move(name)] = std::move(value);
  return item;
}

class SqliteStoreTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_NO_FATAL_FAILURE(Reopen()); }

  void Reopen(SqliteStoreOptions options = {}) {
    store_.reset();
    options.path = dir_.File("store.db");
    if (options.cursor_secret.empty()) options.cursor_secret = std::string(kSecret);
    ASSERT_OK_AND_ASSIGN(store_, SqliteStore::Open(options));
    ASSERT_OK_AND_ASSIGN(EnsureReport report,
                         store_->EnsureTables({ItemsSpec(), CountersSpec()}, {}));
    (void)report;
  }

  Status Put(Item item, Condition condition = {}) {
    return store_->Put({.table = "items", .item = std::move(item), .condition = condition});
  }
  std::optional<Item> Get(Item key) {
    auto got = store_->Get({.table = "items", .key = std::move(key)});
    EXPECT_TRUE(got.ok()) << got.error().ToString();
    return got.ok() ? *got : std::nullopt;
  }
  std::vector<Item> QueryAll(QueryRequest request) {
    std::vector<Item> all;
    for (int pages = 0; pages < 1000; ++pages) {
      auto page = store_->Query(request);
      EXPECT_TRUE(page.ok()) << page.error().ToString();
      if (!page.ok()) break;
      all.insert(all.end(), page->items.begin(), page->items.end());
      if (page->next_cursor.empty()) break;
      request.cursor = page->next_cursor;
    }
    return all;
  }

  TempDir dir_;
  std::unique_ptr<SqliteStore> store_;
};

TEST_F(SqliteStoreTest, PutGetDeleteRoundTripEveryType) {
  Item item = Key("p", "s");
  item["s"] = V::S("text");
  item["n"] = V::N("-12.50");
  item["b"] = V::B(std::string("\x00\xff", 2));
  item["bool"] = V::Bool(true);
  item["null"] = V::Null();
  item["m"] = V::M({{"inner", V::L({V::N(1), V::S("x")})}});
  item["ss"] = V::SS({"a", "b"});
  item["ns"] = V::NS({"1", "2.50"});
  item["bs"] = V::BS({"x", "y"});
  ASSERT_OK(Put(item));
  std::optional<Item> got = Get(Key("p", "s"));
  ASSERT_TRUE(got.has_value());
  // Numbers come back in DynamoDB's spelling.
  Item expected = item;
  expected["n"] = V::N("-12.5");
  expected["ns"] = V::NS({"1", "2.5"});
  EXPECT_EQ(*got, expected);

  ASSERT_OK_AND_ASSIGN(std::optional<Item> deleted,
                       store_->Delete({.table = "items", .key = Key("p", "s")}));
  ASSERT_TRUE(deleted.has_value());
  EXPECT_EQ(*deleted, expected);
  EXPECT_FALSE(Get(Key("p", "s")).has_value());
  ASSERT_OK_AND_ASSIGN(std::optional<Item> again,
                       store_->Delete({.table = "items", .key = Key("p", "s")}));
  EXPECT_FALSE(again.has_value());
}

TEST_F(SqliteStoreTest, NumericKeysAreOneKeyWhateverTheirSpelling) {
  ASSERT_OK(store_->Put({.table = "counters", .item = {{"id", V::N("5.0")}, {"v", V::N(1)}}}));
  ASSERT_OK_AND_ASSIGN(auto got, store_->Get({.table = "counters", .key = {{"id", V::N("5")}}}));
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->at("id"), V::N("5"));
  ASSERT_OK(store_->Put({.table = "counters", .item = {{"id", V::N("0.5e1")}, {"v", V::N(2)}}}));
  ASSERT_OK_AND_ASSIGN(auto batch, store_->BatchGet("counters", {{{"id", V::N("5")}}}));
  ASSERT_EQ(batch.size(), 1u);
  EXPECT_EQ(batch[0].at("v"), V::N("2"));
}

TEST_F(SqliteStoreTest, ConditionalPutAndDelete) {
  ASSERT_OK(Put(With(Key("p", "c"), "version", V::N(1)), Condition::AttributeNotExists("pk")));
  Status again = Put(With(Key("p", "c"), "version", V::N(9)), Condition::AttributeNotExists("pk"));
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, Code::kConditionFailed);
  EXPECT_EQ(Get(Key("p", "c"))->at("version"), V::N(1));

  auto deleted = store_->Delete({.table = "items",
                                 .key = Key("p", "c"),
                                 .condition = Condition::Equal(Path("version"), V::N(2))});
  ASSERT_FALSE(deleted.ok());
  EXPECT_EQ(deleted.error().code, Code::kConditionFailed);
  EXPECT_TRUE(Get(Key("p", "c")).has_value());
  // A condition on an absent item sees an empty item.
  auto absent = store_->Delete(
      {.table = "items", .key = Key("p", "none"), .condition = Condition::AttributeExists("pk")});
  ASSERT_FALSE(absent.ok());
  EXPECT_EQ(absent.error().code, Code::kConditionFailed);
}

TEST_F(SqliteStoreTest, UpdateCreatesReturnsAndKeepsIndexesCurrent) {
  ASSERT_OK_AND_ASSIGN(
      Item created,
      store_->Update({.table = "items",
                      .key = Key("p", "u"),
                      .update = Update().Set("owner", V::S("ada")).Increment("rank", V::N(3))}));
  EXPECT_EQ(created, With(With(Key("p", "u"), "owner", V::S("ada")), "rank", V::N(3)));
  auto by_owner = [&](std::string owner) {
    return QueryAll({.table = "items",
                     .index = "ByOwner",
                     .key_condition = KeyCondition::Partition("owner", V::S(std::move(owner)))});
  };
  ASSERT_EQ(by_owner("ada").size(), 1u);
  // Moving the item to another index partition moves its index row.
  ASSERT_OK(store_->Update(
      {.table = "items", .key = Key("p", "u"), .update = Update().Set("owner", V::S("bob"))}));
  EXPECT_TRUE(by_owner("ada").empty());
  ASSERT_EQ(by_owner("bob").size(), 1u);
  // Removing an index key takes the item out of the sparse index.
  ASSERT_OK(
      store_->Update({.table = "items", .key = Key("p", "u"), .update = Update().Remove("rank")}));
  EXPECT_TRUE(by_owner("bob").empty());
  ASSERT_OK(store_->IntegrityCheck());
}

TEST_F(SqliteStoreTest, UpdateThatOnlyRemovesStillCreatesTheItem) {
  // As DynamoDB Local does: the item is left as just its key.
  ASSERT_OK_AND_ASSIGN(
      Item result,
      store_->Update({.table = "items", .key = Key("p", "ghost"), .update = Update().Remove("x")}));
  EXPECT_EQ(result, Key("p", "ghost"));
  EXPECT_EQ(Get(Key("p", "ghost")), std::optional<Item>(Key("p", "ghost")));
}

TEST_F(SqliteStoreTest, UpdateErrorsTakeDynamoDbLocalsPrecedence) {
  ASSERT_OK(Put(With(Key("p", "e"), "name", V::S("x"))));
  const Condition never = Condition::AttributeNotExists("pk");
  // A false condition outranks the update's own errors...
  for (const Update& update :
       {Update().Set(Path("nope").Field("x"), V::N(1)), Update().Add("name", V::N(1)),
        Update().IncrementExisting("missing", V::N(1))}) {
    auto result = store_->Update(
        {.table = "items", .key = Key("p", "e"), .update = update, .condition = never});
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, Code::kConditionFailed);
  }
  // ...but not an item grown past the size limit, nor a GSI key given the wrong type (both
  // engines check that one before reading anything).
  auto too_large = store_->Update({.table = "items",
                                   .key = Key("p", "e"),
                                   .update = Update().Set("big", V::S(std::string(410000, 'b'))),
                                   .condition = never});
  ASSERT_FALSE(too_large.ok());
  EXPECT_EQ(too_large.error().code, Code::kTooLarge);
  auto index_type = store_->Update({.table = "items",
                                    .key = Key("p", "e"),
                                    .update = Update().Set("owner", V::N(1)),
                                    .condition = never});
  ASSERT_FALSE(index_type.ok());
  EXPECT_EQ(index_type.error().code, Code::kInvalidArgument);
  EXPECT_EQ(*Get(Key("p", "e")), With(Key("p", "e"), "name", V::S("x")));
}

TEST_F(SqliteStoreTest, TransactErrorsTakeDynamoDbLocalsPrecedence) {
  ASSERT_OK(Put(With(Key("x", "s"), "str", V::S("abc"))));
  const TransactAction failing_check{.kind = TransactAction::Kind::kConditionCheck,
                                     .table = "items",
                                     .item = Key("x", "absent"),
                                     .condition = Condition::AttributeExists("pk")};
  const TransactAction bad_update{.kind = TransactAction::Kind::kUpdate,
                                  .table = "items",
                                  .item = Key("x", "s"),
                                  .update = Update().Add("str", V::N(1))};
  // A later action's own error ends the transaction even after an earlier false condition.
  EXPECT_EQ(store_->Transact({failing_check, bad_update}).error().code, Code::kInvalidArgument);
  EXPECT_EQ(store_->Transact({bad_update, failing_check}).error().code, Code::kInvalidArgument);
  // An action whose own condition is false is not evaluated further.
  TransactAction guarded = bad_update;
  guarded.condition = Condition::AttributeNotExists("pk");
  Status status = store_->Transact({guarded});
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, Code::kConditionFailed);
  EXPECT_EQ(status.error().failed_action, std::optional<std::size_t>(0));
  TransactAction too_large{.kind = TransactAction::Kind::kUpdate,
                           .table = "items",
                           .item = Key("x", "big"),
                           .update = Update().Set("big", V::S(std::string(410000, 'b')))};
  EXPECT_EQ(store_->Transact({failing_check, too_large}).error().code, Code::kTooLarge);
  EXPECT_EQ(*Get(Key("x", "s")), With(Key("x", "s"), "str", V::S("abc")));
}

TEST_F(SqliteStoreTest, FailedUpdatesWriteNothing) {
  ASSERT_OK(Put(With(Key("p", "f"), "name", V::S("x"))));
  auto wrong_type = store_->Update(
      {.table = "items", .key = Key("p", "f"), .update = Update().Add("name", V::N(1))});
  ASSERT_FALSE(wrong_type.ok());
  EXPECT_EQ(wrong_type.error().code, Code::kInvalidArgument);
  auto bad_path = store_->Update({.table = "items",
                                  .key = Key("p", "f"),
                                  .update = Update().Set(Path("missing").Field("x"), V::N(1))});
  ASSERT_FALSE(bad_path.ok());
  EXPECT_EQ(bad_path.error().code, Code::kInvalidArgument);
  auto key_change = store_->Update(
      {.table = "items", .key = Key("p", "f"), .update = Update().Set("sk", V::S("other"))});
  ASSERT_FALSE(key_change.ok());
  EXPECT_EQ(key_change.error().code, Code::kInvalidArgument);
  auto wrong_index_type = store_->Update(
      {.table = "items", .key = Key("p", "f"), .update = Update().Set("rank", V::S("high"))});
  ASSERT_FALSE(wrong_index_type.ok());
  EXPECT_EQ(wrong_index_type.error().code, Code::kInvalidArgument);
  EXPECT_EQ(*Get(Key("p", "f")), With(Key("p", "f"), "name", V::S("x")));
}

TEST_F(SqliteStoreTest, UpdateOverTheSizeLimitIsTooLarge) {
  ASSERT_OK(Put(With(Key("p", "big"), "a", V::S(std::string(300 * 1024, 'a')))));
  auto result = store_->Update({.table = "items",
                                .key = Key("p", "big"),
                                .update = Update().Set("b", V::S(std::string(200 * 1024, 'b')))});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, Code::kTooLarge);
}

TEST_F(SqliteStoreTest, UnknownTablesAndBadKeys) {
  auto missing = store_->Get({.table = "nope", .key = {{"pk", V::S("p")}}});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, Code::kNotFound);
  auto empty = store_->Get({.table = "", .key = {{"pk", V::S("p")}}});
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.error().code, Code::kInvalidArgument);
  auto bad_key = store_->Get({.table = "items", .key = {{"pk", V::S("p")}}});
  ASSERT_FALSE(bad_key.ok());
  EXPECT_EQ(bad_key.error().code, Code::kInvalidArgument);
  EXPECT_EQ(store_->DeleteTable("nope").error().code, Code::kNotFound);
}

TEST_F(SqliteStoreTest, QueryOrdersPagesAndFilters) {
  for (int i = 0; i < 25; ++i) {
    Item item = Key("q", (i < 10 ? "k0" : "k") + std::to_string(i));
    item["even"] = V::Bool(i % 2 == 0);
    ASSERT_OK(Put(item));
  }
  ASSERT_OK(Put(Key("other", "k00")));
  QueryRequest request{
      .table = "items",
      .key_condition =
          KeyCondition::Partition("pk", V::S("q")).SortBetween("sk", V::S("k03"), V::S("k20")),
      .filter = Condition::Equal(Path("even"), V::Bool(true)),
      .forward = false,
      .limit = 3};
  std::vector<Item> all = QueryAll(request);
  std::vector<std::string> keys;
  for (const Item& item : all) keys.push_back(item.at("sk").AsS());
  EXPECT_EQ(keys, (std::vector<std::string>{"k20", "k18", "k16", "k14", "k12", "k10", "k08", "k06",
                                            "k04"}));
  // A page that ends exactly at the last match has no cursor.
  request.limit = 9;
  ASSERT_OK_AND_ASSIGN(QueryPage page, store_->Query(request));
  EXPECT_EQ(page.items.size(), 9u);
  EXPECT_TRUE(page.next_cursor.empty());
  request.limit = 8;
  ASSERT_OK_AND_ASSIGN(page, store_->Query(request));
  EXPECT_FALSE(page.next_cursor.empty());
}

TEST_F(SqliteStoreTest, QueryBeginsWithAndNumericOrder) {
  for (std::string number : {"-10", "-2.5", "-2", "0", "0.001", "1", "1.5", "10", "1e3"}) {
    ASSERT_OK(Put({{"pk", V::S("n")},
                   {"sk", V::S("x" + number)},
                   {"owner", V::S("o")},
                   {"rank", V::N(number)}}));
  }
  ASSERT_OK(Put({{"pk", V::S("n")}, {"sk", V::S("y")}}));
  std::vector<Item> by_rank =
      QueryAll({.table = "items",
                .index = "ByOwner",
                .key_condition = KeyCondition::Partition("owner", V::S("o")),
                .limit = 2});
  std::vector<std::string> ranks;
  for (const Item& item : by_rank) ranks.push_back(item.at("rank").AsN());
  EXPECT_EQ(ranks, (std::vector<std::string>{"-10", "-2.5", "-2", "0", "0.001", "1", "1.5", "10",
                                             "1000"}));
  std::vector<Item> prefixed = QueryAll(
      {.table = "items",
       .key_condition = KeyCondition::Partition("pk", V::S("n")).SortBeginsWith("sk", V::S("x1"))});
  EXPECT_EQ(prefixed.size(), 4u);  // x1, x1.5, x10, x1e3
}

TEST_F(SqliteStoreTest, KeysOnlyIndexReturnsKeysAndFiltersOnThem) {
  ASSERT_OK(Put(With(With(Key("p", "t"), "tag", V::S("red")), "body", V::S("long text"))));
  std::vector<Item> items =
      QueryAll({.table = "items",
                .index = "ByTag",
                .key_condition = KeyCondition::Partition("tag", V::S("red"))});
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0], With(Key("p", "t"), "tag", V::S("red")));
  // A filter may name only what the index holds.
  auto unprojected = store_->Query({.table = "items",
                                    .index = "ByTag",
                                    .key_condition = KeyCondition::Partition("tag", V::S("red")),
                                    .filter = Condition::AttributeExists("body")});
  ASSERT_FALSE(unprojected.ok());
  EXPECT_EQ(unprojected.error().code, Code::kInvalidArgument);
  items = QueryAll({.table = "items",
                    .index = "ByTag",
                    .key_condition = KeyCondition::Partition("tag", V::S("red")),
                    .filter = Condition::BeginsWith("sk", V::S("t"))});
  EXPECT_EQ(items.size(), 1u);
}

TEST_F(SqliteStoreTest, QueryRefusals) {
  auto on_key = store_->Query({.table = "items",
                               .key_condition = KeyCondition::Partition("pk", V::S("q")),
                               .filter = Condition::BeginsWith("sk", V::S("k"))});
  ASSERT_FALSE(on_key.ok());
  EXPECT_EQ(on_key.error().code, Code::kInvalidArgument);
  auto between = store_->Query(
      {.table = "items",
       .index = "ByOwner",
       .key_condition =
           KeyCondition::Partition("owner", V::S("o")).SortBetween("rank", V::N(9), V::N(1))});
  ASSERT_FALSE(between.ok());
  EXPECT_EQ(between.error().code, Code::kInvalidArgument);
  auto forged = store_->Query({.table = "items",
                               .key_condition = KeyCondition::Partition("pk", V::S("q")),
                               .cursor = "abc.def"});
  ASSERT_FALSE(forged.ok());
  EXPECT_EQ(forged.error().code, Code::kInvalidArgument);
}

TEST_F(SqliteStoreTest, CursorIsBoundToItsPartition) {
  for (int i = 0; i < 3; ++i) ASSERT_OK(Put(Key("a", std::to_string(i))));
  ASSERT_OK_AND_ASSIGN(QueryPage page,
                       store_->Query({.table = "items",
                                      .key_condition = KeyCondition::Partition("pk", V::S("a")),
                                      .limit = 1}));
  ASSERT_FALSE(page.next_cursor.empty());
  auto other = store_->Query({.table = "items",
                              .key_condition = KeyCondition::Partition("pk", V::S("b")),
                              .cursor = page.next_cursor});
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.error().code, Code::kInvalidArgument);
  auto outside = store_->Query(
      {.table = "items",
       .key_condition = KeyCondition::Partition("pk", V::S("a")).SortGreater("sk", V::S("1")),
       .cursor = page.next_cursor});
  ASSERT_FALSE(outside.ok());
  EXPECT_EQ(outside.error().code, Code::kInvalidArgument);
}

TEST_F(SqliteStoreTest, BatchGetAndBatchWrite) {
  std::vector<store::BatchWrite> writes;
  for (int i = 0; i < 250; ++i) {
    writes.push_back({.table = "items", .item = Key("b", std::to_string(i))});
  }
  writes.push_back({.table = "counters", .item = {{"id", V::N(1)}}});
  ASSERT_OK(store_->BatchWrite(writes));
  std::vector<Item> keys;
  for (int i = 0; i < 300; ++i) keys.push_back(Key("b", std::to_string(i)));
  ASSERT_OK_AND_ASSIGN(std::vector<Item> got, store_->BatchGet("items", keys));
  EXPECT_EQ(got.size(), 250u);
  keys.push_back(Key("b", "0"));
  auto duplicate = store_->BatchGet("items", keys);
  ASSERT_FALSE(duplicate.ok());
  EXPECT_EQ(duplicate.error().code, Code::kInvalidArgument);

  Status twice = store_->BatchWrite(
      {{.table = "items", .item = Key("b", "x")},
       {.table = "items", .kind = store::BatchWrite::Kind::kDelete, .item = Key("b", "x")}});
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.error().code, Code::kInvalidArgument);
  ASSERT_OK(store_->BatchWrite(
      {{.table = "items", .kind = store::BatchWrite::Kind::kDelete, .item = Key("b", "0")}}));
  EXPECT_FALSE(Get(Key("b", "0")).has_value());
  ASSERT_OK(store_->BatchWrite({}));
}

TEST_F(SqliteStoreTest, TransactionsAreAllOrNothing) {
  ASSERT_OK(Put(With(Key("t", "a"), "n", V::N(1))));
  std::vector<TransactAction> actions = {
      {.kind = TransactAction::Kind::kPut, .table = "items", .item = Key("t", "new")},
      {.kind = TransactAction::Kind::kUpdate,
       .table = "items",
       .item = Key("t", "a"),
       .update = Update().Increment("n", V::N(1))},
      {.kind = TransactAction::Kind::kConditionCheck,
       .table = "counters",
       .item = {{"id", V::N(7)}},
       .condition = Condition::AttributeExists("id")},
  };
  Status failed = store_->Transact(actions);
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().code, Code::kConditionFailed);
  EXPECT_EQ(failed.error().failed_action, std::optional<std::size_t>(2));
  EXPECT_FALSE(Get(Key("t", "new")).has_value());
  EXPECT_EQ(Get(Key("t", "a"))->at("n"), V::N(1));

  actions[2] = {
      .kind = TransactAction::Kind::kDelete, .table = "counters", .item = {{"id", V::N(7)}}};
  ASSERT_OK(store_->Transact(actions));
  EXPECT_TRUE(Get(Key("t", "new")).has_value());
  EXPECT_EQ(Get(Key("t", "a"))->at("n"), V::N(2));

  actions.push_back(
      {.kind = TransactAction::Kind::kDelete, .table = "items", .item = Key("t", "a")});
  Status same_item = store_->Transact(actions);
  ASSERT_FALSE(same_item.ok());
  EXPECT_EQ(same_item.error().code, Code::kInvalidArgument);
  std::vector<TransactAction> too_many(kMaxTransactActions + 1);
  EXPECT_EQ(store_->Transact(too_many).error().code, Code::kInvalidArgument);
}

TEST_F(SqliteStoreTest, ReopenKeepsItemsSpecsAndCursors) {
  ASSERT_OK(Put(With(Key("r", "1"), "owner", V::S("o"))));
  ASSERT_OK(Put(With(Key("r", "2"), "owner", V::S("o"))));
  ASSERT_OK_AND_ASSIGN(QueryPage page,
                       store_->Query({.table = "items",
                                      .key_condition = KeyCondition::Partition("pk", V::S("r")),
                                      .limit = 1}));
  ASSERT_NO_FATAL_FAILURE(Reopen());
  EXPECT_TRUE(Get(Key("r", "1")).has_value());
  ASSERT_OK_AND_ASSIGN(QueryPage next,
                       store_->Query({.table = "items",
                                      .key_condition = KeyCondition::Partition("pk", V::S("r")),
                                      .limit = 1,
                                      .cursor = page.next_cursor}));
  ASSERT_EQ(next.items.size(), 1u);
  EXPECT_EQ(next.items[0].at("sk"), V::S("2"));
  // The same specs again: unchanged.
  ASSERT_OK_AND_ASSIGN(EnsureReport report,
                       store_->EnsureTables({ItemsSpec(), CountersSpec()}, {}));
  for (const TableOutcome& outcome : report.tables) {
    EXPECT_EQ(outcome.action, TableOutcome::Action::kUnchanged) << outcome.table;
  }
}

TEST_F(SqliteStoreTest, GeneratedCursorSecretIsKeptInTheFile) {
  TempDir other;
  SqliteStoreOptions options{.path = other.File("gen.db")};
  ASSERT_OK_AND_ASSIGN(auto first, SqliteStore::Open(options));
  ASSERT_OK(first->EnsureTables({ItemsSpec()}, {}));
  for (int i = 0; i < 2; ++i)
    ASSERT_OK(first->Put({.table = "items", .item = Key("g", std::to_string(i))}));
  QueryRequest request{
      .table = "items", .key_condition = KeyCondition::Partition("pk", V::S("g")), .limit = 1};
  ASSERT_OK_AND_ASSIGN(QueryPage page, first->Query(request));
  first.reset();
  ASSERT_OK_AND_ASSIGN(auto second, SqliteStore::Open(options));
  request.cursor = page.next_cursor;
  ASSERT_OK_AND_ASSIGN(QueryPage next, second->Query(request));
  EXPECT_EQ(next.items.size(), 1u);
}

TEST_F(SqliteStoreTest, TwoStoresOnOneFileSeeEachOthersWritesAndTables) {
  ASSERT_OK_AND_ASSIGN(auto sibling, SqliteStore::Open({.path = dir_.File("store.db"),
                                                        .cursor_secret = std::string(kSecret)}));
  ASSERT_OK(sibling->Put({.table = "items", .item = Key("s", "1")}));
  EXPECT_TRUE(Get(Key("s", "1")).has_value());
  // The sibling drops and re-creates a table this store has cached: the first call finds
  // its cached table gone (kNotFound), the next one finds the new table.
  ASSERT_OK(sibling->DeleteTable("items"));
  ASSERT_OK(sibling->EnsureTables({ItemsSpec()}, {}));
  ASSERT_OK(sibling->Put({.table = "items", .item = Key("s", "2")}));
  auto stale = store_->Get({.table = "items", .key = Key("s", "2")});
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.error().code, Code::kNotFound);
  EXPECT_TRUE(Get(Key("s", "2")).has_value());
  EXPECT_FALSE(Get(Key("s", "1")).has_value());
  TableSpec other{.name = "others", .partition_key = {"id", KeyType::kString}};
  ASSERT_OK(sibling->EnsureTables({other}, {}));
  ASSERT_OK(store_->Put({.table = "others", .item = {{"id", V::S("x")}}}));
}

TEST_F(SqliteStoreTest, OutsideWriteMarkMovesOnlyForOtherStoresCommits) {
  ASSERT_OK_AND_ASSIGN(auto sibling, SqliteStore::Open({.path = dir_.File("store.db"),
                                                        .cursor_secret = std::string(kSecret)}));
  std::optional<std::uint64_t> start = store_->OutsideWriteMark();
  ASSERT_TRUE(start.has_value());
  EXPECT_EQ(store_->OutsideWriteMark(), start) << "nothing committed in between";
  // Its own writes, reads and failed writes leave it alone.
  ASSERT_OK(store_->Put({.table = "items", .item = Key("own", "1")}));
  ASSERT_OK(store_->Update({.table = "items",
                            .key = Key("own", "1"),
                            .update = Update().Set("n", V::N(1))}));
  EXPECT_TRUE(Get(Key("own", "1")).has_value());
  EXPECT_FALSE(store_->Put({.table = "items",
                            .item = Key("own", "1"),
                            .condition = Condition::AttributeNotExists("pk")})
                   .ok());
  EXPECT_EQ(store_->OutsideWriteMark(), start);
  // A commit through another connection moves it, whether seen by a call here or by this
  // store's next write.
  ASSERT_OK(sibling->Put({.table = "items", .item = Key("sibling", "1")}));
  std::optional<std::uint64_t> after_sibling = store_->OutsideWriteMark();
  EXPECT_NE(after_sibling, start);
  EXPECT_EQ(store_->OutsideWriteMark(), after_sibling);
  ASSERT_OK(sibling->Put({.table = "items", .item = Key("sibling", "2")}));
  ASSERT_OK(store_->Put({.table = "items", .item = Key("own", "2")}));
  EXPECT_NE(store_->OutsideWriteMark(), after_sibling);
  // The sibling's own mark saw this store's writes.
  std::optional<std::uint64_t> sibling_mark = sibling->OutsideWriteMark();
  ASSERT_OK(store_->Delete({.table = "items", .key = Key("own", "2")}));
  EXPECT_NE(sibling->OutsideWriteMark(), sibling_mark);
}

TEST_F(SqliteStoreTest, EnsureTablesReportsDriftTtlAndDryRun) {
  TableSpec changed = ItemsSpec();
  changed.sort_key->type = KeyType::kNumber;
  changed.global_secondary_indexes.pop_back();
  ASSERT_OK_AND_ASSIGN(EnsureReport drift, store_->EnsureTables({changed}, {}));
  ASSERT_EQ(drift.tables.size(), 1u);
  EXPECT_EQ(drift.tables[0].action, TableOutcome::Action::kDrift);
  EXPECT_EQ(drift.tables[0].details,
            (std::vector<std::string>{"attribute sk has type S, spec wants N",
                                      "GSI ByTag exists but is not in the spec"}));

  TableSpec fresh{.name = "fresh", .partition_key = {"id", KeyType::kString}};
  ASSERT_OK_AND_ASSIGN(EnsureReport dry, store_->EnsureTables({fresh}, {.dry_run = true}));
  EXPECT_EQ(dry.tables[0].action, TableOutcome::Action::kWouldCreate);
  EXPECT_EQ(store_->Get({.table = "fresh", .key = {{"id", V::S("x")}}}).error().code,
            Code::kNotFound);
  ASSERT_OK_AND_ASSIGN(EnsureReport created, store_->EnsureTables({fresh}, {}));
  EXPECT_EQ(created.tables[0].action, TableOutcome::Action::kCreated);
  EXPECT_EQ(created.tables[0].details, (std::vector<std::string>{"HASH id with 0 GSI(s)"}));
  fresh.ttl_attribute = "ttl";
  ASSERT_OK_AND_ASSIGN(EnsureReport ttl, store_->EnsureTables({fresh}, {}));
  EXPECT_EQ(ttl.tables[0].action, TableOutcome::Action::kTtlEnabled);
  ASSERT_OK_AND_ASSIGN(ttl, store_->EnsureTables({fresh}, {}));
  EXPECT_EQ(ttl.tables[0].action, TableOutcome::Action::kUnchanged);

  ASSERT_OK(store_->DeleteTable("fresh"));
  EXPECT_EQ(store_->Get({.table = "fresh", .key = {{"id", V::S("x")}}}).error().code,
            Code::kNotFound);
  ASSERT_OK_AND_ASSIGN(created, store_->EnsureTables({fresh}, {}));
  EXPECT_EQ(created.tables[0].action, TableOutcome::Action::kCreated);
}

TEST_F(SqliteStoreTest, FullDiskFailsTheWholeWriteAndLeavesNothingBehind) {
  ASSERT_OK(store_->Checkpoint());
  // Cap the file just above its current size: a big batch cannot fit.
  ASSERT_OK_AND_ASSIGN(auto pages, [&]() -> Result<std::int64_t> {
    return static_cast<std::int64_t>(std::filesystem::file_size(dir_.File("store.db")) / 4096);
  }());
  ASSERT_OK(store_->SetMaxPageCountForTesting(pages + 2));
  std::vector<store::BatchWrite> writes;
  for (int i = 0; i < 50; ++i) {
    writes.push_back({.table = "items",
                      .item = With(Key("full", std::to_string(i)), "blob",
                                   V::B(std::string(4000, static_cast<char>(i))))});
  }
  Status full = store_->BatchWrite(writes);
  ASSERT_FALSE(full.ok());
  EXPECT_EQ(full.error().code, Code::kInternal);
  EXPECT_NE(full.error().message.find("full"), std::string::npos) << full.error().message;
  EXPECT_FALSE(Get(Key("full", "0")).has_value());
  ASSERT_OK(store_->SetMaxPageCountForTesting(1 << 30));
  ASSERT_OK(store_->BatchWrite(writes));
  ASSERT_OK(store_->IntegrityCheck());
}

TEST_F(SqliteStoreTest, WriteLockHeldElsewhereIsUnavailable) {
  Reopen({.busy_timeout = std::chrono::milliseconds(20)});
  sqlite3* other = nullptr;
  ASSERT_EQ(sqlite3_open(dir_.File("store.db").c_str(), &other), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(other, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);
  Status busy = Put(Key("l", "1"));
  ASSERT_FALSE(busy.ok());
  EXPECT_EQ(busy.error().code, Code::kUnavailable);
  // Reads are not blocked by the writer.
  EXPECT_FALSE(Get(Key("l", "1")).has_value());
  ASSERT_EQ(sqlite3_exec(other, "COMMIT", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(other);
  ASSERT_OK(Put(Key("l", "1")));
}

TEST_F(SqliteStoreTest, IntegrityCheckFindsABrokenIndex) {
  ASSERT_OK(Put(With(With(Key("i", "1"), "owner", V::S("o")), "rank", V::N(1))));
  ASSERT_OK(store_->IntegrityCheck());
  sqlite3* other = nullptr;
  ASSERT_EQ(sqlite3_open(dir_.File("store.db").c_str(), &other), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(other, "DELETE FROM t1_i0", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(other);
  Status check = store_->IntegrityCheck();
  ASSERT_FALSE(check.ok());
  EXPECT_EQ(check.error().code, Code::kCorrupt);
  EXPECT_NE(check.error().message.find("ByOwner"), std::string::npos) << check.error().message;
}

TEST_F(SqliteStoreTest, IntegrityCheckFindsADamagedItem) {
  ASSERT_OK(Put(Key("d", "1")));
  sqlite3* other = nullptr;
  ASSERT_EQ(sqlite3_open(dir_.File("store.db").c_str(), &other), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(other, "UPDATE t1 SET item = X'0102'", nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(other);
  Status check = store_->IntegrityCheck();
  ASSERT_FALSE(check.ok());
  EXPECT_EQ(check.error().code, Code::kCorrupt);
  EXPECT_NE(check.error().message.find("items: row"), std::string::npos) << check.error().message;
  // Reading the damaged item says so too.
  auto got = store_->Get({.table = "items", .key = Key("d", "1")});
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.error().code, Code::kCorrupt);
}

TEST_F(SqliteStoreTest, CheckpointEmptiesTheWal) {
  for (int i = 0; i < 20; ++i) ASSERT_OK(Put(Key("c", std::to_string(i))));
  EXPECT_GT(std::filesystem::file_size(dir_.File("store.db-wal")), 0u);
  ASSERT_OK(store_->Checkpoint());
  EXPECT_EQ(std::filesystem::file_size(dir_.File("store.db-wal")), 0u);
  EXPECT_TRUE(Get(Key("c", "19")).has_value());
}

TEST_F(SqliteStoreTest, ConcurrentWritersAndReaders) {
  constexpr int kWriters = 4;
  constexpr int kIncrements = 50;
  ASSERT_OK(store_->Put({.table = "counters", .item = {{"id", V::N(1)}, {"n", V::N(0)}}}));
  std::atomic<bool> done{false};
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int w = 0; w < kWriters; ++w) {
    threads.emplace_back([&, w] {
      for (int i = 0; i < kIncrements; ++i) {
        if (!store_
                 ->Update({.table = "counters",
                           .key = {{"id", V::N(1)}},
                           .update = Update().Increment("n", V::N(1))})
                 .ok() ||
            !Put(Key("w" + std::to_string(w), std::to_string(i))).ok()) {
          ++failures;
        }
      }
    });
  }
  for (int r = 0; r < 3; ++r) {
    threads.emplace_back([&] {
      while (!done) {
        auto got = store_->Get({.table = "counters", .key = {{"id", V::N(1)}}});
        auto page = store_->Query(
            {.table = "items", .key_condition = KeyCondition::Partition("pk", V::S("w0"))});
        if (!got.ok() || !page.ok()) ++failures;
      }
    });
  }
  for (int w = 0; w < kWriters; ++w) threads[w].join();
  done = true;
  for (std::size_t t = kWriters; t < threads.size(); ++t) threads[t].join();
  EXPECT_EQ(failures.load(), 0);
  ASSERT_OK_AND_ASSIGN(auto counter, store_->Get({.table = "counters", .key = {{"id", V::N(1)}}}));
  EXPECT_EQ(counter->at("n"), V::N(kWriters * kIncrements));
}

TEST(SqliteStoreOpen, RefusesBadOptionsAndForeignFiles) {
  EXPECT_EQ(SqliteStore::Open({.path = ":memory:"}).error().code, Code::kInvalidArgument);
  EXPECT_EQ(SqliteStore::Open({.path = ""}).error().code, Code::kInvalidArgument);
  TempDir dir;
  EXPECT_EQ(SqliteStore::Open({.path = dir.File("a.db"), .reader_connections = 0}).error().code,
            Code::kInvalidArgument);
  EXPECT_EQ(SqliteStore::Open({.path = dir.File("a.db"), .cursor_secret = "short"}).error().code,
            Code::kInvalidArgument);
  {
    std::FILE* junk = std::fopen(dir.File("junk.db").c_str(), "w");
    std::fputs("this is not a database, not even a little bit, no sir", junk);
    std::fclose(junk);
  }
  auto junk = SqliteStore::Open({.path = dir.File("junk.db")});
  ASSERT_FALSE(junk.ok());
  EXPECT_EQ(junk.error().code, Code::kCorrupt);
}

}  // namespace
}  // namespace homeboard::store::sqlite
