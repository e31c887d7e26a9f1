// How the SQLite engine lays tables out in the database file, and how it keeps their specs.
//
// Layout (see docs/data-model.md for the DynamoDB side):
//   hb_meta(key, value)            format version, cursor secret, next table id
//   hb_tables(name, id, spec)      one row per table; spec is the TableSpec as DynamoDB JSON
//   t<id>(id, pk, sk, item)        the items: pk/sk are the sortable key encodings
//                                  (item_format.h), sk is an empty blob for tables without a
//                                  sort key, item is the encoded item; UNIQUE (pk, sk)
//   t<id>_i<n>(ipk, isk, pk, sk)   the n-th GSI of the spec: one row per item that has the
//                                  index's key attributes (sparse, like DynamoDB), primary
//                                  key (ipk, isk, pk, sk), so a partition scans in index
//                                  sort-key order with ties in table-key order
// Tables are named by a number that is never reused, so table names need no quoting and a
// dropped table's cached statements can never hit a new table.
//
// Specs: validation of a spec before creating it, the DynamoDB-JSON codec for hb_tables, and
// the drift report between a stored spec and a wanted one, worded like the DynamoDB
// engine's (store/dynamo/schema.h) so `homeboard init-db` reads the same on both.
#ifndef HOMEBOARD_STORE_SQLITE_TABLE_CATALOG_H_
#define HOMEBOARD_STORE_SQLITE_TABLE_CATALOG_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "store/item_store.h"
#include "store/request_checks.h"

namespace homeboard::store::sqlite {

// A table as the engine knows it.
struct TableInfo {
  std::int64_t id = 0;
  TableSpec spec;
  std::string items_table;                // "t<id>"
  std::vector<std::string> index_tables;  // "t<id>_i<n>", in spec.global_secondary_indexes order
};

TableInfo MakeTableInfo(std::int64_t id, TableSpec spec);

// The CREATE statements for a new table's SQLite tables and indexes.
std::string CreateTableSql(const TableInfo& table);
// The DROP statements.
std::string DropTableSql(const TableInfo& table);

// A DynamoDB table or index name: 3 to 255 characters of [A-Za-z0-9_.-] (shared with the
// DynamoDB engine in store/request_checks.h).
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.NamingRulesDataTypes.html
using store::IsValidTableName;

// Checks a spec as DynamoDB's CreateTable would: valid table and index names, unique index
// names, non-empty key attribute names, a sort key not named like the partition key, and
// every attribute used as a key with one type throughout. kInvalidArgument.
Status ValidateSpec(const TableSpec& spec);

// hb_tables.spec text and back; kCorrupt for text this did not write.
std::string EncodeSpec(const TableSpec& spec);
Result<TableSpec> DecodeSpec(std::string_view text);

// Every way `stored` differs from `wanted`, one line each, in the DynamoDB engine's words.
// A stored spec without TTL is not drift when the wanted one has TTL (EnsureTables enables
// it); a different TTL attribute, or TTL the wanted spec does not have, is.
std::vector<std::string> DescribeDrift(const TableSpec& wanted, const TableSpec& stored);

// "HASH a" or "HASH a, RANGE b".
std::string DescribeKeys(const KeyAttribute& partition, const std::optional<KeyAttribute>& sort);

}  // namespace homeboard::store::sqlite

#endif  // HOMEBOARD_STORE_SQLITE_TABLE_CATALOG_H_
