// Engine-level benchmarks of store::ItemStore: Put, Get, a 100-item query page and a
// 10-item transaction, on the SQLite engine (a fresh file in $TMPDIR, WAL, synchronous=FULL:
// every write waits for fsync) and, when HOMEBOARD_DDB_ENDPOINT names one (DynamoDB Local),
// on the DynamoDB engine (signed with DynamoDB Local's fixed test credentials). Each
// benchmark reports ops/s (calls per second of wall time: Put and Transact are dominated by
// the disk's fsync or the server, not the CPU). Items look like bookmarks: ~300 bytes, on a
// table with a GSI, so every write also maintains an index.
//
//   build/release/bench/store_engine_bench                       # SQLite only
//   HOMEBOARD_DDB_ENDPOINT=http://127.0.0.1:8000 build/release/bench/store_engine_bench
//
// Results and the exact commands: docs/benchmarks.md, "ItemStore engines".
#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "ddb/client.h"
#include "ddb/credentials.h"
#include "store/dynamo/dynamo_store.h"
#include "store/item_store.h"
#include "store/sqlite/sqlite_store.h"

namespace homeboard::store {
namespace {

using V = AttributeValue;

constexpr int kQueryItems = 100;
constexpr int kTransactItems = 10;
constexpr int kPrefilled = 1000;

TableSpec BenchTable(const std::string& name) {
  return TableSpec{.name = name,
                   .partition_key = {"user_id", KeyType::kString},
                   .sort_key = KeyAttribute{"bookmark_id", KeyType::kString},
                   .global_secondary_indexes = {
                       IndexSpec{.name = "ByCreated",
                                 .partition_key = {"user_id", KeyType::kString},
                                 .sort_key = KeyAttribute{"created_at", KeyType::kString}}}};
}

Item Bookmark(const std::string& user, int n) {
  std::string id = fmt::format("01JD8Z{:020d}", n);
  return {
      {"user_id", V::S(user)},
      {"bookmark_id", V::S(id)},
      {"url", V::S(fmt::format("https://example.com/articles/{}/a-reasonably-long-path", n))},
      {"title", V::S(fmt::format("Bookmark number {}: an interesting page about things", n))},
      {"tags", V::L({V::S("reading"), V::S("dev")})},
      {"created_at", V::S(fmt::format("2026-11-25T08:{:02d}:{:02d}.123Z", n / 60 % 60, n % 60))},
      {"position", V::N(n * 1024)}};
}

// One engine with its table, shared by the benchmarks of that engine; cleans up at exit.
struct Engine {
  std::string name;
  std::unique_ptr<ItemStore> store;
  std::string table;
  std::filesystem::path folder;  // SQLite only
  int next = 0;                  // next fresh bookmark number

  ~Engine() {
    if (store) (void)store->DeleteTable(table);
    store.reset();
    if (!folder.empty()) {
      std::error_code ignored;
      std::filesystem::remove_all(folder, ignored);
    }
  }
};

std::string RandomSuffix() {
  std::random_device random;
  return fmt::format("{:08x}", random());
}

std::unique_ptr<Engine> OpenSqlite() {
  auto engine = std::make_unique<Engine>();
  engine->name = "sqlite";
  engine->folder = std::filesystem::temp_directory_path() / ("hb_store_bench_" + RandomSuffix());
  std::filesystem::create_directories(engine->folder);
  auto opened = sqlite::SqliteStore::Open({.path = (engine->folder / "bench.db").string()});
  if (!opened.ok()) {
    fmt::print(stderr, "sqlite: {}\n", opened.error().ToString());
    return nullptr;
  }
  engine->store = std::move(opened).value();
  engine->table = "Bookmarks";
  return engine;
}

std::unique_ptr<Engine> OpenDynamo(const std::string& endpoint) {
  ddb::ClientOptions options;
  options.endpoint = endpoint;
  options.region = "us-east-1";
  ddb::Credentials credentials;
  credentials.access_key_id = "homeboardlocal";
  credentials.secret_access_key = "homeboardlocalsecret";
  options.credentials = std::make_shared<ddb::StaticCredentialsProvider>(credentials);
  auto client = ddb::Client::Create(options);
  if (!client.ok()) {
    fmt::print(stderr, "dynamodb: {}\n", client.error().ToString());
    return nullptr;
  }
  auto engine = std::make_unique<Engine>();
  engine->name = "dynamodb";
  engine->table = "hb_bench_" + RandomSuffix() + "_Bookmarks";
  auto opened = dynamo::DynamoStore::Create(
      {.client = std::shared_ptr<ddb::Client>(std::move(client).value())});
  if (!opened.ok()) {
    fmt::print(stderr, "dynamodb: {}\n", opened.error().ToString());
    return nullptr;
  }
  engine->store = std::move(opened).value();
  return engine;
}

// Creates the table and puts kPrefilled bookmarks of user "u-query" (queried and read).
bool Prepare(Engine& engine) {
  auto ensured = engine.store->EnsureTables({BenchTable(engine.table)}, {});
  if (!ensured.ok()) {
    fmt::print(stderr, "{}: {}\n", engine.name, ensured.error().ToString());
    return false;
  }
  std::vector<BatchWrite> writes;
  for (int i = 0; i < kPrefilled; ++i) {
    writes.push_back({.table = engine.table, .item = Bookmark("u-query", i)});
  }
  if (auto written = engine.store->BatchWrite(writes); !written.ok()) {
    fmt::print(stderr, "{}: {}\n", engine.name, written.error().ToString());
    return false;
  }
  return true;
}

void Fail(benchmark::State& state, const Error& error) {
  state.SkipWithError(error.ToString().c_str());
}

void SetRate(benchmark::State& state, int items_per_op) {
  state.counters["ops/s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
  state.SetItemsProcessed(state.iterations() * items_per_op);
}

void Put(benchmark::State& state, Engine* engine) {
  for (auto _ : state) {
    Status put =
        engine->store->Put({.table = engine->table, .item = Bookmark("u-put", engine->next++)});
    if (!put.ok()) return Fail(state, put.error());
  }
  SetRate(state, 1);
}

void Get(benchmark::State& state, Engine* engine) {
  std::mt19937 random(1);
  for (auto _ : state) {
    Item key = Bookmark("u-query", static_cast<int>(random() % kPrefilled));
    key = {{"user_id", key.at("user_id")}, {"bookmark_id", key.at("bookmark_id")}};
    auto got = engine->store->Get({.table = engine->table, .key = std::move(key)});
    if (!got.ok()) return Fail(state, got.error());
    if (!got->has_value()) return state.SkipWithError("prefilled item missing");
  }
  SetRate(state, 1);
}

void QueryPage(benchmark::State& state, Engine* engine) {
  std::mt19937 random(2);
  for (auto _ : state) {
    // A page starting at a random place (a range condition), 100 items.
    auto page = engine->store->Query(
        {.table = engine->table,
         .key_condition =
             KeyCondition::Partition("user_id", V::S("u-query"))
                 .SortGreaterOrEqual(
                     "bookmark_id",
                     V::S(fmt::format("01JD8Z{:020d}", random() % (kPrefilled - kQueryItems)))),
         .limit = kQueryItems});
    if (!page.ok()) return Fail(state, page.error());
    if (page->items.size() != kQueryItems) return state.SkipWithError("short page");
  }
  SetRate(state, kQueryItems);
}

void Transact(benchmark::State& state, Engine* engine) {
  for (auto _ : state) {
    std::vector<TransactAction> actions;
    for (int i = 0; i < kTransactItems; ++i) {
      actions.push_back({.kind = TransactAction::Kind::kPut,
                         .table = engine->table,
                         .item = Bookmark("u-tx", engine->next++)});
    }
    Status done = engine->store->Transact(actions);
    if (!done.ok()) return Fail(state, done.error());
  }
  SetRate(state, kTransactItems);
}

void Register(Engine* engine) {
  const std::string& name = engine->name;
  benchmark::RegisterBenchmark((name + "/Put").c_str(), Put, engine)->UseRealTime();
  benchmark::RegisterBenchmark((name + "/Get").c_str(), Get, engine)->UseRealTime();
  benchmark::RegisterBenchmark((name + "/QueryPage100").c_str(), QueryPage, engine)->UseRealTime();
  benchmark::RegisterBenchmark((name + "/Transact10").c_str(), Transact, engine)->UseRealTime();
}

}  // namespace
}  // namespace homeboard::store

int main(int argc, char** argv) {
  using homeboard::store::Engine;
  benchmark::Initialize(&argc, argv);
  std::vector<std::unique_ptr<Engine>> engines;
  if (auto sqlite = homeboard::store::OpenSqlite(); sqlite && homeboard::store::Prepare(*sqlite)) {
    engines.push_back(std::move(sqlite));
  } else {
    return 1;
  }
  if (const char* endpoint = std::getenv("HOMEBOARD_DDB_ENDPOINT"); endpoint && *endpoint) {
    auto dynamo = homeboard::store::OpenDynamo(endpoint);
    if (!dynamo || !homeboard::store::Prepare(*dynamo)) return 1;
    engines.push_back(std::move(dynamo));
  }
  for (auto& engine : engines) homeboard::store::Register(engine.get());
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
