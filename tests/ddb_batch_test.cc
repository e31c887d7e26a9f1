// Integration tests of the batch operations against a real DynamoDB (Local by default): the
// wire-level BatchWriteItem / BatchGetItem, and BatchWriteAll / BatchGetAll moving 10,000
// items through chunking, concurrency and retries without losing or duplicating one.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "ddb/client.h"
#include "ddb_test_util.h"
#include "testing/status_matchers.h"

namespace homeboard::ddb {
namespace {

using V = AttributeValue;
using homeboard::testing::DdbIntegrationTest;
using homeboard::testing::Key;

std::string SortKey(int i) { return fmt::format("item#{:05}", i); }

class DdbBatchTest : public DdbIntegrationTest {
 protected:
  void SetUp() override {
    DdbIntegrationTest::SetUp();
    if (HasFatalFailure()) return;
    ASSERT_OK_AND_ASSIGN(table_, CreateHashRangeTable(ScalarType::kS));
  }

  QueryRequest QueryPartition(std::string pk) const {
    QueryRequest request;
    request.table_name = table_;
    request.key_condition = KeyCondition::Partition("pk", V::S(std::move(pk)));
    return request;
  }

  std::string table_;
};

TEST_F(DdbBatchTest, TenThousandItemsThroughWriteAllGetAllQueryAllAndDeletes) {
  constexpr int kItems = 10000;
  const KeySchema schema{"pk", "sk"};
  std::vector<WriteRequest> puts;
  std::vector<Item> expected;
  for (int i = 0; i < kItems; ++i) {
    // ~300 bytes each: 3 MB in one partition, several 1 MB query pages.
    Item item = {{"pk", V::S("bulk")},
                 {"sk", V::S(SortKey(i))},
                 {"n", V::N(i)},
                 {"name", V::S(fmt::format("bookmark number {}", i))},
                 {"payload", V::S(std::string(240, static_cast<char>('a' + i % 26)))}};
    expected.push_back(item);
    puts.push_back(WriteRequest::Put(std::move(item)));
  }

  auto started = std::chrono::steady_clock::now();
  ASSERT_OK_AND_ASSIGN(BatchWriteAllResult written,
                       client().BatchWriteAll({{table_, puts}}, {{table_, schema}}));
  ASSERT_OK(written.AllWritten());
  EXPECT_TRUE(written.failed.empty());
  EXPECT_GE(written.requests_sent, kItems / 25);  // at most 25 writes per request

  // Back through BatchGetAll, with a projection (reserved word included).
  KeysAndAttributes reads;
  for (int i = 0; i < kItems; ++i) reads.keys.push_back(Key("bulk", SortKey(i)));
  reads.projection = Projection{"sk", "n", "name"};
  ASSERT_OK_AND_ASSIGN(BatchGetAllResult got, client().BatchGetAll({{table_, reads}}));
  ASSERT_OK(got.AllRead());
  EXPECT_GE(got.requests_sent, kItems / 100);
  ASSERT_EQ(got.items.size(), 1u);
  const std::vector<Item>& found = got.items[table_];
  ASSERT_EQ(found.size(), static_cast<std::size_t>(kItems));
  std::set<int> seen;
  for (const Item& item : found) {
    ASSERT_EQ(item.size(), 3u) << homeboard::testing::DebugString(item);
    int n = std::stoi(item.at("n").AsN());
    EXPECT_EQ(item.at("sk").AsS(), SortKey(n));
    EXPECT_EQ(item.at("name").AsS(), fmt::format("bookmark number {}", n));
    seen.insert(n);
  }
  EXPECT_EQ(seen.size(), static_cast<std::size_t>(kItems));

  // Back through QueryAll: all of them, whole, in sort-key order.
  ASSERT_OK_AND_ASSIGN(std::vector<Item> queried, client().QueryAll(QueryPartition("bulk")));
  ASSERT_EQ(queried.size(), expected.size());
  EXPECT_SAME_ITEMS(queried, expected);

  // Deletes through BatchWriteAll, mixed with a few puts to another partition.
  std::vector<WriteRequest> deletes;
  for (int i = 0; i < kItems; ++i) deletes.push_back(WriteRequest::Delete(Key("bulk", SortKey(i))));
  for (int i = 0; i < 3; ++i) {
    deletes.push_back(WriteRequest::Put({{"pk", V::S("left")}, {"sk", V::S(SortKey(i))}}));
  }
  ASSERT_OK_AND_ASSIGN(BatchWriteAllResult deleted,
                       client().BatchWriteAll({{table_, deletes}}, {{table_, schema}}));
  ASSERT_OK(deleted.AllWritten());
  QueryRequest count = QueryPartition("bulk");
  count.select = Select::kCount;
  ASSERT_OK_AND_ASSIGN(QueryResponse none, client().Query(count));
  EXPECT_EQ(none.count, 0);
  EXPECT_FALSE(none.last_evaluated_key.has_value());
  ASSERT_OK_AND_ASSIGN(std::vector<Item> left, client().QueryAll(QueryPartition("left")));
  EXPECT_EQ(left.size(), 3u);

  auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - started);
  RecordProperty("bulk_ms", static_cast<int>(elapsed.count()));
}

TEST_F(DdbBatchTest, GetAllOfMoreThanSixteenMegabytesFollowsUnprocessedKeys) {
  // 44 items of ~390 KB: 17 MB, more than one BatchGetItem answer may carry (16 MB), so the
  // service hands back UnprocessedKeys that BatchGetAll has to ask for again.
  constexpr int kItems = 44;
  constexpr std::size_t kBlob = 390 * 1024;
  std::vector<WriteRequest> puts;
  KeysAndAttributes reads;
  for (int i = 0; i < kItems; ++i) {
    puts.push_back(WriteRequest::Put({{"pk", V::S("huge")},
                                      {"sk", V::S(SortKey(i))},
                                      {"blob", V::S(std::string(kBlob, static_cast<char>('A' + i)))}}));
    reads.keys.push_back(Key("huge", SortKey(i)));
  }
  ASSERT_OK_AND_ASSIGN(BatchWriteAllResult written, client().BatchWriteAll({{table_, puts}}));
  ASSERT_OK(written.AllWritten());

  BatchGetItemRequest wire;
  wire.request_items[table_] = reads;
  ASSERT_OK_AND_ASSIGN(BatchGetItemResponse partial, client().BatchGetItem(wire));
  std::size_t unprocessed = partial.unprocessed_keys.count(table_) == 0
                                ? 0
                                : partial.unprocessed_keys[table_].keys.size();
  EXPECT_GT(unprocessed, 0u) << "one answer cannot hold 17 MB";
  EXPECT_EQ(partial.responses[table_].size() + unprocessed, static_cast<std::size_t>(kItems));

  ASSERT_OK_AND_ASSIGN(BatchGetAllResult got, client().BatchGetAll({{table_, reads}}));
  ASSERT_OK(got.AllRead());
  EXPECT_GT(got.requests_sent, 1);
  ASSERT_EQ(got.items[table_].size(), static_cast<std::size_t>(kItems));
  std::set<std::string> keys;
  for (const Item& item : got.items[table_]) {
    const std::string& sk = item.at("sk").AsS();
    int i = std::stoi(sk.substr(5));
    EXPECT_EQ(item.at("blob"), V::S(std::string(kBlob, static_cast<char>('A' + i)))) << sk;
    keys.insert(sk);
  }
  EXPECT_EQ(keys.size(), static_cast<std::size_t>(kItems));
}

TEST_F(DdbBatchTest, OneClientSharedByThreadsRunningBatchesAndScansAtOnce) {
  // One Client is meant to be shared: four threads each write their own partition with
  // BatchWriteAll and read it back with QueryAll and ParallelScan, all at the same time,
  // through a client allowing only 2 requests in flight per call.
  ClientOptions options = BaseOptions();
  options.max_parallel_requests = 2;
  ASSERT_OK_AND_ASSIGN(std::unique_ptr<Client> shared, Client::Create(options));
  constexpr int kThreads = 4;
  constexpr int kPerThread = 300;
  std::vector<std::string> problems(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      const std::string pk = fmt::format("thread{}", t);
      std::vector<WriteRequest> puts;
      for (int i = 0; i < kPerThread; ++i) {
        puts.push_back(WriteRequest::Put({{"pk", V::S(pk)}, {"sk", V::S(SortKey(i))}, {"t", V::N(t)}}));
      }
      Result<BatchWriteAllResult> written = shared->BatchWriteAll({{table_, puts}});
      if (!written.ok() || !written->AllWritten().ok()) {
        problems[t] = "write failed";
        return;
      }
      Result<std::vector<Item>> queried = shared->QueryAll(QueryPartition(pk));
      if (!queried.ok() || queried->size() != kPerThread) {
        problems[t] = "query returned the wrong items";
        return;
      }
      ScanRequest scan;
      scan.table_name = table_;
      scan.filter = Condition::Equal(Path("t"), V::N(t));
      scan.limit = 50;
      Result<std::vector<Item>> scanned = shared->ParallelScan(scan, 3);
      if (!scanned.ok()) {
        problems[t] = scanned.error().ToString();
        return;
      }
      if (scanned->size() != kPerThread) problems[t] = "scan returned the wrong items";
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (int t = 0; t < kThreads; ++t) EXPECT_EQ(problems[t], "") << "thread " << t;
}

TEST_F(DdbBatchTest, WriteAllSpansTablesAndGetAllSkipsMissingKeys) {
  ASSERT_OK_AND_ASSIGN(std::string other, CreateHashTable("other"));
  std::map<std::string, std::vector<WriteRequest>> writes;
  for (int i = 0; i < 60; ++i) {
    writes[table_].push_back(
        WriteRequest::Put({{"pk", V::S("a")}, {"sk", V::S(SortKey(i))}, {"type", V::S("x")}}));
    writes[other].push_back(WriteRequest::Put({{"pk", V::S(fmt::format("k{}", i))}}));
  }
  ASSERT_OK_AND_ASSIGN(BatchWriteAllResult written,
                       client().BatchWriteAll(writes, {{table_, KeySchema{"pk", "sk"}},
                                                       {other, KeySchema{"pk", ""}}}));
  ASSERT_OK(written.AllWritten());

  std::map<std::string, KeysAndAttributes> reads;
  for (int i = 0; i < 70; ++i) {  // 10 of each table's keys do not exist
    reads[table_].keys.push_back(Key("a", SortKey(i)));
    reads[other].keys.push_back(Key(fmt::format("k{}", i)));
  }
  reads[table_].consistent_read = true;
  ASSERT_OK_AND_ASSIGN(BatchGetAllResult got, client().BatchGetAll(reads));
  ASSERT_OK(got.AllRead());
  EXPECT_TRUE(got.failed.empty()) << "missing keys are not failures";
  EXPECT_EQ(got.items[table_].size(), 60u);
  EXPECT_EQ(got.items[other].size(), 60u);
  for (const Item& item : got.items[table_]) EXPECT_EQ(item.at("type"), V::S("x"));
}

TEST_F(DdbBatchTest, DuplicateKeysAreRejectedBeforeSending) {
  const KeySchema schema{"pk", "sk"};
  // Same key, different other attributes: a duplicate under the key schema.
  std::vector<WriteRequest> writes;
  for (int i = 0; i < 40; ++i) {
    writes.push_back(WriteRequest::Put({{"pk", V::S("d")}, {"sk", V::S(SortKey(i))}}));
  }
  writes.push_back(WriteRequest::Delete(Key("d", SortKey(7))));
  Result<BatchWriteAllResult> result = client().BatchWriteAll({{table_, writes}}, {{table_, schema}});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code(), errc::kInvalidArgument);
  EXPECT_NE(result.error().ToString().find(table_), std::string::npos)
      << result.error().ToString();
  // Nothing was sent: not even the first chunk's items exist.
  QueryRequest count = QueryPartition("d");
  count.select = Select::kCount;
  count.consistent_read = true;
  ASSERT_OK_AND_ASSIGN(QueryResponse none, client().Query(count));
  EXPECT_EQ(none.count, 0);

  // Without a schema, identical items are still caught.
  std::vector<WriteRequest> identical = {
      WriteRequest::Put({{"pk", V::S("d")}, {"sk", V::S("x")}}),
      WriteRequest::Put({{"pk", V::S("d")}, {"sk", V::S("y")}}),
      WriteRequest::Put({{"pk", V::S("d")}, {"sk", V::S("x")}})};
  Result<BatchWriteAllResult> no_schema = client().BatchWriteAll({{table_, identical}});
  ASSERT_FALSE(no_schema.ok());
  EXPECT_EQ(no_schema.error().code(), errc::kInvalidArgument);

  // The service rejects duplicates inside one wire request too.
  BatchWriteItemRequest wire;
  wire.request_items[table_] = {
      WriteRequest::Put({{"pk", V::S("d")}, {"sk", V::S("x")}, {"v", V::N(1)}}),
      WriteRequest::Put({{"pk", V::S("d")}, {"sk", V::S("x")}, {"v", V::N(2)}})};
  Result<BatchWriteItemResponse> rejected = client().BatchWriteItem(wire);
  ASSERT_FALSE(rejected.ok());
  EXPECT_EQ(rejected.error().code(), errc::kValidation) << rejected.error().ToString();

  // BatchGetAll: duplicate keys rejected as well.
  KeysAndAttributes reads;
  reads.keys = {Key("d", "x"), Key("d", "y"), Key("d", "x")};
  Result<BatchGetAllResult> get = client().BatchGetAll({{table_, reads}});
  ASSERT_FALSE(get.ok());
  EXPECT_EQ(get.error().code(), errc::kInvalidArgument);
}

TEST_F(DdbBatchTest, WireLevelBatchWriteAndGet) {
  BatchWriteItemRequest write;
  for (int i = 0; i < 25; ++i) {
    write.request_items[table_].push_back(
        WriteRequest::Put({{"pk", V::S("w")}, {"sk", V::S(SortKey(i))}, {"n", V::N(i)}}));
  }
  write.return_consumed_capacity = ReturnConsumedCapacity::kTotal;
  ASSERT_OK_AND_ASSIGN(BatchWriteItemResponse written, client().BatchWriteItem(write));
  EXPECT_TRUE(written.unprocessed_items.empty());
  ASSERT_FALSE(written.consumed_capacity.empty());
  EXPECT_EQ(written.consumed_capacity[0].table_name, table_);
  EXPECT_DOUBLE_EQ(written.consumed_capacity[0].capacity_units, 25.0);

  // 26 writes is one too many for one request: rejected before sending.
  write.request_items[table_].push_back(WriteRequest::Put(Key("w", "extra")));
  Result<BatchWriteItemResponse> too_many = client().BatchWriteItem(write);
  ASSERT_FALSE(too_many.ok());
  EXPECT_EQ(too_many.error().code(), errc::kInvalidArgument);

  BatchGetItemRequest get;
  for (int i = 0; i < 30; ++i) get.request_items[table_].keys.push_back(Key("w", SortKey(i)));
  get.request_items[table_].projection = Projection{"n"};
  ASSERT_OK_AND_ASSIGN(BatchGetItemResponse got, client().BatchGetItem(get));
  EXPECT_TRUE(got.unprocessed_keys.empty());
  ASSERT_EQ(got.responses[table_].size(), 25u);
  std::set<int> ns;
  for (const Item& item : got.responses[table_]) {
    ASSERT_EQ(item.size(), 1u);
    ns.insert(std::stoi(item.at("n").AsN()));
  }
  EXPECT_EQ(ns.size(), 25u);

  // Deletes on the wire, then the keys read back as missing.
  BatchWriteItemRequest remove;
  for (int i = 0; i < 10; ++i) {
    remove.request_items[table_].push_back(WriteRequest::Delete(Key("w", SortKey(i))));
  }
  ASSERT_OK_AND_ASSIGN(BatchWriteItemResponse removed, client().BatchWriteItem(remove));
  EXPECT_TRUE(removed.unprocessed_items.empty());
  ASSERT_OK_AND_ASSIGN(BatchGetItemResponse after, client().BatchGetItem(get));
  EXPECT_EQ(after.responses[table_].size(), 15u);
}

}  // namespace
}  // namespace homeboard::ddb
