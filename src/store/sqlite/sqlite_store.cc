// SqliteStore: opening the file, the connection pool, table creation and maintenance.
#include "store/sqlite/sqlite_store.h"

#include <fmt/format.h>

#include <charconv>

#include "ddb/internal/crypto.h"
#include "store/request_checks.h"
#include "store/sqlite/condition_eval.h"
#include "store/sqlite/item_format.h"
#include "store/sqlite/store_impl.h"
#include "store/sqlite/update_eval.h"

namespace homeboard::store::sqlite {
namespace {

constexpr std::string_view kFormatVersion = "1";
constexpr std::size_t kMinCursorSecretBytes = 16;

constexpr std::string_view kCreateMeta =
    "CREATE TABLE IF NOT EXISTS hb_meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;"
    "CREATE TABLE IF NOT EXISTS hb_tables(name TEXT PRIMARY KEY, id INTEGER NOT NULL UNIQUE, "
    "spec TEXT NOT NULL) WITHOUT ROWID;";

Error Corrupt(std::string message) {
  return Error{.code = Error::Code::kCorrupt, .message = std::move(message)};
}

bool IsNoSuchTable(const Error& error) {
  return error.code == Error::Code::kInternal &&
         error.message.find("no such table") != std::string::npos;
}

Result<std::string> MetaValue(Connection& connection, std::string_view key) {
  Result<Statement> select =
      connection.Prepare("SELECT value FROM hb_meta WHERE key = ?1", "reading hb_meta");
  if (!select.ok()) return std::move(select).error();
  select->BindText(1, key);
  Result<bool> row = select->Step();
  if (!row.ok()) return std::move(row).error();
  if (!*row) return std::string();
  return std::string(select->ColumnBlob(0));
}

Status SetMetaValue(Connection& connection, std::string_view key, std::string_view value,
                    bool replace) {
  Result<Statement> insert =
      connection.Prepare(replace ? "INSERT OR REPLACE INTO hb_meta(key, value) VALUES(?1, ?2)"
                                 : "INSERT OR IGNORE INTO hb_meta(key, value) VALUES(?1, ?2)",
                         "writing hb_meta");
  if (!insert.ok()) return std::move(insert).error();
  insert->BindText(1, key);
  insert->BindText(2, value);
  return insert->Run();
}

Status CheckOptions(const SqliteStoreOptions& options) {
  if (options.path.empty()) return InvalidArgument("sqlite: the database path is empty");
  if (options.path == ":memory:" || options.path.rfind("file:", 0) == 0) {
    return InvalidArgument(
        "sqlite: the database must be a file path (\":memory:\" and URIs are not supported: "
        "reader connections must open the same database)");
  }
  if (options.reader_connections < 1) {
    return InvalidArgument("sqlite: reader_connections must be at least 1");
  }
  if (options.busy_timeout.count() < 0) {
    return InvalidArgument("sqlite: busy_timeout must not be negative");
  }
  if (!options.cursor_secret.empty() && options.cursor_secret.size() < kMinCursorSecretBytes) {
    return InvalidArgument("sqlite: cursor_secret must be at least 16 bytes (or empty)");
  }
  return {};
}

using StoredTable = std::optional<std::shared_ptr<const TableInfo>>;

// The table `name` as hb_tables records it, or nothing.
Result<StoredTable> SelectTable(Connection& connection, std::string_view name) {
  Result<Statement> select =
      connection.Prepare("SELECT id, spec FROM hb_tables WHERE name = ?1", "reading hb_tables");
  if (!select.ok()) return std::move(select).error();
  select->BindText(1, name);
  Result<bool> row = select->Step();
  if (!row.ok()) return std::move(row).error();
  if (!*row) return StoredTable();
  Result<TableSpec> spec = DecodeSpec(select->ColumnBlob(1));
  if (!spec.ok()) return std::move(spec).error();
  return StoredTable(
      std::make_shared<const TableInfo>(MakeTableInfo(select->ColumnInt64(0), *spec)));
}

}  // namespace

// ------------------------------------------------------------------------- free helpers

EncodedKey EncodeTableKey(const TableSpec& spec, const Item& item) {
  EncodedKey key;
  if (auto it = item.find(spec.partition_key.name); it != item.end()) {
    key.pk = EncodeKeyValue(it->second);
  }
  if (spec.sort_key) {
    if (auto it = item.find(spec.sort_key->name); it != item.end()) {
      key.sk = EncodeKeyValue(it->second);
    }
  }
  return key;
}

std::optional<EncodedKey> EncodeIndexKey(const IndexSpec& index, const Item& item) {
  auto matches = [](const AttributeValue& value, KeyType type) {
    return (type == KeyType::kString && value.IsS() && !value.AsS().empty()) ||
           (type == KeyType::kNumber && value.IsN()) ||
           (type == KeyType::kBinary && value.IsB() && !value.AsB().empty());
  };
  auto partition = item.find(index.partition_key.name);
  if (partition == item.end() || !matches(partition->second, index.partition_key.type)) {
    return std::nullopt;
  }
  EncodedKey key{.pk = EncodeKeyValue(partition->second), .sk = {}};
  if (index.sort_key) {
    auto sort = item.find(index.sort_key->name);
    if (sort == item.end() || !matches(sort->second, index.sort_key->type)) return std::nullopt;
    key.sk = EncodeKeyValue(sort->second);
  }
  return key;
}

Error ConditionFailed() {
  return Error{.code = Error::Code::kConditionFailed, .message = "The conditional request failed"};
}

Result<std::optional<Item>> EvaluateUpdate(const TableSpec& spec, const Update& update,
                                           const Condition& condition,
                                           const std::optional<Item>& old, const Item& key) {
  Result<Item> updated = ApplyUpdate(update, old.value_or(key));
  Status checked = updated.ok() ? CheckItem(spec, *updated) : Status();
  if (!checked.ok() && checked.error().code == Error::Code::kTooLarge) {
    return std::move(checked).error();
  }
  if (!EvaluateCondition(condition, old.value_or(Item()))) return std::optional<Item>();
  if (!updated.ok()) return std::move(updated).error();
  if (!checked.ok()) return std::move(checked).error();
  return std::optional<Item>(std::move(updated).value());
}

// ---------------------------------------------------------------------------------- Impl

void SqliteStore::Impl::Refresh(Connection& connection) {
  std::uint64_t generation = schema_generation_.load();
  if (connection.generation != generation) {
    connection.ClearCache();
    connection.generation = generation;
  }
}

Status SqliteStore::Impl::Write(const std::function<Status(Connection&)>& body) {
  std::lock_guard<std::mutex> lock(writer_mutex_);
  Connection& connection = *writer_;
  Refresh(connection);
  if (Status begin = connection.Begin(/*immediate=*/true); !begin.ok()) return begin;
  Status status = body(connection);
  if (!status.ok()) {
    connection.Rollback();
    if (IsNoSuchTable(status.error())) return TableGone(status.error());
    return status;
  }
  if (Status commit = connection.Commit(); !commit.ok()) return commit;
  NoteOutsideWrites();
  if (options_.checkpoint_every_writes > 0 &&
      ++writes_since_checkpoint_ >= options_.checkpoint_every_writes) {
    writes_since_checkpoint_ = 0;
    // PASSIVE never waits for readers; whatever it cannot copy now, the next one will.
    (void)connection.Exec("PRAGMA wal_checkpoint(PASSIVE)", "checkpointing");
  }
  return {};
}

void SqliteStore::Impl::NoteOutsideWrites() {
  Result<std::string> version = writer_->QueryText("PRAGMA data_version", "data_version");
  std::int64_t value = -2;
  if (version.ok()) {
    std::from_chars(version->data(), version->data() + version->size(), value);
  }
  if (value < 0 || value != writer_data_version_) {
    writer_data_version_ = value;
    outside_writes_.fetch_add(1);
  }
}

std::uint64_t SqliteStore::Impl::OutsideWriteMark() {
  std::unique_lock<std::mutex> lock(writer_mutex_, std::try_to_lock);
  // A write in progress reads the version itself when it ends (no other connection can
  // commit while it holds SQLite's write lock, and one that committed before it is seen then).
  if (lock.owns_lock()) NoteOutsideWrites();
  return outside_writes_.load();
}

Status SqliteStore::Impl::Read(bool snapshot, const std::function<Status(Connection&)>& body) {
  Connection* connection = nullptr;
  {
    std::unique_lock<std::mutex> lock(readers_mutex_);
    reader_available_.wait(lock, [&] { return !idle_readers_.empty(); });
    connection = idle_readers_.back();
    idle_readers_.pop_back();
  }
  Refresh(*connection);
  Status status;
  if (snapshot) status = connection->Begin(/*immediate=*/false);
  if (status.ok()) status = body(*connection);
  if (snapshot) connection->Rollback();  // a read transaction has nothing to commit
  {
    std::lock_guard<std::mutex> lock(readers_mutex_);
    idle_readers_.push_back(connection);
  }
  reader_available_.notify_one();
  if (!status.ok() && IsNoSuchTable(status.error())) return TableGone(status.error());
  return status;
}

Error SqliteStore::Impl::TableGone(const Error& error) {
  // Another store on the file dropped (and perhaps re-created) a table this one had cached:
  // forget every cached spec, so that the next call reads hb_tables afresh.
  std::unique_lock<std::shared_mutex> lock(tables_mutex_);
  tables_.clear();
  return Error{.code = Error::Code::kNotFound, .message = error.message};
}

Result<std::shared_ptr<const TableInfo>> SqliteStore::Impl::FindTable(std::string_view name) {
  // Like the DynamoDB engine: an empty name is a malformed request, any other name that
  // is not a table (even one DynamoDB would call invalid) is simply not found.
  if (name.empty()) return InvalidArgument("the table name is empty");
  {
    std::shared_lock<std::shared_mutex> lock(tables_mutex_);
    if (auto it = tables_.find(name); it != tables_.end()) return it->second;
  }
  std::optional<std::shared_ptr<const TableInfo>> loaded;
  Status status = Read(false, [&](Connection& connection) -> Status {
    auto table = SelectTable(connection, name);
    if (!table.ok()) return std::move(table).error();
    loaded = std::move(*table);
    return {};
  });
  if (!status.ok()) return std::move(status).error();
  if (!loaded) {
    return Error{.code = Error::Code::kNotFound,
                 .message = fmt::format("table {} does not exist", name)};
  }
  std::unique_lock<std::shared_mutex> lock(tables_mutex_);
  tables_[std::string(name)] = *loaded;
  return *loaded;
}

Result<std::optional<Item>> SqliteStore::Impl::LoadItem(Connection& connection,
                                                        const TableInfo& table,
                                                        const EncodedKey& key) {
  Result<Statement> select = connection.Prepare(
      fmt::format("SELECT item FROM {} WHERE pk = ?1 AND sk = ?2", table.items_table),
      "reading an item");
  if (!select.ok()) return std::move(select).error();
  select->BindBlob(1, key.pk);
  select->BindBlob(2, key.sk);
  Result<bool> row = select->Step();
  if (!row.ok()) return std::move(row).error();
  if (!*row) return std::optional<Item>();
  Result<Item> item = DecodeItem(select->ColumnBlob(0));
  if (!item.ok()) return std::move(item).error();
  return std::optional<Item>(std::move(item).value());
}

Status SqliteStore::Impl::StoreItem(Connection& connection, const TableInfo& table,
                                    const EncodedKey& key, const std::optional<Item>& old,
                                    const Item& item) {
  Result<Statement> upsert =
      connection.Prepare(fmt::format("INSERT INTO {}(pk, sk, item) VALUES(?1, ?2, ?3) "
                                     "ON CONFLICT(pk, sk) DO UPDATE SET item = excluded.item",
                                     table.items_table),
                         "writing an item");
  if (!upsert.ok()) return std::move(upsert).error();
  upsert->BindBlob(1, key.pk);
  upsert->BindBlob(2, key.sk);
  upsert->BindBlob(3, EncodeItem(item));
  if (Status s = upsert->Run(); !s.ok()) return s;

  const std::vector<IndexSpec>& indexes = table.spec.global_secondary_indexes;
  for (std::size_t i = 0; i < indexes.size(); ++i) {
    std::optional<EncodedKey> before = old ? EncodeIndexKey(indexes[i], *old) : std::nullopt;
    std::optional<EncodedKey> after = EncodeIndexKey(indexes[i], item);
    if (before == after) continue;
    if (before) {
      Result<Statement> remove = connection.Prepare(
          fmt::format("DELETE FROM {} WHERE ipk = ?1 AND isk = ?2 AND pk = ?3 AND sk = ?4",
                      table.index_tables[i]),
          "updating an index");
      if (!remove.ok()) return std::move(remove).error();
      remove->BindBlob(1, before->pk);
      remove->BindBlob(2, before->sk);
      remove->BindBlob(3, key.pk);
      remove->BindBlob(4, key.sk);
      if (Status s = remove->Run(); !s.ok()) return s;
    }
    if (after) {
      Result<Statement> insert = connection.Prepare(
          fmt::format("INSERT OR REPLACE INTO {}(ipk, isk, pk, sk) VALUES(?1, ?2, ?3, ?4)",
                      table.index_tables[i]),
          "updating an index");
      if (!insert.ok()) return std::move(insert).error();
      insert->BindBlob(1, after->pk);
      insert->BindBlob(2, after->sk);
      insert->BindBlob(3, key.pk);
      insert->BindBlob(4, key.sk);
      if (Status s = insert->Run(); !s.ok()) return s;
    }
  }
  return {};
}

Status SqliteStore::Impl::RemoveItem(Connection& connection, const TableInfo& table,
                                     const EncodedKey& key, const Item& old) {
  Result<Statement> remove =
      connection.Prepare(fmt::format("DELETE FROM {} WHERE pk = ?1 AND sk = ?2", table.items_table),
                         "deleting an item");
  if (!remove.ok()) return std::move(remove).error();
  remove->BindBlob(1, key.pk);
  remove->BindBlob(2, key.sk);
  if (Status s = remove->Run(); !s.ok()) return s;
  const std::vector<IndexSpec>& indexes = table.spec.global_secondary_indexes;
  for (std::size_t i = 0; i < indexes.size(); ++i) {
    std::optional<EncodedKey> before = EncodeIndexKey(indexes[i], old);
    if (!before) continue;
    Result<Statement> index_remove = connection.Prepare(
        fmt::format("DELETE FROM {} WHERE ipk = ?1 AND isk = ?2 AND pk = ?3 AND sk = ?4",
                    table.index_tables[i]),
        "updating an index");
    if (!index_remove.ok()) return std::move(index_remove).error();
    index_remove->BindBlob(1, before->pk);
    index_remove->BindBlob(2, before->sk);
    index_remove->BindBlob(3, key.pk);
    index_remove->BindBlob(4, key.sk);
    if (Status s = index_remove->Run(); !s.ok()) return s;
  }
  return {};
}

// --------------------------------------------------------------------------- SqliteStore

SqliteStore::SqliteStore(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

SqliteStore::~SqliteStore() = default;

std::optional<std::uint64_t> SqliteStore::OutsideWriteMark() { return impl_->OutsideWriteMark(); }

Result<std::unique_ptr<SqliteStore>> SqliteStore::Open(const SqliteStoreOptions& options) {
  if (Status s = CheckOptions(options); !s.ok()) return std::move(s).error();
  auto impl = std::make_unique<Impl>(options);

  auto writer = Connection::Open(options.path, Connection::Mode::kReadWrite, options.busy_timeout);
  if (!writer.ok()) return std::move(writer).error();
  impl->writer_ = std::move(writer).value();
  Connection& connection = *impl->writer_;

  // The first statement is where a file that is not a database shows (SQLITE_NOTADB).
  Result<std::string> mode = connection.QueryText("PRAGMA journal_mode=WAL", "enabling WAL");
  if (!mode.ok()) return std::move(mode).error();
  if (*mode != "wal") {
    return Error{.code = Error::Code::kInternal,
                 .message = fmt::format("sqlite: could not enable WAL on {} (journal_mode is {})",
                                        options.path, *mode)};
  }
  // SQLite's own automatic checkpoint (every 1000 WAL pages) stays on: it bounds the WAL
  // when a few large batches write more than the write-count cadence would checkpoint.
  if (Status s = connection.Exec("PRAGMA synchronous=FULL", "setting pragmas"); !s.ok()) {
    return std::move(s).error();
  }

  std::string secret = options.cursor_secret;
  std::vector<std::pair<std::string, std::string>> stored_tables;
  Status setup = impl->Write([&](Connection& c) -> Status {
    if (Status s = c.Exec(std::string(kCreateMeta), "creating metadata tables"); !s.ok()) return s;
    if (Status s = SetMetaValue(c, "format", kFormatVersion, false); !s.ok()) return s;
    Result<std::string> format = MetaValue(c, "format");
    if (!format.ok()) return std::move(format).error();
    if (*format != kFormatVersion) {
      return Corrupt(fmt::format("sqlite: {} has storage format {}, this build reads format {}",
                                 options.path, *format, kFormatVersion));
    }
    if (secret.empty()) {
      std::string generated = ddb::internal::HexEncode(ddb::internal::RandomBytes(32));
      if (Status s = SetMetaValue(c, "cursor_secret", generated, false); !s.ok()) return s;
      Result<std::string> kept = MetaValue(c, "cursor_secret");
      if (!kept.ok()) return std::move(kept).error();
      secret = *kept;
    }
    Result<Statement> tables = c.Prepare("SELECT name, spec FROM hb_tables", "reading hb_tables");
    if (!tables.ok()) return std::move(tables).error();
    for (;;) {
      Result<bool> row = tables->Step();
      if (!row.ok()) return std::move(row).error();
      if (!*row) break;
      stored_tables.emplace_back(tables->ColumnBlob(0), tables->ColumnBlob(1));
    }
    return {};
  });
  if (!setup.ok()) return std::move(setup).error();
  if (secret.size() < kMinCursorSecretBytes) {
    return Corrupt("sqlite: the stored cursor secret is too short");
  }
  impl->cursors_ = std::make_unique<CursorCodec>(secret);
  // Specs are loaded lazily by FindTable; decoding them here just proves they are intact.
  for (const auto& [name, spec] : stored_tables) {
    if (Result<TableSpec> decoded = DecodeSpec(spec); !decoded.ok()) {
      return Corrupt(fmt::format("sqlite: table {}: {}", name, decoded.error().message));
    }
  }

  for (int i = 0; i < options.reader_connections; ++i) {
    auto reader = Connection::Open(options.path, Connection::Mode::kReadOnly, options.busy_timeout);
    if (!reader.ok()) return std::move(reader).error();
    impl->idle_readers_.push_back(reader->get());
    impl->readers_.push_back(std::move(reader).value());
  }
  return std::unique_ptr<SqliteStore>(new SqliteStore(std::move(impl)));
}

Result<EnsureReport> SqliteStore::EnsureTables(const std::vector<TableSpec>& specs,
                                               const EnsureOptions& options) {
  for (std::size_t i = 0; i < specs.size(); ++i) {
    if (Status s = ValidateSpec(specs[i]); !s.ok()) return std::move(s).error();
    for (std::size_t j = 0; j < i; ++j) {
      if (specs[j].name == specs[i].name) {
        return InvalidArgument(fmt::format("table {} is specified twice", specs[i].name));
      }
    }
  }
  EnsureReport report;
  std::vector<std::shared_ptr<const TableInfo>> changed;
  Status status = impl_->Write([&](Connection& c) -> Status {
    report.tables.clear();
    changed.clear();
    Result<std::string> next = MetaValue(c, "next_table_id");
    if (!next.ok()) return std::move(next).error();
    std::int64_t next_id = 1;
    if (!next->empty()) {
      auto [end, error] = std::from_chars(next->data(), next->data() + next->size(), next_id);
      if (error != std::errc() || end != next->data() + next->size() || next_id < 1) {
        return Corrupt(fmt::format("sqlite: hb_meta next_table_id is \"{}\"", *next));
      }
    }
    for (const TableSpec& spec : specs) {
      TableOutcome& outcome = report.tables.emplace_back();
      outcome.table = spec.name;
      Result<StoredTable> stored = SelectTable(c, spec.name);
      if (!stored.ok()) return std::move(stored).error();

      if (!stored->has_value()) {
        outcome.action =
            options.dry_run ? TableOutcome::Action::kWouldCreate : TableOutcome::Action::kCreated;
        outcome.details.push_back(fmt::format("{} with {} GSI(s)",
                                              DescribeKeys(spec.partition_key, spec.sort_key),
                                              spec.global_secondary_indexes.size()));
        if (options.dry_run) continue;
        if (!spec.ttl_attribute.empty()) {
          outcome.details.push_back(fmt::format("TTL on {}", spec.ttl_attribute));
        }
        auto table = std::make_shared<const TableInfo>(MakeTableInfo(next_id++, spec));
        if (Status s = c.Exec(CreateTableSql(*table), "creating a table"); !s.ok()) return s;
        Result<Statement> insert = c.Prepare(
            "INSERT INTO hb_tables(name, id, spec) VALUES(?1, ?2, ?3)", "writing hb_tables");
        if (!insert.ok()) return std::move(insert).error();
        insert->BindText(1, spec.name);
        insert->BindInt64(2, table->id);
        insert->BindText(3, EncodeSpec(spec));
        if (Status s = insert->Run(); !s.ok()) return s;
        changed.push_back(std::move(table));
        continue;
      }

      const TableInfo& existing = ***stored;
      outcome.details = DescribeDrift(spec, existing.spec);
      if (!outcome.details.empty()) {
        outcome.action = TableOutcome::Action::kDrift;
        continue;
      }
      if (existing.spec.ttl_attribute.empty() && !spec.ttl_attribute.empty()) {
        outcome.action = options.dry_run ? TableOutcome::Action::kWouldEnableTtl
                                         : TableOutcome::Action::kTtlEnabled;
        outcome.details.push_back(fmt::format("TTL on {}", spec.ttl_attribute));
        if (options.dry_run) continue;
        TableSpec updated = existing.spec;
        updated.ttl_attribute = spec.ttl_attribute;
        Result<Statement> update =
            c.Prepare("UPDATE hb_tables SET spec = ?1 WHERE name = ?2", "writing hb_tables");
        if (!update.ok()) return std::move(update).error();
        update->BindText(1, EncodeSpec(updated));
        update->BindText(2, spec.name);
        if (Status s = update->Run(); !s.ok()) return s;
        changed.push_back(std::make_shared<const TableInfo>(MakeTableInfo(existing.id, updated)));
        continue;
      }
      outcome.action = TableOutcome::Action::kUnchanged;
    }
    if (options.dry_run) return {};
    return SetMetaValue(c, "next_table_id", std::to_string(next_id), true);
  });
  if (!status.ok()) return std::move(status).error();
  std::unique_lock<std::shared_mutex> lock(impl_->tables_mutex_);
  for (auto& table : changed) impl_->tables_[table->spec.name] = table;
  return report;
}

Status SqliteStore::DeleteTable(const std::string& table) {
  if (table.empty()) return InvalidArgument("the table name is empty");
  Status status = impl_->Write([&](Connection& c) -> Status {
    Result<StoredTable> stored = SelectTable(c, table);
    if (!stored.ok()) return std::move(stored).error();
    if (!stored->has_value()) {
      return Error{.code = Error::Code::kNotFound,
                   .message = fmt::format("table {} does not exist", table)};
    }
    const TableInfo& info = ***stored;
    Result<Statement> remove =
        c.Prepare("DELETE FROM hb_tables WHERE name = ?1", "writing hb_tables");
    if (!remove.ok()) return std::move(remove).error();
    remove->BindText(1, table);
    if (Status s = remove->Run(); !s.ok()) return s;
    return c.Exec(DropTableSql(info), "dropping a table");
  });
  {
    std::unique_lock<std::shared_mutex> lock(impl_->tables_mutex_);
    impl_->tables_.erase(table);
  }
  if (status.ok()) impl_->schema_generation_.fetch_add(1);
  return status;
}

Status SqliteStore::Checkpoint() {
  std::lock_guard<std::mutex> lock(impl_->writer_mutex_);
  // Returns one row: busy flag, WAL frames, frames checkpointed.
  Result<Statement> checkpoint =
      impl_->writer_->Prepare("PRAGMA wal_checkpoint(TRUNCATE)", "checkpointing");
  if (!checkpoint.ok()) return std::move(checkpoint).error();
  Result<bool> row = checkpoint->Step();
  if (!row.ok()) return std::move(row).error();
  if (*row && checkpoint->ColumnInt64(0) != 0) {
    return Error{.code = Error::Code::kUnavailable,
                 .message = "sqlite: checkpoint could not finish: readers are using the WAL"};
  }
  impl_->writes_since_checkpoint_ = 0;
  return {};
}

Status SqliteStore::SetMaxPageCountForTesting(std::int64_t pages) {
  std::lock_guard<std::mutex> lock(impl_->writer_mutex_);
  return impl_->writer_->Exec(fmt::format("PRAGMA max_page_count={}", pages),
                              "setting max_page_count");
}

}  // namespace homeboard::store::sqlite
