// Integration tests of Query and Scan and their multi-page helpers (QueryAll, QueryMany,
// ParallelScan) against a real DynamoDB (Local by default): every sort-key condition, both
// directions, Limit, filters, Select COUNT, a GSI, pagination past the 1 MB page limit, and
// the awkward page shapes (empty pages that carry a key, a last page whose key leads to
// nothing) that a paginator must follow without losing or repeating items.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "ddb/client.h"
#include "ddb/paginator.h"
#include "ddb_test_util.h"
#include "testing/status_matchers.h"

namespace homeboard::ddb {
namespace {

using V = AttributeValue;
using homeboard::testing::DdbIntegrationTest;

// "item#07": zero-padded so string order is numeric order.
std::string SortKey(std::string_view prefix, int i) { return fmt::format("{}#{:02}", prefix, i); }

std::vector<std::string> SortKeys(const std::vector<Item>& items) {
  std::vector<std::string> keys;
  for (const Item& item : items) keys.push_back(item.at("sk").AsS());
  return keys;
}

std::vector<std::string> Range(std::string_view prefix, int from, int to_inclusive) {
  std::vector<std::string> keys;
  for (int i = from; i <= to_inclusive; ++i) keys.push_back(SortKey(prefix, i));
  return keys;
}

class DdbQueryScanTest : public DdbIntegrationTest {
 protected:
  // Writes `items` with BatchWriteAll and fails the test unless every one was written.
  void WriteAll(const std::string& table, std::vector<Item> items) {
    std::vector<WriteRequest> writes;
    for (Item& item : items) writes.push_back(WriteRequest::Put(std::move(item)));
    ASSERT_OK_AND_ASSIGN(BatchWriteAllResult result,
                         client().BatchWriteAll({{table, std::move(writes)}},
                                                {{table, KeySchema{"pk", "sk"}}}));
    ASSERT_OK(result.AllWritten());
  }

  static QueryRequest QueryPartition(const std::string& table, std::string pk) {
    QueryRequest request;
    request.table_name = table;
    request.key_condition = KeyCondition::Partition("pk", V::S(std::move(pk)));
    return request;
  }

  // Partition "p": sk item#00..item#19 (n = i, even = i % 2 == 0) and note#00..note#04.
  void WriteStandardPartition(const std::string& table) {
    std::vector<Item> items;
    for (int i = 0; i < 20; ++i) {
      items.push_back({{"pk", V::S("p")},
                       {"sk", V::S(SortKey("item", i))},
                       {"n", V::N(i)},
                       {"even", V::Bool(i % 2 == 0)},
                       {"status", V::S(i < 10 ? "old" : "new")}});
    }
    for (int i = 0; i < 5; ++i) {
      items.push_back({{"pk", V::S("p")}, {"sk", V::S(SortKey("note", i))}, {"n", V::N(100 + i)}});
    }
    // Another partition that no query of "p" may return.
    items.push_back({{"pk", V::S("q")}, {"sk", V::S(SortKey("item", 3))}});
    WriteAll(table, std::move(items));
  }
};

TEST_F(DdbQueryScanTest, EverySortKeyCondition) {
  ASSERT_OK_AND_ASSIGN(std::string table, CreateHashRangeTable(ScalarType::kS));
  ASSERT_NO_FATAL_FAILURE(WriteStandardPartition(table));

  struct Case {
    std::string label;
    KeyCondition condition;
    std::vector<std::string> expected;
  };
  auto p = [] { return KeyCondition::Partition("pk", V::S("p")); };
  std::vector<std::string> all = Range("item", 0, 19);
  for (const std::string& note : Range("note", 0, 4)) all.push_back(note);
  std::vector<Case> cases = {
      {"partition only", p(), all},
      {"=", p().SortEqual("sk", V::S("item#05")), {"item#05"}},
      {"= missing", p().SortEqual("sk", V::S("item#99")), {}},
      {"<", p().SortLess("sk", V::S("item#03")), Range("item", 0, 2)},
      {"<=", p().SortLessOrEqual("sk", V::S("item#03")), Range("item", 0, 3)},
      {">", p().SortGreater("sk", V::S("item#18")), [] {
         std::vector<std::string> keys = {"item#19"};
         for (const std::string& note : Range("note", 0, 4)) keys.push_back(note);
         return keys;
       }()},
      {">=", p().SortGreaterOrEqual("sk", V::S("note#03")), Range("note", 3, 4)},
      {"between", p().SortBetween("sk", V::S("item#07"), V::S("item#11")), Range("item", 7, 11)},
      {"between equal bounds", p().SortBetween("sk", V::S("item#07"), V::S("item#07")),
       {"item#07"}},
      {"begins_with", p().SortBeginsWith("sk", V::S("item#1")), Range("item", 10, 19)},
      {"begins_with note", p().SortBeginsWith("sk", V::S("note")), Range("note", 0, 4)},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.label);
    QueryRequest request = QueryPartition(table, "p");
    request.key_condition = c.condition;
    ASSERT_OK_AND_ASSIGN(QueryResponse page, client().Query(request));
    EXPECT_EQ(SortKeys(page.items), c.expected);
    EXPECT_EQ(page.count, static_cast<int>(c.expected.size()));
    EXPECT_FALSE(page.last_evaluated_key.has_value());

    // Backward: the same items, reversed.
    request.scan_index_forward = false;
    ASSERT_OK_AND_ASSIGN(QueryResponse backward, client().Query(request));
    std::vector<std::string> reversed = c.expected;
    std::reverse(reversed.begin(), reversed.end());
    EXPECT_EQ(SortKeys(backward.items), reversed);
  }
}

TEST_F(DdbQueryScanTest, NumericSortKeysOrderByValue) {
  ASSERT_OK_AND_ASSIGN(std::string table, CreateHashRangeTable(ScalarType::kN));
  const std::vector<std::string> in_order = {"-1E+10", "-2.5", "-1E-130", "0", "1E-130",
                                             "0.5",    "2",    "10",      "100",
                                             "12345678901234567890123456789012345678"};
  std::vector<Item> items;
  for (const std::string& n : in_order) items.push_back({{"pk", V::S("n")}, {"sk", V::N(n)}});
  std::vector<WriteRequest> writes;
  for (Item& item : items) writes.push_back(WriteRequest::Put(item));
  ASSERT_OK_AND_ASSIGN(BatchWriteAllResult written, client().BatchWriteAll({{table, writes}}));
  ASSERT_OK(written.AllWritten());

  QueryRequest request = QueryPartition(table, "n");
  ASSERT_OK_AND_ASSIGN(std::vector<Item> all, client().QueryAll(request));
  EXPECT_SAME_ITEMS(all, items);

  request.key_condition.SortBetween("sk", V::N("-2.5"), V::N("1E-130"));
  ASSERT_OK_AND_ASSIGN(std::vector<Item> between, client().QueryAll(request));
  EXPECT_SAME_ITEMS(between, (std::vector<Item>(items.begin() + 1, items.begin() + 5)));
}

TEST_F(DdbQueryScanTest, LimitFiltersCountAndProjection) {
  ASSERT_OK_AND_ASSIGN(std::string table, CreateHashRangeTable(ScalarType::kS));
  ASSERT_NO_FATAL_FAILURE(WriteStandardPartition(table));

  // Limit: 3 items and a key to continue from; the next page starts right after.
  QueryRequest request = QueryPartition(table, "p");
  request.limit = 3;
  ASSERT_OK_AND_ASSIGN(QueryResponse first, client().Query(request));
  EXPECT_EQ(SortKeys(first.items), Range("item", 0, 2));
  ASSERT_TRUE(first.last_evaluated_key.has_value());
  EXPECT_EQ(*first.last_evaluated_key, (Item{{"pk", V::S("p")}, {"sk", V::S("item#02")}}));
  request.exclusive_start_key = first.last_evaluated_key;
  ASSERT_OK_AND_ASSIGN(QueryResponse second, client().Query(request));
  EXPECT_EQ(SortKeys(second.items), Range("item", 3, 5));

  // Filter (with reserved-word names): Count is after, ScannedCount before the filter.
  QueryRequest filtered = QueryPartition(table, "p");
  filtered.key_condition.SortBeginsWith("sk", V::S("item#"));
  filtered.filter = Condition::Equal(Path("status"), V::S("new")) &&
                    Condition::Equal(Path("even"), V::Bool(true));
  ASSERT_OK_AND_ASSIGN(QueryResponse page, client().Query(filtered));
  EXPECT_EQ(SortKeys(page.items),
            (std::vector<std::string>{"item#10", "item#12", "item#14", "item#16", "item#18"}));
  EXPECT_EQ(page.count, 5);
  EXPECT_EQ(page.scanned_count, 20);

  // Select COUNT: the number only.
  filtered.select = Select::kCount;
  ASSERT_OK_AND_ASSIGN(QueryResponse counted, client().Query(filtered));
  EXPECT_TRUE(counted.items.empty());
  EXPECT_EQ(counted.count, 5);
  EXPECT_EQ(counted.scanned_count, 20);

  // Projection and a consistent read.
  QueryRequest projected = QueryPartition(table, "p");
  projected.key_condition.SortEqual("sk", V::S("item#04"));
  projected.projection = Projection{"n", "status"};
  projected.consistent_read = true;
  ASSERT_OK_AND_ASSIGN(QueryResponse one, client().Query(projected));
  ASSERT_EQ(one.items.size(), 1u);
  EXPECT_SAME_ITEMS(one.items[0], (Item{{"n", V::N(4)}, {"status", V::S("old")}}));

  // A filter matching nothing: an empty, complete answer.
  QueryRequest none = QueryPartition(table, "p");
  none.filter = Condition::Equal(Path("status"), V::S("archived"));
  ASSERT_OK_AND_ASSIGN(QueryResponse empty, client().Query(none));
  EXPECT_TRUE(empty.items.empty());
  EXPECT_EQ(empty.count, 0);
  EXPECT_EQ(empty.scanned_count, 25);
  EXPECT_FALSE(empty.last_evaluated_key.has_value());
}

TEST_F(DdbQueryScanTest, QueryAllFollowsEmptyPagesThatCarryAKey) {
  ASSERT_OK_AND_ASSIGN(std::string table, CreateHashRangeTable(ScalarType::kS));
  ASSERT_NO_FATAL_FAILURE(WriteStandardPartition(table));
  QueryRequest request = QueryPartition(table, "p");
  request.key_condition.SortBeginsWith("sk", V::S("item#"));
  request.filter = Condition::Equal(Path("n"), V::N(17));
  request.limit = 4;

  // Pages of 4 evaluated items: the first ones match nothing yet carry a key.
  ASSERT_OK_AND_ASSIGN(QueryResponse first, client().Query(request));
  EXPECT_TRUE(first.items.empty());
  EXPECT_EQ(first.scanned_count, 4);
  EXPECT_TRUE(first.last_evaluated_key.has_value());

  ASSERT_OK_AND_ASSIGN(std::vector<Item> all, client().QueryAll(request));
  EXPECT_EQ(SortKeys(all), std::vector<std::string>{"item#17"});
}

TEST_F(DdbQueryScanTest, QueryAllWithLimitEqualToTheItemCount) {
  ASSERT_OK_AND_ASSIGN(std::string table, CreateHashRangeTable(ScalarType::kS));
  ASSERT_NO_FATAL_FAILURE(WriteStandardPartition(table));
  QueryRequest request = QueryPartition(table, "p");
  request.key_condition.SortBeginsWith("sk", V::S("note#"));
  request.limit = 5;

  // Exactly 5 notes and Limit 5: the page is full, so the service hands back a key...
  ASSERT_OK_AND_ASSIGN(QueryResponse first, client().Query(request));
  EXPECT_EQ(SortKeys(first.items), Range("note", 0, 4));
  ASSERT_TRUE(first.last_evaluated_key.has_value());
  // ...that leads to an empty last page without one.
  QueryRequest next = request;
  next.exclusive_start_key = first.last_evaluated_key;
  ASSERT_OK_AND_ASSIGN(QueryResponse last, client().Query(next));
  EXPECT_TRUE(last.items.empty());
  EXPECT_FALSE(last.last_evaluated_key.has_value());

  ASSERT_OK_AND_ASSIGN(std::vector<Item> all, client().QueryAll(request));
  EXPECT_EQ(SortKeys(all), Range("note", 0, 4));

  // Pages of 1: every page full, each key followed, nothing repeated.
  request.limit = 1;
  ASSERT_OK_AND_ASSIGN(std::vector<Item> one_by_one, client().QueryAll(request));
  EXPECT_EQ(SortKeys(one_by_one), Range("note", 0, 4));
}

TEST_F(DdbQueryScanTest, PaginatorWalksEmptyPagesAndTheEmptyLastPage) {
  ASSERT_OK_AND_ASSIGN(std::string table, CreateHashRangeTable(ScalarType::kS));
  ASSERT_NO_FATAL_FAILURE(WriteStandardPartition(table));
  // Pages of 5 items over item#00..item#19, keeping status "new" (item#10..19): the first
  // two pages evaluate only "old" items and come back empty, each with a key to go on.
  QueryRequest request = QueryPartition(table, "p");
  request.key_condition.SortBeginsWith("sk", V::S("item#"));
  request.filter = Condition::Equal(Path("status"), V::S("new"));
  request.limit = 5;
  QueryPaginator pages(client(), request);
  std::vector<std::size_t> page_sizes;
  std::vector<std::string> seen;
  for (;;) {
    ASSERT_OK_AND_ASSIGN(std::optional<QueryResponse> page, pages.Next());
    if (!page.has_value()) break;
    page_sizes.push_back(page->items.size());
    for (const std::string& key : SortKeys(page->items)) seen.push_back(key);
  }
  EXPECT_TRUE(pages.done());
  // 20 items in pages of 5 fill four pages; the fourth carries a key leading to an empty fifth.
  EXPECT_EQ(page_sizes, (std::vector<std::size_t>{0, 0, 5, 5, 0}));
  EXPECT_EQ(seen, Range("item", 10, 19));
  // Once done, Next() keeps answering "no more pages" without a request.
  ASSERT_OK_AND_ASSIGN(std::optional<QueryResponse> after, pages.Next());
  EXPECT_FALSE(after.has_value());
  EXPECT_EQ(pages.pages(), 5);

  ScanRequest scan;
  scan.table_name = table;
  scan.limit = 7;
  ScanPaginator scan_pages(client(), scan);
  std::size_t scanned = 0;
  for (;;) {
    ASSERT_OK_AND_ASSIGN(std::optional<QueryResponse> page, scan_pages.Next());
    if (!page.has_value()) break;
    scanned += page->items.size();
  }
  EXPECT_EQ(scanned, 26u);  // 25 in "p" and 1 in "q"
}

TEST_F(DdbQueryScanTest, QueryAllStopsAtMaxItems) {
  ASSERT_OK_AND_ASSIGN(std::string table, CreateHashRangeTable(ScalarType::kS));
  ASSERT_NO_FATAL_FAILURE(WriteStandardPartition(table));
  QueryRequest request = QueryPartition(table, "p");
  request.limit = 4;
  ASSERT_OK_AND_ASSIGN(std::vector<Item> first_ten, client().QueryAll(request, 10));
  EXPECT_EQ(SortKeys(first_ten), Range("item", 0, 9));
  request.scan_index_forward = false;
  ASSERT_OK_AND_ASSIGN(std::vector<Item> last_two, client().QueryAll(request, 2));
  EXPECT_EQ(SortKeys(last_two), (std::vector<std::string>{"note#04", "note#03"}));
}

TEST_F(DdbQueryScanTest, QueryAllPaginatesPastOneMegabyte) {
  ASSERT_OK_AND_ASSIGN(std::string table, CreateHashRangeTable(ScalarType::kS));
  // 48 items of ~30 KB in one partition: ~1.4 MB, more than one 1 MB page.
  constexpr int kItems = 48;
  std::vector<Item> items;
  for (int i = 0; i < kItems; ++i) {
    items.push_back({{"pk", V::S("big")},
                     {"sk", V::S(SortKey("blob", i))},
                     {"payload", V::S(std::string(30 * 1024, static_cast<char>('a' + i % 26)))}});
  }
  ASSERT_NO_FATAL_FAILURE(WriteAll(table, items));

  QueryRequest request = QueryPartition(table, "big");
  ASSERT_OK_AND_ASSIGN(QueryResponse first, client().Query(request));
  EXPECT_LT(first.items.size(), static_cast<std::size_t>(kItems));
  EXPECT_GT(first.items.size(), 0u);
  EXPECT_TRUE(first.last_evaluated_key.has_value()) << "the first page should stop at 1 MB";

  ASSERT_OK_AND_ASSIGN(std::vector<Item> all, client().QueryAll(request));
  ASSERT_EQ(all.size(), items.size());
  EXPECT_EQ(all, items);  // in sort-key order, every byte intact
}

TEST_F(DdbQueryScanTest, QueryAGlobalSecondaryIndex) {
  CreateTableRequest create;
  create.attribute_definitions = {
      {"pk", ScalarType::kS}, {"user", ScalarType::kS}, {"position", ScalarType::kN}};
  create.key_schema = {"pk", ""};
  SecondaryIndex by_user;
  by_user.name = "by_user";
  by_user.key_schema = {"user", "position"};
  create.global_secondary_indexes = {by_user};
  ASSERT_OK_AND_ASSIGN(std::string table, CreateTable(create));

  std::vector<WriteRequest> writes;
  for (int i = 0; i < 12; ++i) {
    Item item = {{"pk", V::S(fmt::format("bookmark{}", i))}, {"title", V::S(fmt::format("t{}", i))}};
    // Every third bookmark has no owner: absent from the (sparse) index.
    if (i % 3 != 0) {
      item["user"] = V::S(i % 2 == 0 ? "ada" : "bob");
      item["position"] = V::N(100 - i);
    }
    writes.push_back(WriteRequest::Put(std::move(item)));
  }
  ASSERT_OK_AND_ASSIGN(BatchWriteAllResult written,
                       client().BatchWriteAll({{table, writes}}, {{table, KeySchema{"pk", ""}}}));
  ASSERT_OK(written.AllWritten());

  QueryRequest request;
  request.table_name = table;
  request.index_name = "by_user";
  request.key_condition = KeyCondition::Partition("user", V::S("ada"));
  ASSERT_OK_AND_ASSIGN(std::vector<Item> ada, client().QueryAll(request));
  std::vector<std::string> titles;
  for (const Item& item : ada) titles.push_back(item.at("title").AsS());
  // ada owns 2, 4, 8, 10 (not 6: a multiple of 3); positions 98, 96, 92, 90 ascending.
  EXPECT_EQ(titles, (std::vector<std::string>{"t10", "t8", "t4", "t2"}));

  request.key_condition.SortLess("position", V::N(95));
  request.scan_index_forward = false;
  request.limit = 1;
  ASSERT_OK_AND_ASSIGN(std::vector<Item> below, client().QueryAll(request));
  titles.clear();
  for (const Item& item : below) titles.push_back(item.at("title").AsS());
  EXPECT_EQ(titles, (std::vector<std::string>{"t8", "t10"}));

  // Capacity per index, when asked for.
  QueryRequest charged;
  charged.table_name = table;
  charged.index_name = "by_user";
  charged.key_condition = KeyCondition::Partition("user", V::S("bob"));
  charged.return_consumed_capacity = ReturnConsumedCapacity::kIndexes;
  ASSERT_OK_AND_ASSIGN(QueryResponse bob, client().Query(charged));
  EXPECT_EQ(bob.count, 4);
  ASSERT_TRUE(bob.consumed_capacity.has_value());
  EXPECT_EQ(bob.consumed_capacity->table_name, table);
  EXPECT_GT(bob.consumed_capacity->capacity_units, 0);
  ASSERT_EQ(bob.consumed_capacity->global_secondary_indexes.count("by_user"), 1u);
  EXPECT_GT(bob.consumed_capacity->global_secondary_indexes.at("by_user"), 0);

  // Scan of the index: only items that have the index key.
  ScanRequest scan;
  scan.table_name = table;
  scan.index_name = "by_user";
  scan.select = Select::kCount;
  ASSERT_OK_AND_ASSIGN(ScanResponse counted, client().Scan(scan));
  EXPECT_EQ(counted.count, 8);
}

TEST_F(DdbQueryScanTest, LocalSecondaryIndexAndEverySelect) {
  CreateTableRequest create;
  create.attribute_definitions = {
      {"pk", ScalarType::kS}, {"sk", ScalarType::kS}, {"position", ScalarType::kN}};
  create.key_schema = {"pk", "sk"};
  SecondaryIndex by_position;
  by_position.name = "by_position";
  by_position.key_schema = {"pk", "position"};
  by_position.projection.type = IndexProjection::Type::kInclude;
  by_position.projection.non_key_attributes = {"title"};
  create.local_secondary_indexes = {by_position};
  ASSERT_OK_AND_ASSIGN(std::string table, CreateTable(create));
  std::vector<Item> items;
  for (int i = 0; i < 6; ++i) {
    items.push_back({{"pk", V::S("u")},
                     {"sk", V::S(SortKey("b", i))},
                     {"position", V::N(60 - 10 * i)},
                     {"title", V::S(fmt::format("title{}", i))},
                     {"body", V::S("not projected")}});
  }
  ASSERT_NO_FATAL_FAILURE(WriteAll(table, items));

  QueryRequest request = QueryPartition(table, "u");
  request.index_name = "by_position";
  request.consistent_read = true;  // allowed on a local index
  request.key_condition.SortGreaterOrEqual("position", V::N(30));

  request.select = Select::kAllProjectedAttributes;
  ASSERT_OK_AND_ASSIGN(std::vector<Item> projected, client().QueryAll(request));
  ASSERT_EQ(projected.size(), 4u);
  // By position ascending: items 3, 2, 1, 0; table keys, index key and "title" only.
  EXPECT_SAME_ITEMS(projected[0], (Item{{"pk", V::S("u")}, {"sk", V::S("b#03")},
                                        {"position", V::N(30)}, {"title", V::S("title3")}}));
  EXPECT_EQ(SortKeys(projected), (std::vector<std::string>{"b#03", "b#02", "b#01", "b#00"}));

  // ALL_ATTRIBUTES on a local index fetches the rest from the table.
  request.select = Select::kAllAttributes;
  ASSERT_OK_AND_ASSIGN(std::vector<Item> whole, client().QueryAll(request));
  ASSERT_EQ(whole.size(), 4u);
  EXPECT_SAME_ITEMS(whole[0], items[3]);

  request.select = Select::kSpecificAttributes;
  request.projection = Projection{"title"};
  ASSERT_OK_AND_ASSIGN(std::vector<Item> specific, client().QueryAll(request));
  ASSERT_EQ(specific.size(), 4u);
  EXPECT_SAME_ITEMS(specific[3], (Item{{"title", V::S("title0")}}));

  request.select = Select::kCount;
  request.projection = Projection();
  ASSERT_OK_AND_ASSIGN(QueryResponse counted, client().Query(request));
  EXPECT_EQ(counted.count, 4);
  EXPECT_TRUE(counted.items.empty());

  // Scan with Select COUNT and a filter.
  ScanRequest scan;
  scan.table_name = table;
  scan.select = Select::kCount;
  scan.filter = Condition::BeginsWith("title", V::S("title")) &&
                Condition::Less(Path("position"), V::N(35));
  ASSERT_OK_AND_ASSIGN(ScanResponse scanned, client().Scan(scan));
  EXPECT_EQ(scanned.count, 3);
  EXPECT_EQ(scanned.scanned_count, 6);
}

TEST_F(DdbQueryScanTest, ScanAndParallelScanReturnEveryItemExactlyOnce) {
  ASSERT_OK_AND_ASSIGN(std::string table, CreateHashRangeTable(ScalarType::kS));
  // 300 items over 60 partitions, ~2 KB each: several pages per segment with Limit.
  std::vector<Item> items;
  std::set<std::pair<std::string, std::string>> expected;
  for (int i = 0; i < 300; ++i) {
    std::string pk = fmt::format("part{}", i % 60);
    std::string sk = SortKey("row", i);
    expected.emplace(pk, sk);
    items.push_back({{"pk", V::S(pk)}, {"sk", V::S(sk)}, {"n", V::N(i)},
                     {"pad", V::S(std::string(2000, 'x'))}});
  }
  ASSERT_NO_FATAL_FAILURE(WriteAll(table, items));

  auto key_set = [](const std::vector<Item>& found) {
    std::multiset<std::pair<std::string, std::string>> keys;
    for (const Item& item : found) keys.emplace(item.at("pk").AsS(), item.at("sk").AsS());
    return keys;
  };
  const std::multiset<std::pair<std::string, std::string>> want(expected.begin(), expected.end());

  // Sequential scan, page by page.
  ScanRequest scan;
  scan.table_name = table;
  scan.limit = 37;
  std::vector<Item> scanned;
  int pages = 0;
  for (;;) {
    ASSERT_OK_AND_ASSIGN(ScanResponse page, client().Scan(scan));
    ++pages;
    for (Item& item : page.items) scanned.push_back(std::move(item));
    if (!page.last_evaluated_key.has_value()) break;
    scan.exclusive_start_key = page.last_evaluated_key;
    ASSERT_LT(pages, 100) << "the scan does not end";
  }
  EXPECT_GE(pages, 300 / 37);
  EXPECT_EQ(key_set(scanned), want);

  // Parallel scan, 4 segments, each paginated by Limit.
  ScanRequest parallel;
  parallel.table_name = table;
  parallel.limit = 25;
  ASSERT_OK_AND_ASSIGN(std::vector<Item> all, client().ParallelScan(parallel, 4));
  EXPECT_EQ(all.size(), items.size());
  EXPECT_EQ(key_set(all), want);

  // With a filter and a projection: n in 0..99, only the keys and n.
  parallel.filter = Condition::Equal(Size(Path("pad")), V::N(2000)) &&
                    Condition::Between(Path("n"), V::N(0), V::N(99));
  parallel.projection = Projection{"pk", "sk", "n"};
  ASSERT_OK_AND_ASSIGN(std::vector<Item> filtered, client().ParallelScan(parallel, 4));
  EXPECT_EQ(filtered.size(), 100u);
  std::set<int> ns;
  for (const Item& item : filtered) {
    EXPECT_EQ(item.size(), 3u);
    ns.insert(std::stoi(item.at("n").AsN()));
  }
  EXPECT_EQ(ns.size(), 100u);
  EXPECT_EQ(*ns.begin(), 0);
  EXPECT_EQ(*ns.rbegin(), 99);

  // One segment is a plain scan.
  ScanRequest whole;
  whole.table_name = table;
  ASSERT_OK_AND_ASSIGN(std::vector<Item> single, client().ParallelScan(whole, 1));
  EXPECT_EQ(key_set(single), want);
}

TEST_F(DdbQueryScanTest, QueryManyRunsInParallelAndKeepsRequestOrder) {
  ASSERT_OK_AND_ASSIGN(std::string table, CreateHashRangeTable(ScalarType::kS));
  // Partition k holds 5*k + 1 items.
  constexpr int kPartitions = 12;
  std::vector<Item> items;
  for (int k = 0; k < kPartitions; ++k) {
    for (int i = 0; i < 5 * k + 1; ++i) {
      items.push_back({{"pk", V::S(fmt::format("user{}", k))}, {"sk", V::S(SortKey("e", i))}});
    }
  }
  ASSERT_NO_FATAL_FAILURE(WriteAll(table, items));

  std::vector<QueryRequest> requests;
  for (int k = kPartitions - 1; k >= 0; --k) {
    QueryRequest request = QueryPartition(table, fmt::format("user{}", k));
    request.limit = 7;  // several pages for the larger partitions
    requests.push_back(std::move(request));
  }
  // One request that fails: its own slot reports it, the others are unaffected.
  QueryRequest broken = QueryPartition(UniqueTableName("missing"), "user1");
  requests.insert(requests.begin() + 3, broken);

  std::vector<Result<std::vector<Item>>> results = client().QueryMany(requests);
  ASSERT_EQ(results.size(), requests.size());
  for (std::size_t r = 0; r < requests.size(); ++r) {
    SCOPED_TRACE(r);
    if (r == 3) {
      ASSERT_FALSE(results[r].ok());
      EXPECT_EQ(results[r].error().code(), errc::kResourceNotFound);
      continue;
    }
    ASSERT_OK(results[r]);
    const std::string& pk = requests[r].key_condition.partition_value().AsS();
    int k = std::stoi(pk.substr(4));
    ASSERT_EQ(results[r]->size(), static_cast<std::size_t>(5 * k + 1));
    for (const Item& item : *results[r]) EXPECT_EQ(item.at("pk").AsS(), pk);
    EXPECT_EQ(SortKeys(*results[r]), Range("e", 0, 5 * k));
  }
}

}  // namespace
}  // namespace homeboard::ddb
