// Stores for the service tests: TestStore, a store with every homeboard table created, on the
// engine HOMEBOARD_TEST_ENGINE names (header-only, so the service library links neither
// engine), and FaultInjectingStore, an ItemStore decorator that makes chosen calls fail —
// before they reach the wrapped store (nothing applied) or after (applied, but the caller is
// told otherwise, as when DynamoDB's answer is lost) — which no real engine does on demand.
//
//   ASSERT_OK_AND_ASSIGN(std::unique_ptr<TestStore> db, TestStore::Open());
//   FaultInjectingStore faulty(db->store());
//   faulty.Inject({.op = FaultInjectingStore::Op::kUpdate,
//                  .code = store::Error::Code::kOutcomeUnknown,
//                  .when = FaultInjectingStore::When::kAfter});
//   ServiceContext context{.store = &faulty, .tables = db->tables()};
//
// Engines (src/service/CMakeLists.txt registers every service test binary that includes this
// header twice: once as is, once as "dynamodb.<test>" with the variables set):
//   HOMEBOARD_TEST_ENGINE unset, "" or "sqlite": a SqliteStore on a fresh temporary file per
//     TestStore, removed on destruction.
//   HOMEBOARD_TEST_ENGINE=dynamodb: a DynamoStore on DynamoDB Local (the endpoint from
//     testing::DynamoDbLocalEndpoint(): $HOMEBOARD_DDB_ENDPOINT, else the file named by
//     $HOMEBOARD_DDB_ENDPOINT_FILE). Creating ten tables with their GSIs costs about a second
//     on DynamoDB Local, so they are created once per process, under one random prefix
//     ("hb_svc_<hex>_"), shared by every TestStore of the process and deleted after its last
//     test (by a GoogleTest environment registered on first use). Under ctest every test is
//     its own process anyway; running a binary by hand shares the tables among all its
//     tests, so a TestStore empties them (Scan + BatchWrite deletes, a few milliseconds)
//     when it is destroyed: every test starts on empty tables, as on SQLite. A TestStore
//     opened while another is alive gets a table set of its own ("hb_svc_<hex>_s1_", ...,
//     created on first need and reused), so two stores of one test are as separate as two
//     SQLite files.
//   Anything else is an error. A DynamoDB Local that is missing or does not answer is an
//   error too (the test fails, it is never skipped), in CI and everywhere else.
#ifndef HOMEBOARD_SERVICE_TESTING_STORE_H_
#define HOMEBOARD_SERVICE_TESTING_STORE_H_

#include <stdlib.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <deque>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "ddb/client.h"
#include "ddb/credentials.h"
#include "model/tables.h"
#include "model/timestamp.h"
#include "service/context.h"
#include "store/dynamo/dynamo_store.h"
#include "store/item_store.h"
#include "store/request_checks.h"
#include "store/sqlite/sqlite_store.h"
#include "testing/dynamodb_local.h"

namespace homeboard::service {

enum class TestEngine { kSqlite, kDynamoDb };

// The engine HOMEBOARD_TEST_ENGINE names (see above); kInvalidArgument for an unknown name.
inline store::Result<TestEngine> TestEngineFromEnvironment() {
  const char* value = std::getenv("HOMEBOARD_TEST_ENGINE");
  std::string_view name = value == nullptr ? std::string_view() : std::string_view(value);
  if (name.empty() || name == "sqlite") return TestEngine::kSqlite;
  if (name == "dynamodb") return TestEngine::kDynamoDb;
  return store::Error{store::Error::Code::kInvalidArgument,
                      "HOMEBOARD_TEST_ENGINE=" + std::string(name) +
                          ": expected \"sqlite\" or \"dynamodb\"",
                      {}};
}

namespace testing_store_internal {

inline constexpr std::string_view kCursorSecret = "service-tests-cursor-secret-0001";

// The DynamoDB side of TestStore, one per process: the client, the random table prefix, and
// the table sets created so far (by TestStore prefix), deleted in the destructor, which runs
// at process exit. Everything that can fail is done in the constructor, whose error every
// later Open() returns.
class SharedDynamo {
 public:
  static SharedDynamo& Get() {
    static SharedDynamo shared;  // constructed (and the client with it) on first use
    return shared;
  }

  // A DynamoStore on a set of tables (process prefix [+ "s<n>_"] + `prefix` + base name) that
  // no other live TestStore uses, creating the set when every existing one is in use (so two
  // TestStores alive at once are as separate as two SQLite files). Release() returns it.
  // Thread-safe.
  store::Result<std::unique_ptr<store::ItemStore>> Open(const std::string& prefix,
                                                        model::TableNames* names) {
    if (!error_.message.empty()) return error_;
    std::lock_guard<std::mutex> lock(mu_);
    std::string full;
    for (int n = 0;; ++n) {
      full = process_prefix_ + (n == 0 ? "" : "s" + std::to_string(n) + "_") + prefix;
      if (in_use_.count(full) == 0) break;
    }
    *names = model::TableNames(full);
    std::vector<store::TableSpec> specs = model::AllTableSpecs(*names);
    // No TTL on test tables: the tests' clocks start on 2026-01-01 (SteppingClock), so every
    // expires_at they write is in the real past, and DynamoDB Local's TTL sweeper would delete
    // sessions, tokens and shares the test still considers live, at a moment of its own
    // choosing. What the services promise (expiry checked on every read) is tested with the
    // injected clock; TTL itself is DynamoDB's job (init_db_test checks it is enabled).
    for (store::TableSpec& spec : specs) spec.ttl_attribute.clear();
    auto opened = store::dynamo::DynamoStore::Create(store::dynamo::DynamoStoreOptions{
        .client = client_, .tables = specs, .cursor_secret = std::string(kCursorSecret)});
    if (!opened.ok()) return opened.error();
    if (created_.count(full) == 0) {
      auto ensured = (*opened)->EnsureTables(specs, {});
      if (!ensured.ok()) return ensured.error();
      created_[full] = specs;
    }
    in_use_.insert(full);
    return std::unique_ptr<store::ItemStore>(std::move(opened).value());
  }

  // Deletes every item of the table set `full_prefix` (a GoogleTest failure if that fails)
  // and makes it free for the next Open().
  void Release(store::ItemStore& store, const std::string& full_prefix) {
    std::lock_guard<std::mutex> lock(mu_);
    in_use_.erase(full_prefix);
    auto specs = created_.find(full_prefix);
    if (specs == created_.end()) return;
    for (const store::TableSpec& spec : specs->second) {
      store::ScanRequest scan{.table = spec.name, .limit = store::kMaxScanLimit};
      for (;;) {
        auto page = store.Scan(scan);
        if (!page.ok()) {
          ADD_FAILURE() << "testing_store: emptying " << spec.name << ": "
                        << page.error().ToString();
          return;
        }
        std::vector<store::BatchWrite> deletes;
        for (const store::Item& item : page->items) {
          deletes.push_back({.table = spec.name,
                             .kind = store::BatchWrite::Kind::kDelete,
                             .item = store::KeyOf(spec, item)});
        }
        if (auto deleted = store.BatchWrite(deletes); !deleted.ok()) {
          ADD_FAILURE() << "testing_store: emptying " << spec.name << ": "
                        << deleted.error().ToString();
          return;
        }
        if (page->next_cursor.empty()) break;
        scan.cursor = page->next_cursor;
      }
    }
  }

  // Deletes every table Open() created. Runs from a GoogleTest environment's TearDown, after
  // the last test and before exit: at exit, the ddb client's thread-local JSON parsers are
  // already gone.
  void DeleteTables() {
    std::lock_guard<std::mutex> lock(mu_);
    for (const auto& [prefix, specs] : created_) {
      auto opened = store::dynamo::DynamoStore::Create(store::dynamo::DynamoStoreOptions{
          .client = client_, .tables = specs, .cursor_secret = std::string(kCursorSecret)});
      if (!opened.ok()) continue;
      for (const store::TableSpec& spec : specs) {
        store::Status deleted = (*opened)->DeleteTable(spec.name);
        if (!deleted.ok() && !deleted.error().Is(store::Error::Code::kNotFound)) {
          ADD_FAILURE() << "testing_store: could not delete table " << spec.name << ": "
                        << deleted.error().ToString();
        }
      }
    }
    created_.clear();
  }

 private:
  SharedDynamo() {
    std::random_device random;
    char hex[17];
    std::snprintf(hex, sizeof hex, "%08x%08x", static_cast<unsigned>(random()),
                  static_cast<unsigned>(random()) ^ static_cast<unsigned>(getpid()));
    process_prefix_ = "hb_svc_" + std::string(hex, 12) + "_";

    std::string endpoint = testing::DynamoDbLocalEndpoint();  // a test failure when missing
    if (endpoint.empty()) {
      error_ = Failure("no DynamoDB endpoint: set HOMEBOARD_DDB_ENDPOINT or "
                       "HOMEBOARD_DDB_ENDPOINT_FILE (see testing/dynamodb_local.h)");
      return;
    }
    ddb::ClientOptions options;
    options.endpoint = endpoint;
    options.region = std::string(testing::kDynamoDbLocalRegion);
    ddb::Credentials credentials;
    credentials.access_key_id = testing::kDynamoDbLocalAccessKeyId;
    credentials.secret_access_key = testing::kDynamoDbLocalSecretAccessKey;
    options.credentials = std::make_shared<ddb::StaticCredentialsProvider>(credentials);
    auto client = ddb::Client::Create(options);
    if (!client.ok()) {
      error_ = Failure("ddb::Client::Create: " + client.error().ToString());
      return;
    }
    // Fail here, with the cause, rather than in the first operation of every test.
    ddb::ListTablesRequest probe;
    probe.limit = 1;
    if (auto answer = (*client)->ListTables(probe); !answer.ok()) {
      error_ = Failure("DynamoDB at " + endpoint + " does not answer: " +
                       answer.error().ToString());
      return;
    }
    client_ = std::shared_ptr<ddb::Client>(std::move(client).value());
    // Owned by GoogleTest, which calls TearDown once after the last test.
    ::testing::AddGlobalTestEnvironment(new Cleanup(this));
  }

  class Cleanup final : public ::testing::Environment {
   public:
    explicit Cleanup(SharedDynamo* shared) : shared_(shared) {}
    void TearDown() override { shared_->DeleteTables(); }

   private:
    SharedDynamo* shared_;
  };

  static store::Error Failure(std::string message) {
    return store::Error{store::Error::Code::kUnavailable, std::move(message), {}};
  }

  store::Error error_;  // message empty: no error
  std::shared_ptr<ddb::Client> client_;
  std::string process_prefix_;
  std::mutex mu_;
  // Table sets by full prefix, and those a live TestStore holds.
  std::map<std::string, std::vector<store::TableSpec>> created_;  // GUARDED_BY(mu_)
  std::set<std::string> in_use_;                                  // GUARDED_BY(mu_)
};

}  // namespace testing_store_internal

// A store of the engine HOMEBOARD_TEST_ENGINE names with model::AllTableSpecs created under
// `table_prefix` (see the top of this file): SQLite on a new temporary directory, removed on
// destruction; DynamoDB on the process's shared tables, which outlive it.
class TestStore {
 public:
  static store::Result<std::unique_ptr<TestStore>> Open(std::string table_prefix = "") {
    auto engine = TestEngineFromEnvironment();
    if (!engine.ok()) return engine.error();
    if (*engine == TestEngine::kDynamoDb) {
      auto test_store = std::unique_ptr<TestStore>(new TestStore("", table_prefix));
      auto opened =
          testing_store_internal::SharedDynamo::Get().Open(table_prefix, &test_store->tables_);
      if (!opened.ok()) return opened.error();
      test_store->store_ = std::move(opened).value();
      return test_store;
    }
    std::error_code error;
    std::filesystem::path base = std::filesystem::temp_directory_path(error);
    if (error) base = "/tmp";
    std::string pattern = (base / "hb_service_XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) {
      return store::Error{store::Error::Code::kInternal, "mkdtemp failed for " + pattern, {}};
    }
    auto test_store = std::unique_ptr<TestStore>(new TestStore(pattern, table_prefix));
    store::sqlite::SqliteStoreOptions options;
    options.path = pattern + "/homeboard.db";
    options.reader_connections = 2;
    options.cursor_secret = std::string(testing_store_internal::kCursorSecret);
    auto opened = store::sqlite::SqliteStore::Open(options);
    if (!opened.ok()) return opened.error();
    test_store->store_ = std::move(opened).value();
    auto ensured = test_store->store_->EnsureTables(model::AllTableSpecs(test_store->tables_), {});
    if (!ensured.ok()) return ensured.error();
    return test_store;
  }

  ~TestStore() {
    if (dir_.empty() && store_ != nullptr) {  // DynamoDB: leave the shared tables empty
      testing_store_internal::SharedDynamo::Get().Release(*store_, tables_.prefix());
    }
    store_.reset();
    if (dir_.empty()) return;
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }

  store::ItemStore* store() const { return store_.get(); }
  const model::TableNames& tables() const { return tables_; }

 private:
  TestStore(std::string dir, std::string prefix) : dir_(std::move(dir)), tables_(prefix) {}

  std::string dir_;  // SQLite only
  model::TableNames tables_;
  std::unique_ptr<store::ItemStore> store_;
};

// An ItemStore that forwards to another and fails the calls it is told to.
//
// Thread safety: thread-safe (faults and counters behind a mutex); the wrapped store must be.
class FaultInjectingStore final : public store::ItemStore {
 public:
  enum class Op {
    kGet, kPut, kUpdate, kDelete, kQuery, kBatchGet, kBatchWrite, kTransact, kScan
  };
  enum class When {
    kBefore,  // fail without calling the wrapped store: nothing is applied
    kAfter,   // call the wrapped store, then fail if it succeeded: applied, answer lost
  };
  struct Fault {
    Op op = Op::kUpdate;
    store::Error::Code code = store::Error::Code::kOutcomeUnknown;
    When when = When::kAfter;
    int count = 1;  // the next `count` calls of `op` fail
  };

  // `base` is not owned and must outlive this store.
  explicit FaultInjectingStore(store::ItemStore* base) : base_(base) {}

  // Queues a fault; faults for the same op apply in the order queued.
  void Inject(const Fault& fault);
  // After the next `writes` successful-or-not write calls (Put, Update, Delete, BatchWrite,
  // Transact) reach the wrapped store, every further write fails with kUnavailable without
  // being applied — a process that died after `writes` steps — until Heal().
  void FailWritesAfter(int writes);
  // Forgets every queued fault and FailWritesAfter.
  void Heal();
  // Called (outside the lock) before every write is forwarded or failed, with its op.
  // Tests use it to line threads up.
  void SetBeforeWrite(std::function<void(Op)> hook);

  // Called (outside the lock) when a call is forwarded to the wrapped store (starting = true)
  // and when it returns (false). Tests use it to measure concurrency.
  void SetCallObserver(std::function<void(Op, bool starting)> observer);

  // Calls of `op` seen so far (including failed ones).
  int Calls(Op op) const;
  // Write calls forwarded to the wrapped store so far.
  int ForwardedWrites() const;

  std::string_view engine() const override { return base_->engine(); }
  store::Result<store::EnsureReport> EnsureTables(const std::vector<store::TableSpec>& specs,
                                                  const store::EnsureOptions& options) override {
    return base_->EnsureTables(specs, options);
  }
  store::Status DeleteTable(const std::string& table) override { return base_->DeleteTable(table); }
  std::optional<std::uint64_t> OutsideWriteMark() override { return base_->OutsideWriteMark(); }
  store::Result<std::optional<store::Item>> Get(const store::GetRequest& request) override;
  store::Status Put(const store::PutRequest& request) override;
  store::Result<store::Item> Update(const store::UpdateRequest& request) override;
  store::Result<std::optional<store::Item>> Delete(const store::DeleteRequest& request) override;
  store::Result<store::QueryPage> Query(const store::QueryRequest& request) override;
  store::Result<store::ScanPage> Scan(const store::ScanRequest& request) override;
  store::Result<std::vector<store::Item>> BatchGet(const std::string& table,
                                                   const std::vector<store::Item>& keys) override;
  store::Status BatchWrite(const std::vector<store::BatchWrite>& writes) override;
  store::Status Transact(const std::vector<store::TransactAction>& actions) override;

 private:
  // The fault to apply to this call of `op`, if any (consumes it), and counts the call.
  std::optional<Fault> Take(Op op, bool is_write);
  // Forwards `call` to the wrapped store between the observer's two notifications.
  template <typename Call>
  auto Forward(Op op, Call call) -> decltype(call());

  store::ItemStore* base_;
  mutable std::mutex mu_;
  std::deque<Fault> faults_;                // GUARDED_BY(mu_)
  std::optional<int> writes_left_;          // GUARDED_BY(mu_)
  std::function<void(Op)> before_write_;    // GUARDED_BY(mu_)
  std::function<void(Op, bool)> observer_;  // GUARDED_BY(mu_)
  int calls_[9] = {};                       // GUARDED_BY(mu_)
  int forwarded_writes_ = 0;                // GUARDED_BY(mu_)
};

// A clock for tests: 2026-01-01T00:00:00Z, advancing one millisecond per reading, so
// timestamps are distinct and ordered. Thread-safe.
class SteppingClock {
 public:
  model::Time Now() { return model::Time(std::chrono::milliseconds(kStart + ticks_.fetch_add(1))); }
  // Moves the clock forward by `ms` milliseconds.
  void Advance(std::int64_t ms) { ticks_.fetch_add(ms); }

 private:
  static constexpr std::int64_t kStart = 1767225600000;  // 2026-01-01T00:00:00Z
  std::atomic<std::int64_t> ticks_{0};
};

// Everything a service test needs: a TestStore, a FaultInjectingStore over it, a stepping
// clock, and a context over the faulty store (which passes everything through until told
// otherwise).
struct ServiceTestEnv {
  static store::Result<std::unique_ptr<ServiceTestEnv>> Open() {
    auto db = TestStore::Open();
    if (!db.ok()) return db.error();
    auto env = std::unique_ptr<ServiceTestEnv>(new ServiceTestEnv(std::move(db).value()));
    return env;
  }

  std::unique_ptr<TestStore> db;
  FaultInjectingStore faulty;
  std::shared_ptr<SteppingClock> clock = std::make_shared<SteppingClock>();
  ServiceContext context;

 private:
  explicit ServiceTestEnv(std::unique_ptr<TestStore> opened)
      : db(std::move(opened)), faulty(db->store()) {
    context.store = &faulty;
    context.tables = db->tables();
    context.now = [clock = clock] { return clock->Now(); };
  }
};

}  // namespace homeboard::service

#endif  // HOMEBOARD_SERVICE_TESTING_STORE_H_
