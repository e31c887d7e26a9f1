// sqlite3 handles, cached prepared statements and error mapping.
#include "store/sqlite/connection.h"

#include <fmt/format.h>
#include <sqlite3.h>

namespace homeboard::store::sqlite {

Error SqliteError(int rc, sqlite3* db, std::string_view what) {
  std::string detail = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  std::string message = fmt::format("sqlite: {}: {} ({})", what, detail, sqlite3_errstr(rc));
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return Error{.code = Error::Code::kUnavailable,
                   .message = message + "; another writer held the database past busy_timeout"};
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return Error{.code = Error::Code::kCorrupt, .message = std::move(message)};
    case SQLITE_FULL:
      return Error{.code = Error::Code::kInternal,
                   .message = message + "; the disk (or the database's page limit) is full"};
    default:
      return Error{.code = Error::Code::kInternal, .message = std::move(message)};
  }
}

// ------------------------------------------------------------------------------ Statement

Statement::Statement(Statement&& other) noexcept
    : connection_(other.connection_),
      stmt_(other.stmt_),
      in_use_(other.in_use_),
      what_(other.what_) {
  other.stmt_ = nullptr;
  other.in_use_ = nullptr;
}

Statement::~Statement() {
  if (stmt_ == nullptr) return;
  if (in_use_ == nullptr) {
    sqlite3_finalize(stmt_);
    return;
  }
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
  *in_use_ = false;
}

void Statement::BindBlob(int index, std::string_view bytes) {
  if (bytes.empty()) {
    sqlite3_bind_zeroblob(stmt_, index, 0);
  } else {
    sqlite3_bind_blob64(stmt_, index, bytes.data(), bytes.size(), SQLITE_TRANSIENT);
  }
}

void Statement::BindText(int index, std::string_view text) {
  sqlite3_bind_text64(stmt_, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
}

void Statement::BindInt64(int index, std::int64_t value) {
  sqlite3_bind_int64(stmt_, index, value);
}

Result<bool> Statement::Step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return SqliteError(rc, connection_->db_, what_);
}

Status Statement::Run() {
  for (;;) {
    Result<bool> row = Step();
    if (!row.ok()) return std::move(row).error();
    if (!*row) return {};
  }
}

std::string_view Statement::ColumnBlob(int column) {
  const void* data = sqlite3_column_blob(stmt_, column);
  int size = sqlite3_column_bytes(stmt_, column);
  if (data == nullptr || size <= 0) return {};
  return std::string_view(static_cast<const char*>(data), static_cast<std::size_t>(size));
}

std::int64_t Statement::ColumnInt64(int column) { return sqlite3_column_int64(stmt_, column); }

// ----------------------------------------------------------------------------- Connection

Result<std::unique_ptr<Connection>> Connection::Open(const std::string& path, Mode mode,
                                                     std::chrono::milliseconds busy_timeout) {
  int flags = SQLITE_OPEN_NOMUTEX;
  flags |= mode == Mode::kReadWrite ? (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)
                                    : SQLITE_OPEN_READONLY;
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    Error error = SqliteError(rc, db, fmt::format("opening {}", path));
    sqlite3_close_v2(db);
    return error;
  }
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, static_cast<int>(busy_timeout.count()));
  return std::unique_ptr<Connection>(new Connection(db));
}

Connection::~Connection() {
  for (auto& [sql, cached] : cache_) sqlite3_finalize(cached->stmt);
  cache_.clear();
  sqlite3_close_v2(db_);
}

Status Connection::Exec(const std::string& sql, std::string_view what) {
  char* error = nullptr;
  int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &error);
  sqlite3_free(error);
  if (rc != SQLITE_OK) return SqliteError(rc, db_, what);
  return {};
}

Result<std::string> Connection::QueryText(const std::string& sql, std::string_view what) {
  Result<Statement> statement = Prepare(sql, what);
  if (!statement.ok()) return std::move(statement).error();
  Result<bool> row = statement->Step();
  if (!row.ok()) return std::move(row).error();
  if (!*row) return std::string();
  return std::string(statement->ColumnBlob(0));
}

Result<Statement> Connection::Prepare(const std::string& sql, std::string_view what) {
  std::unique_ptr<Cached>& cached = cache_[sql];
  if (cached == nullptr) cached = std::make_unique<Cached>();
  bool use_cache = !cached->in_use;
  sqlite3_stmt* stmt = use_cache ? cached->stmt : nullptr;
  if (stmt == nullptr) {
    int rc = sqlite3_prepare_v3(db_, sql.c_str(), static_cast<int>(sql.size()),
                                use_cache ? SQLITE_PREPARE_PERSISTENT : 0, &stmt, nullptr);
    if (rc != SQLITE_OK) {
      sqlite3_finalize(stmt);
      return SqliteError(rc, db_, what);
    }
    if (use_cache) cached->stmt = stmt;
  }
  if (!use_cache) return Statement(this, stmt, nullptr, what);
  cached->in_use = true;
  return Statement(this, stmt, &cached->in_use, what);
}

void Connection::ClearCache() {
  for (auto it = cache_.begin(); it != cache_.end();) {
    if (it->second->in_use) {
      ++it;
      continue;
    }
    sqlite3_finalize(it->second->stmt);
    it = cache_.erase(it);
  }
}

Status Connection::Begin(bool immediate) {
  return Exec(immediate ? "BEGIN IMMEDIATE" : "BEGIN", "starting a transaction");
}

Status Connection::Commit() {
  Status status = Exec("COMMIT", "committing");
  // After a failed COMMIT (SQLITE_FULL, SQLITE_IOERR) the transaction may still be open;
  // SQLite asks for an explicit ROLLBACK so that nothing of it is left half-applied.
  if (!status.ok()) Rollback();
  return status;
}

void Connection::Rollback() {
  if (InTransaction()) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
}

bool Connection::InTransaction() const { return sqlite3_get_autocommit(db_) == 0; }

}  // namespace homeboard::store::sqlite
