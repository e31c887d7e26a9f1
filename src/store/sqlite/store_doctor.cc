// SqliteStore: integrity checks for `homeboard doctor`. Beyond SQLite's own
// integrity_check, every item must decode and sit under its own key, and every GSI must hold
// exactly one row per item that has the index's key attributes.
#include <fmt/format.h>

#include "store/request_checks.h"
#include "store/sqlite/item_format.h"
#include "store/sqlite/sqlite_store.h"
#include "store/sqlite/store_impl.h"

namespace homeboard::store::sqlite {
namespace {

constexpr std::size_t kMaxProblems = 50;

// Checks one table's items and indexes, adding what is wrong to `problems`.
Status CheckTable(Connection& connection, const TableInfo& table,
                  std::vector<std::string>& problems) {
  const std::vector<IndexSpec>& indexes = table.spec.global_secondary_indexes;
  std::vector<std::int64_t> expected(indexes.size(), 0);
  Result<Statement> items = connection.Prepare(
      fmt::format("SELECT id, pk, sk, item FROM {}", table.items_table), "checking items");
  if (!items.ok()) return std::move(items).error();
  for (;;) {
    Result<bool> row = items->Step();
    if (!row.ok()) return std::move(row).error();
    if (!*row || problems.size() >= kMaxProblems) break;
    std::int64_t id = items->ColumnInt64(0);
    EncodedKey stored_key{std::string(items->ColumnBlob(1)), std::string(items->ColumnBlob(2))};
    Result<Item> item = DecodeItem(items->ColumnBlob(3));
    if (!item.ok()) {
      problems.push_back(fmt::format("{}: row {}: {}", table.spec.name, id, item.error().message));
      continue;
    }
    if (!CheckKey(table.spec, KeyOf(table.spec, *item)).ok() ||
        EncodeTableKey(table.spec, *item) != stored_key) {
      problems.push_back(
          fmt::format("{}: row {}: the item's key does not match its row", table.spec.name, id));
    }
    for (std::size_t i = 0; i < indexes.size(); ++i) {
      std::optional<EncodedKey> index_key = EncodeIndexKey(indexes[i], *item);
      if (!index_key) continue;
      ++expected[i];
      Result<Statement> lookup = connection.Prepare(
          fmt::format("SELECT 1 FROM {} WHERE ipk = ?1 AND isk = ?2 AND pk = ?3 AND sk = ?4",
                      table.index_tables[i]),
          "checking an index");
      if (!lookup.ok()) return std::move(lookup).error();
      lookup->BindBlob(1, index_key->pk);
      lookup->BindBlob(2, index_key->sk);
      lookup->BindBlob(3, stored_key.pk);
      lookup->BindBlob(4, stored_key.sk);
      Result<bool> found = lookup->Step();
      if (!found.ok()) return std::move(found).error();
      if (!*found) {
        problems.push_back(fmt::format("{}: row {} is missing from index {}", table.spec.name, id,
                                       indexes[i].name));
      }
    }
  }
  for (std::size_t i = 0; i < indexes.size(); ++i) {
    Result<Statement> count = connection.Prepare(
        fmt::format("SELECT COUNT(*) FROM {}", table.index_tables[i]), "counting an index");
    if (!count.ok()) return std::move(count).error();
    Result<bool> row = count->Step();
    if (!row.ok()) return std::move(row).error();
    std::int64_t rows = *row ? count->ColumnInt64(0) : 0;
    if (rows != expected[i] && problems.size() < kMaxProblems) {
      problems.push_back(fmt::format("{}: index {} has {} rows for {} indexed items",
                                     table.spec.name, indexes[i].name, rows, expected[i]));
    }
  }
  return {};
}

}  // namespace

Status SqliteStore::IntegrityCheck() {
  std::vector<std::string> problems;
  Status status = impl_->Read(true, [&](Connection& connection) -> Status {
    Result<Statement> pragma = connection.Prepare("PRAGMA integrity_check", "integrity_check");
    if (!pragma.ok()) return std::move(pragma).error();
    for (;;) {
      Result<bool> row = pragma->Step();
      if (!row.ok()) return std::move(row).error();
      if (!*row) break;
      std::string line(pragma->ColumnBlob(0));
      if (line != "ok") problems.push_back("sqlite: " + line);
    }
    if (!problems.empty()) return {};  // the b-trees themselves are damaged: stop here

    std::vector<TableInfo> tables;
    Result<Statement> select =
        connection.Prepare("SELECT name, id, spec FROM hb_tables", "reading hb_tables");
    if (!select.ok()) return std::move(select).error();
    for (;;) {
      Result<bool> row = select->Step();
      if (!row.ok()) return std::move(row).error();
      if (!*row) break;
      Result<TableSpec> spec = DecodeSpec(select->ColumnBlob(2));
      if (!spec.ok()) {
        problems.push_back(
            fmt::format("table {}: {}", select->ColumnBlob(0), spec.error().message));
        continue;
      }
      tables.push_back(MakeTableInfo(select->ColumnInt64(1), std::move(spec).value()));
    }
    for (const TableInfo& table : tables) {
      if (Status s = CheckTable(connection, table, problems); !s.ok()) return s;
    }
    return {};
  });
  if (!status.ok()) return status;
  if (problems.empty()) return {};
  return Error{.code = Error::Code::kCorrupt,
               .message = fmt::format("integrity check found {}{} problem(s): {}",
                                      problems.size() >= kMaxProblems ? "at least " : "",
                                      problems.size(), fmt::join(problems, "; "))};
}

}  // namespace homeboard::store::sqlite
