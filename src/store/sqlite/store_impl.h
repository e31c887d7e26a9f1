// SqliteStore's internals, shared by the files that implement it (sqlite_store.cc: opening,
// tables and maintenance; store_items.cc: single items; store_query.cc: queries and batch
// gets; store_scan.cc: full-table scans; store_batch.cc: batch writes and transactions).
// Not part of the engine's API.
#ifndef HOMEBOARD_STORE_SQLITE_STORE_IMPL_H_
#define HOMEBOARD_STORE_SQLITE_STORE_IMPL_H_

#include <atomic>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

#include "store/cursor.h"
#include "store/sqlite/connection.h"
#include "store/sqlite/sqlite_store.h"
#include "store/sqlite/table_catalog.h"

namespace homeboard::store::sqlite {

// An item's key in its key-column form.
struct EncodedKey {
  std::string pk;
  std::string sk;  // empty for tables (and indexes) without a sort key
  friend bool operator==(const EncodedKey&, const EncodedKey&) = default;
  friend auto operator<=>(const EncodedKey&, const EncodedKey&) = default;
};

// The table key of `item`, which has the key attributes (CheckKey or CheckItem passed).
EncodedKey EncodeTableKey(const TableSpec& spec, const Item& item);
// The key of `item` in `index`, or nothing when the item is not in that sparse index.
std::optional<EncodedKey> EncodeIndexKey(const IndexSpec& index, const Item& item);

// kConditionFailed with DynamoDB's message.
Error ConditionFailed();

// `update` with `condition` against `old` (absent: the update starts from `key`), with the
// precedence DynamoDB Local shows: an updated item over the size limit is kTooLarge even when
// the condition is false; else a false condition gives an empty optional; else the update's
// own errors (invalid path, wrong type, number overflow) and the new item's other problems
// (CheckItem) are returned; else the new item.
Result<std::optional<Item>> EvaluateUpdate(const TableSpec& spec, const Update& update,
                                           const Condition& condition,
                                           const std::optional<Item>& old, const Item& key);

class SqliteStore::Impl {
 public:
  explicit Impl(SqliteStoreOptions options) : options_(std::move(options)) {}

  // The table called `name`: kInvalidArgument for an empty name, kNotFound when no such
  // table exists (the file is consulted when the cache does not know it, in
  // case another process created it).
  Result<std::shared_ptr<const TableInfo>> FindTable(std::string_view name);

  // Runs `body` inside BEGIN IMMEDIATE ... COMMIT on the writer connection, rolling back if
  // `body` or the commit fails. Counts writes towards the next checkpoint.
  Status Write(const std::function<Status(Connection&)>& body);
  // Runs `body` on a reader connection; inside one read transaction when `snapshot`.
  Status Read(bool snapshot, const std::function<Status(Connection&)>& body);

  // Inside a transaction: the stored item, or nothing.
  Result<std::optional<Item>> LoadItem(Connection& connection, const TableInfo& table,
                                       const EncodedKey& key);
  // Inside a write transaction: stores `item` (numbers already normalized) under `key`,
  // replacing `old` if there was one, and brings every GSI up to date.
  Status StoreItem(Connection& connection, const TableInfo& table, const EncodedKey& key,
                   const std::optional<Item>& old, const Item& item);
  // Inside a write transaction: deletes the item `old` stored under `key` and its GSI rows.
  Status RemoveItem(Connection& connection, const TableInfo& table, const EncodedKey& key,
                    const Item& old);

  const SqliteStoreOptions options_;
  std::unique_ptr<CursorCodec> cursors_;

  // SqliteStore::OutsideWriteMark: looks at the writer's data_version if no write holds it.
  std::uint64_t OutsideWriteMark();

  std::mutex writer_mutex_;
  std::unique_ptr<Connection> writer_;  // guarded by writer_mutex_
  int writes_since_checkpoint_ = 0;     // guarded by writer_mutex_
  // The writer's last PRAGMA data_version (guarded by writer_mutex_), and how many times it
  // was seen to change: other connections' commits (the writer's own never change it).
  std::int64_t writer_data_version_ = -1;
  std::atomic<std::uint64_t> outside_writes_{0};

  std::mutex readers_mutex_;
  std::condition_variable reader_available_;
  std::vector<std::unique_ptr<Connection>> readers_;
  std::vector<Connection*> idle_readers_;  // guarded by readers_mutex_

  std::shared_mutex tables_mutex_;
  std::map<std::string, std::shared_ptr<const TableInfo>, std::less<>> tables_;  // guarded

  // Bumped when tables are dropped; connections clear their statement caches when theirs
  // is older.
  std::atomic<std::uint64_t> schema_generation_{0};

 private:
  void Refresh(Connection& connection);
  // With writer_mutex_ held: counts a change of the writer's data_version (an unreadable
  // one counts too: a cache then starts afresh, which is always safe).
  void NoteOutsideWrites();
  // kNotFound for a statement that found its table dropped, after clearing the table cache.
  Error TableGone(const Error& error);
};

}  // namespace homeboard::store::sqlite

#endif  // HOMEBOARD_STORE_SQLITE_STORE_IMPL_H_
