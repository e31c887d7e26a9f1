// Stores for the service tests: a SqliteStore on a fresh temporary file with every homeboard
// table created (TestStore, header-only, so the service library does not link SQLite), and
// FaultInjectingStore, an ItemStore decorator that makes chosen calls fail — before they
// reach the wrapped store (nothing applied) or after (applied, but the caller is told
// otherwise, as when DynamoDB's answer is lost) — which no real engine does on demand.
//
//   ASSERT_OK_AND_ASSIGN(std::unique_ptr<TestStore> db, TestStore::Open());
//   FaultInjectingStore faulty(db->store());
//   faulty.Inject({.op = FaultInjectingStore::Op::kUpdate,
//                  .code = store::Error::Code::kOutcomeUnknown,
//                  .when = FaultInjectingStore::When::kAfter});
//   ServiceContext context{.store = &faulty, .tables = db->tables()};
#ifndef HOMEBOARD_SERVICE_TESTING_STORE_H_
#define HOMEBOARD_SERVICE_TESTING_STORE_H_

#include <stdlib.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "model/tables.h"
#include "model/timestamp.h"
#include "service/context.h"
#include "store/item_store.h"
#include "store/sqlite/sqlite_store.h"

namespace homeboard::service {

// A SqliteStore on a new temporary directory, with model::AllTableSpecs created; the
// directory is removed on destruction.
class TestStore {
 public:
  static store::Result<std::unique_ptr<TestStore>> Open(std::string table_prefix = "") {
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
    options.cursor_secret = "service-tests-cursor-secret-0001";
    auto opened = store::sqlite::SqliteStore::Open(options);
    if (!opened.ok()) return opened.error();
    test_store->store_ = std::move(opened).value();
    auto ensured = test_store->store_->EnsureTables(model::AllTableSpecs(test_store->tables_), {});
    if (!ensured.ok()) return ensured.error();
    return test_store;
  }

  ~TestStore() {
    store_.reset();
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }

  store::ItemStore* store() const { return store_.get(); }
  const model::TableNames& tables() const { return tables_; }

 private:
  TestStore(std::string dir, std::string prefix) : dir_(std::move(dir)), tables_(prefix) {}

  std::string dir_;
  model::TableNames tables_;
  std::unique_ptr<store::ItemStore> store_;
};

// An ItemStore that forwards to another and fails the calls it is told to.
//
// Thread safety: thread-safe (faults and counters behind a mutex); the wrapped store must be.
class FaultInjectingStore final : public store::ItemStore {
 public:
  enum class Op { kGet, kPut, kUpdate, kDelete, kQuery, kBatchGet, kBatchWrite, kTransact };
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
  store::Result<std::optional<store::Item>> Get(const store::GetRequest& request) override;
  store::Status Put(const store::PutRequest& request) override;
  store::Result<store::Item> Update(const store::UpdateRequest& request) override;
  store::Result<std::optional<store::Item>> Delete(const store::DeleteRequest& request) override;
  store::Result<store::QueryPage> Query(const store::QueryRequest& request) override;
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
  int calls_[8] = {};                       // GUARDED_BY(mu_)
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
