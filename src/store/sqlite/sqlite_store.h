// SqliteStore: the ItemStore engine on one embedded SQLite file, for single-machine
// deployments. It behaves as the DynamoDB engine does for every call (one conformance suite
// runs against both); where it is stricter (batches are atomic) it says so below.
//
//   SqliteStoreOptions options{.path = "/var/lib/homeboard/homeboard.db"};
//   Result<std::unique_ptr<SqliteStore>> store = SqliteStore::Open(options);
//   if (!store.ok()) return store.error();
//   (*store)->EnsureTables(model::AllTables(), {});
//
// Storage: one table per TableSpec keyed by sortable encodings of the partition and sort
// key, each GSI a real SQLite table maintained in the same transaction as the item it
// indexes (layout in table_catalog.h, item format in item_format.h). Conditions, filters and
// updates are evaluated in C++ with DynamoDB's semantics (condition_eval.h, update_eval.h).
//
// Durability: journal_mode=WAL and synchronous=FULL; every write is one transaction begun
// with BEGIN IMMEDIATE and committed before the call returns, so an acknowledged write is
// on disk. A write that fails (a false condition, an invalid update, SQLITE_FULL, an I/O
// error) is rolled back whole: nothing of it is applied. The WAL is checkpointed
// (PASSIVE) every `checkpoint_every_writes` writes and whenever it reaches 1000 pages.
//
// Errors, beyond those the ItemStore contract names: the lock held by another process past
// busy_timeout is kUnavailable; a full disk or an I/O error is kInternal naming SQLite's
// reason; a damaged file or item is kCorrupt.
//
// Thread safety: thread-safe. Writes go through one writer connection behind a mutex;
// reads use a pool of `reader_connections` read-only connections and never wait for
// writes (WAL readers see the last committed state). Several stores (or processes) may open
// one file; writes then serialize on SQLite's lock. Table specs are cached per store: when
// another store drops a table, the next call here on it is kNotFound and clears the cache,
// so a table re-created there is found by the call after.
#ifndef HOMEBOARD_STORE_SQLITE_SQLITE_STORE_H_
#define HOMEBOARD_STORE_SQLITE_SQLITE_STORE_H_

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "store/item_store.h"

namespace homeboard::store::sqlite {

struct SqliteStoreOptions {
  // The database file, created if missing. ":memory:" is not supported: the reader
  // connections must open the same database.
  std::string path;
  // Read-only connections for Get, Query and BatchGet (at least 1).
  int reader_connections = 4;
  // How long a write waits for another process's write lock before kUnavailable.
  std::chrono::milliseconds busy_timeout{5000};
  // Secret for signing query cursors (at least 16 bytes). Empty: one is generated on first
  // open and kept in the file, so cursors survive restarts.
  std::string cursor_secret;
  // PRAGMA wal_checkpoint(PASSIVE) after this many writes (a batch or transaction is one),
  // besides SQLite's automatic checkpoint whenever the WAL reaches 1000 pages; 0 or less
  // leaves checkpoints to the automatic ones alone.
  int checkpoint_every_writes = 1000;
};

class SqliteStore final : public ItemStore {
 public:
  // Opens (creating if needed) the database file, sets WAL mode and the pragmas, creates the
  // engine's own metadata tables, and checks the table specs stored in the file (they are
  // loaded on first use).
  // kInvalidArgument for bad options; kCorrupt for a file that is not an engine database
  // (or one written by a newer format); kInternal when the file cannot be opened.
  static Result<std::unique_ptr<SqliteStore>> Open(const SqliteStoreOptions& options);
  ~SqliteStore() override;

  std::string_view engine() const override { return "sqlite"; }

  // Specs are stored in the file, so a reopened file knows its tables. A table whose stored
  // spec differs from the wanted one is kDrift with one line per difference (the DynamoDB
  // engine's wording); a stored spec without TTL where the wanted one has it is updated
  // (kTtlEnabled). TTL is recorded, not enforced: expired items stay until deleted, which
  // DynamoDB also allows itself (it deletes them within days). kInvalidArgument for a spec
  // DynamoDB would refuse (bad names, conflicting key types).
  Result<EnsureReport> EnsureTables(const std::vector<TableSpec>& specs,
                                    const EnsureOptions& options) override;
  Status DeleteTable(const std::string& table) override;

  Result<std::optional<Item>> Get(const GetRequest& request) override;
  Status Put(const PutRequest& request) override;
  // An update of a missing item creates it, even one that only removes attributes (as
  // DynamoDB Local does; see update_eval.h). Errors take DynamoDB Local's precedence: an item
  // the update would make too large is kTooLarge even when the condition is false; a false
  // condition outranks the update's own errors (bad path, wrong type, overflow).
  Result<Item> Update(const UpdateRequest& request) override;
  Result<std::optional<Item>> Delete(const DeleteRequest& request) override;

  // Pages are filled to `limit` items that pass the filter; next_cursor is empty exactly
  // when no further item matches (the engine looks one item ahead).
  Result<QueryPage> Query(const QueryRequest& request) override;
  // In (pk, sk) order within a segment; a segment is the items whose encoded partition key
  // hashes (FNV-1a) to it, so every segment walks the table's key index and reads only its
  // own items. Each page is one read snapshot. See store_scan.cc.
  Result<ScanPage> Scan(const ScanRequest& request) override;

  Result<std::vector<Item>> BatchGet(const std::string& table,
                                     const std::vector<Item>& keys) override;
  // Atomic here: all writes commit in one transaction, or none do.
  Status BatchWrite(const std::vector<store::BatchWrite>& writes) override;
  // kConditionFailed names the first action whose condition is false, unless a later
  // action's update fails on its own (bad path, wrong type, too large), which is that error,
  // as on DynamoDB Local. An empty transaction succeeds.
  Status Transact(const std::vector<TransactAction>& actions) override;

  // Changes when another connection (another process, another store on the file) has
  // committed: the writer connection's PRAGMA data_version, read after each of this store's
  // writes and on each call here when no write is in progress. While a write of this store
  // is in progress the previous answer stands, so an outside commit is seen at the latest
  // when that write ends.
  std::optional<std::uint64_t> OutsideWriteMark() override;

  // PRAGMA integrity_check, then every stored item decoded and every GSI checked against the
  // items it indexes. kCorrupt listing what is wrong (`homeboard doctor`).
  Status IntegrityCheck();
  // PRAGMA wal_checkpoint(TRUNCATE): copies the WAL into the database file and empties it.
  // kUnavailable if readers kept it from finishing.
  Status Checkpoint();

  // Tests only: caps the database at `pages` pages (PRAGMA max_page_count on the writer),
  // so that a test can make writes fail with SQLITE_FULL.
  Status SetMaxPageCountForTesting(std::int64_t pages);

  class Impl;  // the internals, defined in store_impl.h

 private:
  explicit SqliteStore(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace homeboard::store::sqlite

#endif  // HOMEBOARD_STORE_SQLITE_SQLITE_STORE_H_
