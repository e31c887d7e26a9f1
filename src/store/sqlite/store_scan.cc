// SqliteStore::Scan: a walk of the items table's unique (pk, sk) index from the cursor's key
// on, inside one read snapshot per page. The index covers pk, sk and the rowid, so rows of
// other segments cost an index entry each, not an item read; the items of this segment are
// then read by rowid. One item beyond the page is looked for, so next_cursor is empty exactly
// when the segment has no further item.
#include <fmt/format.h>

#include <cstdint>

#include "store/request_checks.h"
#include "store/sqlite/item_format.h"
#include "store/sqlite/sqlite_store.h"
#include "store/sqlite/store_impl.h"

namespace homeboard::store::sqlite {
namespace {

// The segment of an item with encoded partition key `pk`: FNV-1a 64 modulo the segment
// count, so all items of a partition share a segment, as on DynamoDB.
int SegmentOf(std::string_view pk, int total_segments) {
  std::uint64_t hash = 14695981039346656037ULL;
  for (char c : pk) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 1099511628211ULL;
  }
  return static_cast<int>(hash % static_cast<std::uint64_t>(total_segments));
}

}  // namespace

Result<ScanPage> SqliteStore::Scan(const ScanRequest& request) {
  auto table = impl_->FindTable(request.table);
  if (!table.ok()) return std::move(table).error();
  const TableInfo& info = **table;
  const TableSpec& spec = info.spec;
  if (Status s = CheckScan(request); !s.ok()) return std::move(s).error();
  const std::string scope = ScanCursorScope(request);

  std::string keys_sql = fmt::format("SELECT pk, sk, id FROM {} ", info.items_table);
  std::optional<EncodedKey> start;
  if (!request.cursor.empty()) {
    Result<Item> decoded = impl_->cursors_->Decode(request.cursor, request.table, scope);
    if (!decoded.ok()) return std::move(decoded).error();
    if (Status s = CheckKey(spec, *decoded); !s.ok()) {
      return InvalidArgument("cursor: does not hold a key of this table");
    }
    start = EncodeTableKey(spec, *decoded);
    keys_sql += "WHERE (pk, sk) > (?, ?) ";
  }
  keys_sql += "ORDER BY pk, sk";
  const std::string item_sql = fmt::format("SELECT item FROM {} WHERE id = ?", info.items_table);

  ScanPage page;
  bool more = false;
  Status status = impl_->Read(true, [&](Connection& connection) -> Status {
    Result<Statement> keys = connection.Prepare(keys_sql, "scanning");
    if (!keys.ok()) return std::move(keys).error();
    if (start) {
      keys->BindBlob(1, start->pk);
      keys->BindBlob(2, start->sk);
    }
    for (;;) {
      Result<bool> row = keys->Step();
      if (!row.ok()) return std::move(row).error();
      if (!*row) return {};
      if (SegmentOf(keys->ColumnBlob(0), request.total_segments) != request.segment) continue;
      if (page.items.size() == static_cast<std::size_t>(request.limit)) {
        more = true;
        return {};
      }
      Result<Statement> load = connection.Prepare(item_sql, "scanning");
      if (!load.ok()) return std::move(load).error();
      load->BindInt64(1, keys->ColumnInt64(2));
      Result<bool> found = load->Step();
      if (!found.ok()) return std::move(found).error();
      if (!*found) {
        return Error{
            .code = Error::Code::kCorrupt,
            .message = fmt::format("{}: key index entry without its item row", request.table)};
      }
      Result<Item> item = DecodeItem(load->ColumnBlob(0));
      if (!item.ok()) return std::move(item).error();
      page.items.push_back(std::move(item).value());
    }
  });
  if (!status.ok()) return std::move(status).error();
  if (more) {
    page.next_cursor =
        impl_->cursors_->Encode(request.table, scope, KeyOf(spec, page.items.back()));
  }
  return page;
}

}  // namespace homeboard::store::sqlite
