// Copying whole tables from one ItemStore to another (any engines: SQLite to DynamoDB, back,
// or SQLite to SQLite), with a verification pass: the logic behind `homeboard migrate`.
// Maintenance only, like ItemStore::Scan which it is built on: the source must not be written
// to while it runs (stop the server first), or the verification reports the difference.
//
//   CopyTables(source, target, pairs, options):
//     1. target tables must exist (the caller runs EnsureTables on the target first);
//     2. unless options.existing allows it, every target table must be empty (checked for all
//        tables before anything is written: kRefusedNotEmpty, nothing changed);
//     3. kReplace first deletes every item of the target tables;
//     4. each table is read with a parallel Scan (options.segments segments, one thread
//        each), and written with BatchWrite in chunks of options.batch_size puts;
//     5. both sides are scanned again: per table, the item count and an order-independent
//        checksum of every item's contents (keys included; numbers compared by value, sets
//        as sets) must be equal.
//
// Thread safety: CopyTables runs its own threads; the stores must be thread-safe (both
// engines are). Calls from several threads on one target are not supported.
#ifndef HOMEBOARD_STORE_TABLE_COPY_H_
#define HOMEBOARD_STORE_TABLE_COPY_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "store/item_store.h"
#include "store/table_spec.h"

namespace homeboard::store {

// One table to copy: its spec on the source and on the target. The key schemas must be the
// same (the names may differ, e.g. another table prefix).
struct TablePair {
  TableSpec source;
  TableSpec target;
};

struct CopyOptions {
  enum class Existing {
    kRefuse,   // a target table that holds any item stops the copy before any write
    kResume,   // keep target items: re-copy everything over them (puts are idempotent), as
               // after an interrupted run; target items absent from the source then fail
               // the verification
    kReplace,  // delete every item of the target tables first, then copy
  };
  Existing existing = Existing::kRefuse;
  // Parallel scan segments (and threads) per table, 1..64.
  int segments = 4;
  // Puts per BatchWrite call, 1..1000 (the DynamoDB engine splits them into requests of 25).
  int batch_size = 100;
  // Called from the copying threads (under a lock, one call at a time) after each batch is
  // written, with the table and the items written to it so far. May be empty.
  std::function<void(const std::string& table, std::uint64_t copied)> progress;
};

// The digest of a table's contents: equal for equal sets of items, whatever the order they
// were read in and however their numbers are spelled ("1.50" and "1.5" agree).
struct TableDigest {
  std::uint64_t items = 0;
  std::uint64_t bytes = 0;  // of the canonical encoding, for the report
  std::uint64_t sum = 0;    // sum of the items' 64-bit hashes (mod 2^64)
  std::uint64_t xored = 0;  // XOR of the items' 64-bit hashes
  friend bool operator==(const TableDigest&, const TableDigest&) = default;
  // "sum:xor" in hex, for reports.
  std::string Checksum() const;
};

struct TableCopyReport {
  std::string source_table;
  std::string target_table;
  std::uint64_t target_items_before = 0;  // 0 unless existing == kResume
  std::uint64_t deleted = 0;              // target items deleted first (kReplace)
  std::uint64_t copied = 0;               // items written
  TableDigest source;                     // after copying
  TableDigest target;                     // after copying
  bool verified() const { return source == target; }
};

struct CopyReport {
  enum class Outcome {
    kVerified,         // every table copied and equal on both sides
    kMismatch,         // copied, but some table differs after the copy (see tables)
    kRefusedNotEmpty,  // a target table was not empty; nothing was written
  };
  Outcome outcome = Outcome::kVerified;
  std::vector<TableCopyReport> tables;  // in the order of the pairs
  // kRefusedNotEmpty: the target tables that hold items.
  std::vector<std::string> non_empty_tables;
};

// Copies and verifies (see the top of this file). Errors: kInvalidArgument for bad options or
// pairs whose key schemas differ; kNotFound for a missing table on either side; any store
// error from the scans and writes (the copy stops; what was written stays, and a rerun with
// Existing::kResume finishes it).
[[nodiscard]] Result<CopyReport> CopyTables(ItemStore& source, ItemStore& target,
                                            const std::vector<TablePair>& pairs,
                                            const CopyOptions& options);

// The digest of every item of `table`, read with a parallel scan of `segments` segments.
[[nodiscard]] Result<TableDigest> DigestTable(ItemStore& store, const std::string& table,
                                              int segments);

// The hash of one item's canonical encoding (numbers by value, set elements sorted, map
// entries by name), and the encoding's length.
std::uint64_t ItemHash(const Item& item, std::uint64_t* encoded_bytes = nullptr);

}  // namespace homeboard::store

#endif  // HOMEBOARD_STORE_TABLE_COPY_H_
