// Tests of Client::BatchWriteAll and Client::BatchGetAll against a fake DynamoDB on
// loopback (real CurlTransport, FakeHttpServer) that parses every BatchWriteItem /
// BatchGetItem body it receives, keeps an in-memory table, and answers with
// UnprocessedItems / UnprocessedKeys by a rule each test chooses. The tests check chunking,
// that every write lands exactly once (re-sent only when reported unprocessed), that
// whatever could not be written or read is reported item by item, the backoff asked for
// between rounds (fake sleeper, jitter at its maximum), and that chunks run concurrently
// within the client's bound. Nothing is measured by wall clock.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <simdjson.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "ddb/client.h"
#include "ddb/internal/crypto.h"
#include "ddb/internal/value_codec.h"
#include "ddb/internal/value_decoder.h"
#include "testing/fake_http_server.h"
#include "testing/fake_runtime.h"
#include "testing/status_matchers.h"

namespace homeboard::ddb {
namespace {

using ::homeboard::testing::FakeClock;
using ::homeboard::testing::FakeHttpServer;
using ::homeboard::testing::FakeRandom;
using ::homeboard::testing::FakeResponse;
using ::homeboard::testing::FakeSleeper;
using ::homeboard::testing::ReceivedRequest;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using namespace std::chrono_literals;
using Sleeps = std::vector<std::chrono::nanoseconds>;

constexpr char kTable[] = "Bookmarks";

FakeResponse DdbOk(std::string body) {
  std::string crc = std::to_string(internal::Crc32(body));
  return FakeResponse::Ok(std::move(body),
                          {{"Content-Type", "application/x-amz-json-1.0"}, {"x-amz-crc32", crc}});
}

FakeResponse DdbError(int status, std::string_view code, std::string_view message) {
  return FakeResponse::WithStatus(status,
                                  "{\"__type\":\"com.amazonaws.dynamodb.v20120810#" +
                                      std::string(code) + "\",\"message\":\"" +
                                      std::string(message) + "\"}",
                                  {{"Content-Type", "application/x-amz-json-1.0"}});
}

std::string Id(int n) {
  char text[16];
  std::snprintf(text, sizeof(text), "b%04d", n);
  return text;
}

Item Bookmark(int n) {
  return {{"id", AttributeValue::S(Id(n))},
          {"title", AttributeValue::S("Bookmark " + std::to_string(n))},
          {"rank", AttributeValue::N(n)}};
}

Item Key(int n) { return {{"id", AttributeValue::S(Id(n))}}; }

std::vector<WriteRequest> Puts(int count) {
  std::vector<WriteRequest> writes;
  for (int n = 0; n < count; ++n) writes.push_back(WriteRequest::Put(Bookmark(n)));
  return writes;
}

// One write of a received BatchWriteItem body.
struct ReceivedWrite {
  std::string table;
  std::string kind;  // "PutRequest" or "DeleteRequest"
  std::string json;  // the item or key, as sent
  std::string id;    // its "id" attribute
};

std::string IdOf(const std::string& item_json) {
  Result<Item> item = internal::DecodeItemJson(item_json);
  if (!item.ok() || !item->contains("id") || !item->at("id").IsS()) {
    ADD_FAILURE() << "item without an S id: " << item_json;
    return "";
  }
  return item->at("id").AsS();
}

std::vector<ReceivedWrite> ParseBatchWrite(const std::string& body) {
  std::vector<ReceivedWrite> writes;
  simdjson::dom::parser parser;
  simdjson::dom::element document;
  simdjson::dom::object tables;
  if (parser.parse(body).get(document) || document["RequestItems"].get_object().get(tables)) {
    ADD_FAILURE() << "not a BatchWriteItem body: " << body;
    return writes;
  }
  for (auto [table, list] : tables) {
    simdjson::dom::array array;
    if (list.get_array().get(array)) {
      ADD_FAILURE() << "RequestItems." << table << " is not an array";
      continue;
    }
    for (simdjson::dom::element entry : array) {
      simdjson::dom::object wrapper;
      if (entry.get_object().get(wrapper)) continue;
      for (auto [kind, inner] : wrapper) {
        simdjson::dom::element item;
        if (inner[kind == "PutRequest" ? "Item" : "Key"].get(item)) {
          ADD_FAILURE() << "write without Item/Key";
          continue;
        }
        std::string json = simdjson::minify(item);
        writes.push_back({std::string(table), std::string(kind), json, IdOf(json)});
      }
    }
  }
  return writes;
}

// A fake DynamoDB table behind BatchWriteItem. `process` decides, per write of a request,
// whether it is applied now or returned as unprocessed; it sees how many times that item
// has been received so far (1 on its first arrival).
class FakeBatchWriteServer {
 public:
  using ProcessRule = std::function<bool(std::size_t index_in_request, int times_received)>;

  explicit FakeBatchWriteServer(ProcessRule process) : process_(std::move(process)) {}

  FakeResponse Handle(const ReceivedRequest& request) {
    if (request.Header("x-amz-target").value_or("") != "DynamoDB_20120810.BatchWriteItem") {
      return DdbError(400, errc::kValidation, "unexpected operation");
    }
    std::vector<ReceivedWrite> writes = ParseBatchWrite(request.body);
    std::lock_guard lock(mutex_);
    ++requests_;
    max_writes_per_request_ = std::max(max_writes_per_request_, writes.size());
    std::map<std::string, std::vector<const ReceivedWrite*>> unprocessed;
    for (std::size_t i = 0; i < writes.size(); ++i) {
      const ReceivedWrite& write = writes[i];
      int times = ++received_[write.id];
      if (process_(i, times)) {
        ++applied_[write.id];
        if (write.kind == "PutRequest") {
          table_[write.id] = write.json;
        } else {
          table_.erase(write.id);
        }
      } else {
        ++returned_unprocessed_[write.id];
        unprocessed[write.table].push_back(&write);
      }
    }
    std::string body = R"({"UnprocessedItems":{)";
    bool first_table = true;
    for (const auto& [table, list] : unprocessed) {
      if (!first_table) body += ",";
      first_table = false;
      body += "\"" + table + "\":[";
      for (std::size_t i = 0; i < list.size(); ++i) {
        if (i > 0) body += ",";
        body += "{\"" + list[i]->kind + "\":{\"" +
                (list[i]->kind == "PutRequest" ? "Item" : "Key") + "\":" + list[i]->json + "}}";
      }
      body += "]";
    }
    body += "}}";
    return DdbOk(body);
  }

  std::mutex mutex_;
  ProcessRule process_;
  int requests_ = 0;
  std::size_t max_writes_per_request_ = 0;
  std::map<std::string, int> received_;              // id -> copies received
  std::map<std::string, int> applied_;               // id -> times applied
  std::map<std::string, int> returned_unprocessed_;  // id -> times answered unprocessed
  std::map<std::string, std::string> table_;         // id -> item JSON
};

class ClientBatchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto server = FakeHttpServer::Start(
        [](const ReceivedRequest&) { return FakeResponse::WithStatus(500, "no handler"); });
    ASSERT_OK(server);
    server_ = std::move(server).value();
  }

  std::unique_ptr<Client> NewClient(int max_parallel_requests = 8) {
    ClientOptions options;
    options.endpoint = server_->url();
    options.region = "us-east-1";
    Credentials credentials;
    credentials.access_key_id = "AKIDEXAMPLE";
    credentials.secret_access_key = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    options.credentials = std::make_shared<StaticCredentialsProvider>(credentials);
    options.env = [](std::string_view) { return std::optional<std::string>(); };
    options.clock = clock_;
    options.sleeper = sleeper_;
    options.random = FakeRandom::AlwaysMax();
    options.max_parallel_requests = max_parallel_requests;
    auto client = Client::Create(options);
    EXPECT_TRUE(client.ok()) << client.error().ToString();
    return client.ok() ? std::move(client).value() : nullptr;
  }

  void Serve(const std::shared_ptr<FakeBatchWriteServer>& fake) {
    server_->SetHandler([fake](const ReceivedRequest& request) { return fake->Handle(request); });
  }

  // The sleeps as a sorted list (chunks run concurrently, so their order is not fixed).
  Sleeps SortedSleeps() const {
    Sleeps sleeps = sleeper_->sleeps();
    std::sort(sleeps.begin(), sleeps.end());
    return sleeps;
  }

  std::shared_ptr<FakeClock> clock_ = std::make_shared<FakeClock>();
  std::shared_ptr<FakeSleeper> sleeper_ = std::make_shared<FakeSleeper>(clock_);
  std::unique_ptr<FakeHttpServer> server_;
};

// `count` copies of each duration in `each`, sorted.
Sleeps Repeated(std::initializer_list<std::chrono::nanoseconds> each, int count) {
  Sleeps sleeps;
  for (auto duration : each) sleeps.insert(sleeps.end(), count, duration);
  std::sort(sleeps.begin(), sleeps.end());
  return sleeps;
}

// --- BatchWriteAll -----------------------------------------------------------------------

TEST_F(ClientBatchTest, ThousandWritesGoOutAsFortyRequestsOfAtMost25) {
  auto fake = std::make_shared<FakeBatchWriteServer>([](std::size_t, int) { return true; });
  Serve(fake);
  auto client = NewClient();
  ASSERT_OK_AND_ASSIGN(BatchWriteAllResult result,
                       client->BatchWriteAll({{kTable, Puts(1000)}}, {{kTable, {"id", ""}}}));
  ASSERT_OK(result.AllWritten());
  EXPECT_THAT(result.failed, IsEmpty());
  EXPECT_EQ(result.requests_sent, 40);
  EXPECT_EQ(server_->requests_received(), 40);
  std::lock_guard lock(fake->mutex_);
  EXPECT_EQ(fake->requests_, 40);
  EXPECT_EQ(fake->max_writes_per_request_, 25u);
  ASSERT_EQ(fake->received_.size(), 1000u);
  for (const auto& [id, times] : fake->received_) EXPECT_EQ(times, 1) << id;
  ASSERT_EQ(fake->table_.size(), 1000u);
  // What was stored is what was asked for.
  for (int n : {0, 1, 499, 999}) {
    ASSERT_OK_AND_ASSIGN(Item stored, internal::DecodeItemJson(fake->table_.at(Id(n))));
    EXPECT_EQ(stored, Bookmark(n));
  }
  EXPECT_THAT(sleeper_->sleeps(), IsEmpty());
}

TEST_F(ClientBatchTest, UnprocessedItemsAreResentUntilEveryWriteLandsOnce) {
  // Each item is refused on its first two arrivals (whole rounds with no progress), then
  // the even positions of a request are applied, and from the fifth arrival everything.
  auto fake = std::make_shared<FakeBatchWriteServer>(
      [](std::size_t index, int times) { return times >= 5 || (times >= 3 && index % 2 == 0); });
  Serve(fake);
  auto client = NewClient();
  ASSERT_OK_AND_ASSIGN(BatchWriteAllResult result, client->BatchWriteAll({{kTable, Puts(1000)}}));
  ASSERT_OK(result.AllWritten());
  EXPECT_THAT(result.failed, IsEmpty());
  // Per chunk of 25: 25 refused, 25 refused, 13 applied, 6 applied, 6 applied.
  EXPECT_EQ(result.requests_sent, 40 * 5);
  EXPECT_EQ(server_->requests_received(), 200);
  {
    std::lock_guard lock(fake->mutex_);
    ASSERT_EQ(fake->table_.size(), 1000u);
    for (const auto& [id, times] : fake->applied_) EXPECT_EQ(times, 1) << id;
    // Nothing was sent again unless the server had answered it unprocessed.
    for (const auto& [id, times] : fake->received_) {
      EXPECT_EQ(times, 1 + fake->returned_unprocessed_[id]) << id;
    }
  }
  // Throttling backoff between rounds, doubling per round: 1 s, 2 s, 4 s, 8 s per chunk.
  EXPECT_EQ(SortedSleeps(), Repeated({1s, 2s, 4s, 8s}, 40));
}

TEST_F(ClientBatchTest, NothingEverProcessedReportsExactlyThoseWrites) {
  auto fake = std::make_shared<FakeBatchWriteServer>([](std::size_t, int) { return false; });
  Serve(fake);
  auto client = NewClient();
  std::vector<WriteRequest> writes = Puts(60);
  ASSERT_OK_AND_ASSIGN(BatchWriteAllResult result, client->BatchWriteAll({{kTable, writes}}));
  Status all = result.AllWritten();
  ASSERT_FALSE(all.ok());
  EXPECT_EQ(all.error().code(), errc::kUnprocessed);
  EXPECT_THAT(all.error().message(), HasSubstr("60 write(s) not applied"));
  ASSERT_EQ(result.failed.size(), 60u);
  std::set<std::string> failed_ids;
  for (const FailedWrite& failed : result.failed) {
    EXPECT_EQ(failed.table_name, kTable);
    EXPECT_EQ(failed.error.code(), errc::kUnprocessed);
    EXPECT_EQ(failed.error.attempts(), 5);
    EXPECT_EQ(failed.request.kind, WriteRequest::Kind::kPut);
    int n = std::stoi(failed.request.item.at("id").AsS().substr(1));
    EXPECT_EQ(failed.request, writes[n]);
    failed_ids.insert(failed.request.item.at("id").AsS());
  }
  EXPECT_EQ(failed_ids.size(), 60u);
  // 3 chunks (25, 25, 10), each given up after 5 rounds without progress.
  EXPECT_EQ(result.requests_sent, 15);
  EXPECT_EQ(server_->requests_received(), 15);
  EXPECT_EQ(SortedSleeps(), Repeated({1s, 2s, 4s, 8s}, 3));
  std::lock_guard lock(fake->mutex_);
  EXPECT_THAT(fake->table_, IsEmpty());
}

TEST_F(ClientBatchTest, DuplicateKeysAreRejectedBeforeSending) {
  auto client = NewClient();
  std::vector<WriteRequest> writes = Puts(30);
  Item again = Bookmark(17);
  again["title"] = AttributeValue::S("another title, same key");
  writes.push_back(WriteRequest::Put(again));
  Result<BatchWriteAllResult> result =
      client->BatchWriteAll({{kTable, writes}}, {{kTable, {"id", ""}}});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code(), errc::kInvalidArgument);
  EXPECT_THAT(result.error().message(), HasSubstr("write 30"));
  EXPECT_EQ(result.error().table(), kTable);
  // A put and a delete of one key collide too.
  Result<BatchWriteAllResult> mixed = client->BatchWriteAll(
      {{kTable, {WriteRequest::Put(Bookmark(1)), WriteRequest::Delete(Key(1))}}},
      {{kTable, {"id", ""}}});
  ASSERT_FALSE(mixed.ok());
  EXPECT_EQ(mixed.error().code(), errc::kInvalidArgument);
  // Without a key schema, identical writes are still caught.
  Result<BatchWriteAllResult> identical = client->BatchWriteAll(
      {{kTable, {WriteRequest::Put(Bookmark(2)), WriteRequest::Put(Bookmark(2))}}});
  ASSERT_FALSE(identical.ok());
  EXPECT_EQ(server_->requests_received(), 0);
}

TEST_F(ClientBatchTest, ChunksRunConcurrentlyWithinTheBound) {
  // The first request is held until a second one is in flight too (the bound only stops a
  // broken client from hanging the test), so concurrency is observed without timing.
  auto fake = std::make_shared<FakeBatchWriteServer>([](std::size_t, int) { return true; });
  std::mutex mutex;
  std::condition_variable changed;
  int in_flight = 0;
  bool overlapped = false;
  server_->SetHandler([&, fake](const ReceivedRequest& request) {
    {
      std::unique_lock lock(mutex);
      if (++in_flight >= 2) overlapped = true;
      changed.notify_all();
      changed.wait_for(lock, 5s, [&] { return overlapped; });
    }
    FakeResponse response = fake->Handle(request);
    std::lock_guard lock(mutex);
    --in_flight;
    return response;
  });
  auto client = NewClient(/*max_parallel_requests=*/3);
  ASSERT_OK_AND_ASSIGN(BatchWriteAllResult result, client->BatchWriteAll({{kTable, Puts(250)}}));
  ASSERT_OK(result.AllWritten());
  EXPECT_EQ(result.requests_sent, 10);
  EXPECT_GT(server_->peak_concurrent_requests(), 1);
  EXPECT_LE(server_->peak_concurrent_requests(), 3);
  std::lock_guard lock(fake->mutex_);
  EXPECT_EQ(fake->table_.size(), 250u);
}

TEST_F(ClientBatchTest, ChunkFailingWithValidationReportsItsItems) {
  auto fake = std::make_shared<FakeBatchWriteServer>([](std::size_t, int) { return true; });
  std::atomic<int> refused{0};
  server_->SetHandler([fake, &refused](const ReceivedRequest& request) {
    if (request.body.find(R"("S":"b0030")") != std::string::npos) {
      ++refused;
      return DdbError(400, errc::kValidation, "Item size has exceeded the maximum allowed size");
    }
    return fake->Handle(request);
  });
  auto client = NewClient();
  ASSERT_OK_AND_ASSIGN(BatchWriteAllResult result, client->BatchWriteAll({{kTable, Puts(75)}}));
  EXPECT_EQ(refused.load(), 1);  // not retried
  ASSERT_EQ(result.failed.size(), 25u);
  std::set<std::string> failed_ids;
  for (const FailedWrite& failed : result.failed) {
    EXPECT_EQ(failed.error.code(), errc::kValidation);
    EXPECT_THAT(failed.error.message(), HasSubstr("maximum allowed size"));
    failed_ids.insert(failed.request.item.at("id").AsS());
  }
  // The second chunk: b0025 .. b0049.
  EXPECT_EQ(*failed_ids.begin(), "b0025");
  EXPECT_EQ(*failed_ids.rbegin(), "b0049");
  Status all = result.AllWritten();
  ASSERT_FALSE(all.ok());
  EXPECT_EQ(all.error().code(), errc::kUnprocessed);
  EXPECT_THAT(all.error().message(), HasSubstr("ValidationException"));
  std::lock_guard lock(fake->mutex_);
  EXPECT_EQ(fake->table_.size(), 50u);
  EXPECT_FALSE(fake->table_.contains("b0030"));
}

TEST_F(ClientBatchTest, ThrottledBatchRequestIsRetriedWithoutDoubleWrites) {
  auto fake = std::make_shared<FakeBatchWriteServer>([](std::size_t, int) { return true; });
  std::atomic<int> calls{0};
  server_->SetHandler([fake, &calls](const ReceivedRequest& request) {
    if (calls.fetch_add(1) == 0) {
      return DdbError(400, errc::kProvisionedThroughputExceeded, "slow down");
    }
    return fake->Handle(request);
  });
  auto client = NewClient();
  ASSERT_OK_AND_ASSIGN(BatchWriteAllResult result, client->BatchWriteAll({{kTable, Puts(20)}}));
  ASSERT_OK(result.AllWritten());
  EXPECT_EQ(server_->requests_received(), 2);
  EXPECT_EQ(sleeper_->sleeps(), (Sleeps{1s}));
  std::lock_guard lock(fake->mutex_);
  for (const auto& [id, times] : fake->applied_) EXPECT_EQ(times, 1) << id;
  EXPECT_EQ(fake->table_.size(), 20u);
}

TEST_F(ClientBatchTest, MixedTablesAndDeletesAreChunkedTogether) {
  auto fake = std::make_shared<FakeBatchWriteServer>(
      [](std::size_t index, int times) { return times >= 2 || index % 3 != 0; });
  Serve(fake);
  auto client = NewClient();
  std::vector<WriteRequest> deletes;
  for (int n = 100; n < 120; ++n) deletes.push_back(WriteRequest::Delete(Key(n)));
  ASSERT_OK_AND_ASSIGN(BatchWriteAllResult result,
                       client->BatchWriteAll({{kTable, Puts(20)}, {"Notes", deletes}}));
  ASSERT_OK(result.AllWritten());
  // 40 writes: a chunk of 25 (20 puts + 5 deletes) and one of 15 deletes, then re-sends.
  std::set<std::string> first_copies;
  int deletes_seen = 0;
  for (const ReceivedRequest& request : server_->requests()) {
    std::vector<ReceivedWrite> writes = ParseBatchWrite(request.body);
    EXPECT_LE(writes.size(), 25u);
    for (const ReceivedWrite& write : writes) {
      if (!first_copies.insert(write.id).second) continue;
      if (write.kind == "DeleteRequest") {
        ++deletes_seen;
        EXPECT_EQ(write.table, "Notes");
        EXPECT_EQ(write.json, internal::EncodeItemJson(Key(std::stoi(write.id.substr(1)))));
      } else {
        EXPECT_EQ(write.table, kTable);
      }
    }
  }
  EXPECT_EQ(first_copies.size(), 40u);
  EXPECT_EQ(deletes_seen, 20);
  std::lock_guard lock(fake->mutex_);
  for (const auto& [id, times] : fake->applied_) EXPECT_EQ(times, 1) << id;
  EXPECT_EQ(fake->applied_.size(), 40u);
}

// --- BatchGetAll -------------------------------------------------------------------------

// A BatchGetItem body as received: per table, the keys' ids and the other parameters.
struct ReceivedGet {
  std::vector<std::string> ids;
  std::string projection;
  std::string names;  // ExpressionAttributeNames, minified
  bool consistent_read = false;
};

std::map<std::string, ReceivedGet> ParseBatchGet(const std::string& body) {
  std::map<std::string, ReceivedGet> gets;
  simdjson::dom::parser parser;
  simdjson::dom::element document;
  simdjson::dom::object tables;
  if (parser.parse(body).get(document) || document["RequestItems"].get_object().get(tables)) {
    ADD_FAILURE() << "not a BatchGetItem body: " << body;
    return gets;
  }
  for (auto [table, entry] : tables) {
    ReceivedGet& get = gets[std::string(table)];
    simdjson::dom::array keys;
    if (entry["Keys"].get_array().get(keys)) ADD_FAILURE() << "no Keys";
    for (simdjson::dom::element key : keys) get.ids.push_back(IdOf(simdjson::minify(key)));
    std::string_view projection;
    if (!entry["ProjectionExpression"].get_string().get(projection)) {
      get.projection = std::string(projection);
    }
    simdjson::dom::element names;
    if (!entry["ExpressionAttributeNames"].get(names)) get.names = simdjson::minify(names);
    bool consistent = false;
    if (!entry["ConsistentRead"].get_bool().get(consistent)) get.consistent_read = consistent;
  }
  return gets;
}

TEST_F(ClientBatchTest, BatchGetAllResendsUnprocessedKeysWithTheirProjection) {
  std::mutex mutex;
  std::map<std::string, int> received;  // id -> copies received
  std::vector<ReceivedGet> requests;
  server_->SetHandler([&](const ReceivedRequest& request) {
    std::map<std::string, ReceivedGet> gets = ParseBatchGet(request.body);
    std::lock_guard lock(mutex);
    std::string found, unprocessed;
    for (const auto& [table, get] : gets) {
      requests.push_back(get);
      for (std::size_t i = 0; i < get.ids.size(); ++i) {
        const std::string& id = get.ids[i];
        int times = ++received[id];
        // Odd positions are refused on their first arrival; the key b0007 does not exist.
        if (times == 1 && i % 2 == 1) {
          unprocessed +=
              std::string(unprocessed.empty() ? "" : ",") + R"({"id":{"S":")" + id + "\"}}";
        } else if (id != "b0007") {
          found += std::string(found.empty() ? "" : ",") + R"({"id":{"S":")" + id +
                   R"("},"title":{"S":"T)" + id + "\"}}";
        }
      }
    }
    std::string body = std::string(R"({"Responses":{"Bookmarks":[)") + found + "]}";
    if (!unprocessed.empty()) {
      // Echoed the way DynamoDB does, with the request's projection parameters.
      body += R"(,"UnprocessedKeys":{"Bookmarks":{"Keys":[)" + unprocessed +
              R"(],"ProjectionExpression":"#n0, #n1","ExpressionAttributeNames":)"
              R"({"#n0":"id","#n1":"title"},"ConsistentRead":true}})";
    }
    body += "}";
    return DdbOk(body);
  });
  auto client = NewClient();
  KeysAndAttributes reads;
  for (int n = 0; n < 250; ++n) reads.keys.push_back(Key(n));
  reads.projection = Projection{"id", "title"};
  reads.consistent_read = true;
  ASSERT_OK_AND_ASSIGN(BatchGetAllResult result, client->BatchGetAll({{kTable, reads}}));
  ASSERT_OK(result.AllRead());
  // 3 chunks (100, 100, 50), each with one re-send of its odd half.
  EXPECT_EQ(result.requests_sent, 6);
  ASSERT_EQ(result.items.size(), 1u);
  const std::vector<Item>& items = result.items.at(kTable);
  EXPECT_EQ(items.size(), 249u);  // all but the missing key, which is not a failure
  std::set<std::string> ids;
  for (const Item& item : items) {
    ids.insert(item.at("id").AsS());
    EXPECT_EQ(item.at("title"), AttributeValue::S("T" + item.at("id").AsS()));
  }
  EXPECT_EQ(ids.size(), 249u);
  EXPECT_FALSE(ids.contains("b0007"));
  std::lock_guard lock(mutex);
  ASSERT_EQ(requests.size(), 6u);
  std::size_t keys_sent = 0;
  for (const ReceivedGet& get : requests) {
    EXPECT_EQ(get.projection, requests[0].projection);
    EXPECT_EQ(get.names, requests[0].names);
    EXPECT_TRUE(get.consistent_read);
    EXPECT_LE(get.ids.size(), 100u);
    keys_sent += get.ids.size();
  }
  EXPECT_EQ(keys_sent, 250u + 125u);
  EXPECT_FALSE(requests[0].projection.empty());
  for (const auto& [id, times] : received) EXPECT_LE(times, 2) << id;
  EXPECT_EQ(SortedSleeps(), Repeated({1s}, 3));
}

TEST_F(ClientBatchTest, BatchGetAllReportsKeysThatStayUnprocessed) {
  server_->SetHandler([](const ReceivedRequest& request) {
    std::map<std::string, ReceivedGet> gets = ParseBatchGet(request.body);
    std::string keys;
    for (const std::string& id : gets[kTable].ids) {
      keys += std::string(keys.empty() ? "" : ",") + R"({"id":{"S":")" + id + "\"}}";
    }
    return DdbOk(R"({"Responses":{},"UnprocessedKeys":{"Bookmarks":{"Keys":[)" + keys + "]}}}");
  });
  auto client = NewClient();
  KeysAndAttributes reads;
  for (int n = 0; n < 30; ++n) reads.keys.push_back(Key(n));
  ASSERT_OK_AND_ASSIGN(BatchGetAllResult result, client->BatchGetAll({{kTable, reads}}));
  Status all = result.AllRead();
  ASSERT_FALSE(all.ok());
  EXPECT_EQ(all.error().code(), errc::kUnprocessed);
  ASSERT_EQ(result.failed.size(), 30u);
  std::set<std::string> ids;
  for (const FailedRead& failed : result.failed) {
    EXPECT_EQ(failed.error.code(), errc::kUnprocessed);
    EXPECT_EQ(failed.table_name, kTable);
    ids.insert(failed.key.at("id").AsS());
  }
  EXPECT_EQ(ids.size(), 30u);
  EXPECT_EQ(result.requests_sent, 5);
  EXPECT_EQ(sleeper_->sleeps(), (Sleeps{1s, 2s, 4s, 8s}));
}

TEST_F(ClientBatchTest, BatchGetAllRejectsDuplicateKeysBeforeSending) {
  auto client = NewClient();
  KeysAndAttributes reads;
  reads.keys = {Key(1), Key(2), Key(1)};
  Result<BatchGetAllResult> result = client->BatchGetAll({{kTable, reads}});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code(), errc::kInvalidArgument);
  EXPECT_EQ(server_->requests_received(), 0);
}

TEST_F(ClientBatchTest, BatchGetAllChunkFailureReportsItsKeys) {
  server_->SetHandler([](const ReceivedRequest& request) {
    std::map<std::string, ReceivedGet> gets = ParseBatchGet(request.body);
    if (gets[kTable].ids.front() == "b0100") {
      return DdbError(400, errc::kResourceNotFound, "Requested resource not found");
    }
    std::string items;
    for (const std::string& id : gets[kTable].ids) {
      items += std::string(items.empty() ? "" : ",") + R"({"id":{"S":")" + id + "\"}}";
    }
    return DdbOk(R"({"Responses":{"Bookmarks":[)" + items + "]}}");
  });
  auto client = NewClient();
  KeysAndAttributes reads;
  for (int n = 0; n < 150; ++n) reads.keys.push_back(Key(n));
  ASSERT_OK_AND_ASSIGN(BatchGetAllResult result, client->BatchGetAll({{kTable, reads}}));
  EXPECT_EQ(result.items.at(kTable).size(), 100u);
  ASSERT_EQ(result.failed.size(), 50u);
  for (const FailedRead& failed : result.failed) {
    EXPECT_EQ(failed.error.code(), errc::kResourceNotFound);
  }
  EXPECT_EQ(server_->requests_received(), 2);
}

}  // namespace
}  // namespace homeboard::ddb
