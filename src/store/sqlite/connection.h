// A thin RAII layer over sqlite3 for the SQLite engine: a connection that owns its handle
// and a cache of prepared statements, statements that reset themselves when released, and
// the mapping of SQLite result codes onto store errors. Nothing outside store/sqlite sees
// sqlite3.h.
//
// Error mapping (Error::Code):
//   SQLITE_BUSY, SQLITE_LOCKED (another writer held the lock past busy_timeout) -> kUnavailable
//   SQLITE_CORRUPT, SQLITE_NOTADB                                               -> kCorrupt
//   SQLITE_FULL (disk or max_page_count), SQLITE_IOERR_*, anything else         -> kInternal
// Messages name the step that failed and SQLite's own explanation.
//
// Thread safety: a Connection and its Statements are used by one thread at a time (the
// store hands connections out under a lock); SQLite is opened in multi-thread mode.
#ifndef HOMEBOARD_STORE_SQLITE_CONNECTION_H_
#define HOMEBOARD_STORE_SQLITE_CONNECTION_H_

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "store/item_store.h"

struct sqlite3;
struct sqlite3_stmt;

namespace homeboard::store::sqlite {

// The store error for SQLite result code `rc` while doing `what` on `db` (may be null).
Error SqliteError(int rc, sqlite3* db, std::string_view what);

class Connection;

// A prepared statement in use. Moving transfers it; destruction resets it and clears its
// bindings (so it holds no read snapshot open) and returns it to its connection's cache.
class Statement {
 public:
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&&) = delete;
  Statement(const Statement&) = delete;
  ~Statement();

  // Parameters are 1-based, as in SQLite. A blob of zero bytes binds as an empty blob, not
  // as NULL.
  void BindBlob(int index, std::string_view bytes);
  void BindText(int index, std::string_view text);
  void BindInt64(int index, std::int64_t value);

  // Runs to the next row: true when there is one, false when done; an error otherwise.
  Result<bool> Step();
  // Runs a statement that returns no rows (or ignores them) to completion.
  Status Run();

  // Column values of the current row (0-based). Views stay valid until the next Step.
  std::string_view ColumnBlob(int column);
  std::int64_t ColumnInt64(int column);

 private:
  friend class Connection;
  Statement(Connection* connection, sqlite3_stmt* stmt, bool* in_use, std::string_view what)
      : connection_(connection), stmt_(stmt), in_use_(in_use), what_(what) {}

  Connection* connection_;
  sqlite3_stmt* stmt_;
  bool* in_use_;  // the cache entry's flag; null for an uncached statement (finalized on release)
  std::string_view what_;
};

class Connection {
 public:
  enum class Mode { kReadWrite, kReadOnly };

  // Opens (kReadWrite: creating if missing) the database file at `path` and sets the busy
  // timeout. Pragmas are the caller's business.
  static Result<std::unique_ptr<Connection>> Open(const std::string& path, Mode mode,
                                                  std::chrono::milliseconds busy_timeout);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Runs one or more statements that return nothing of interest.
  Status Exec(const std::string& sql, std::string_view what);
  // The single text value `sql` returns (a pragma's answer), or "" when it returns no row.
  Result<std::string> QueryText(const std::string& sql, std::string_view what);

  // A statement for `sql`, from the cache when it is there and not already in use.
  // `what` names the step in error messages; it must outlive the statement.
  Result<Statement> Prepare(const std::string& sql, std::string_view what);

  // Finalizes every cached statement not in use (after tables were dropped, so the cache
  // does not keep statements for tables that are gone).
  void ClearCache();

  // Transactions. Rollback never fails in a way the caller could act on; it is a no-op
  // outside a transaction.
  Status Begin(bool immediate);
  Status Commit();
  void Rollback();
  bool InTransaction() const;

  sqlite3* handle() const { return db_; }
  std::uint64_t generation = 0;  // the store's schema generation this cache matches

 private:
  friend class Statement;
  explicit Connection(sqlite3* db) : db_(db) {}

  struct Cached {
    sqlite3_stmt* stmt = nullptr;
    bool in_use = false;
  };
  sqlite3* db_;
  std::unordered_map<std::string, std::unique_ptr<Cached>> cache_;
};

}  // namespace homeboard::store::sqlite

#endif  // HOMEBOARD_STORE_SQLITE_CONNECTION_H_
