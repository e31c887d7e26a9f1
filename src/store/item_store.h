// ItemStore: the small, DynamoDB-shaped storage interface the services are written against.
// Two engines implement it identically: store/dynamo (DynamoDB over the ddb client) and
// store/sqlite (one embedded SQLite file). One conformance suite proves they agree.
//
// Values and items are ddb's plain value types (ddb::AttributeValue, ddb::Item); conditions,
// updates and key conditions are ddb's typed builders (ddb::Condition, ddb::Update,
// ddb::KeyCondition): callers never write expression strings, and the SQLite engine
// evaluates the same trees in C++ that the DynamoDB engine renders to expressions.
//
// Durability: every write returns only after the engine has made it durable (DynamoDB has
// acknowledged it; SQLite has committed with synchronous=FULL). There is no write-behind.
//
// Thread safety: implementations are thread-safe; one store is shared by all threads.
#ifndef HOMEBOARD_STORE_ITEM_STORE_H_
#define HOMEBOARD_STORE_ITEM_STORE_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "base/result.h"
#include "ddb/attribute_value.h"
#include "ddb/expression.h"
#include "store/schema_report.h"
#include "store/table_spec.h"

namespace homeboard::store {

using ddb::AttributeValue;
using ddb::Condition;
using ddb::Item;
using ddb::KeyCondition;
using ddb::Update;

// The one error type of the store layer.
struct Error {
  enum class Code {
    kInvalidArgument,   // the request is malformed (bad key, empty table name, bad cursor, ...)
    kConditionFailed,   // a condition was false; nothing was written
    kNotFound,          // the table (not an item: absence of an item is not an error) is missing
    kTooLarge,          // an item or request is over the engine's limits (400 KB items, ...)
    kUnavailable,       // the engine could not be reached or was overloaded; retrying may help
    kOutcomeUnknown,    // a write may or may not have been applied; read back to find out
    kConflict,          // a concurrent transaction touched the same items; retrying may help
    kCorrupt,           // stored data could not be decoded
    kInternal,          // anything else (an engine bug, an I/O error such as a full disk)
  };
  Code code = Code::kInternal;
  std::string message;
  // Transactions: the index of the first action whose condition failed (kConditionFailed).
  std::optional<std::size_t> failed_action;

  bool Is(Code c) const { return code == c; }
  std::string ToString() const;
};

std::string_view CodeName(Error::Code code);

template <typename T>
using Result = base::Result<T, Error>;
using Status = base::Result<void, Error>;

// ---------------------------------------------------------------------------------------
// Requests
// ---------------------------------------------------------------------------------------

struct GetRequest {
  std::string table;
  Item key;  // exactly the table's key attributes
  bool consistent_read = true;
};

struct PutRequest {
  std::string table;
  Item item;            // must contain the key attributes
  Condition condition;  // empty: unconditional
};

struct UpdateRequest {
  std::string table;
  Item key;
  Update update;        // must not touch key attributes
  Condition condition;  // evaluated against the item before the update (absent item: no attributes)
};

struct DeleteRequest {
  std::string table;
  Item key;
  Condition condition;
};

struct QueryRequest {
  std::string table;
  std::string index;  // empty: the table; else one of the table's GSIs
  KeyCondition key_condition;
  Condition filter;   // applied after the key condition; pages count matching items only
  bool forward = true;
  // Items to return at most (1..1000); the engine may return fewer (DynamoDB's 1 MB page),
  // with a cursor to continue.
  int limit = 100;
  // From a previous page's next_cursor; empty: from the start.
  std::string cursor;
  bool consistent_read = false;  // not allowed on a GSI
};

struct QueryPage {
  std::vector<Item> items;
  // Empty when there are no more items. Opaque, URL-safe and tamper-evident: a modified or
  // foreign cursor is kInvalidArgument. Bound to the query's table and index.
  std::string next_cursor;
};

// A page of a full-table scan (ItemStore::Scan). Maintenance only: see Scan.
struct ScanRequest {
  std::string table;
  // Items to return at most (1..kMaxScanLimit); the engine may return fewer, even none,
  // with a cursor to continue.
  int limit = 1000;
  // From a previous page's next_cursor (of the same table and segment); empty: from the start.
  std::string cursor;
  // Parallel scans: this call reads segment `segment` (0-based) of `total_segments`
  // (1..kMaxScanSegments). Every item belongs to exactly one segment, chosen by its
  // partition key alone, so the segments of one scan together return every item once.
  int segment = 0;
  int total_segments = 1;
};

inline constexpr int kMaxScanLimit = 1000;
inline constexpr int kMaxScanSegments = 1000;

struct ScanPage {
  // In an order of the engine's choosing (not key order on DynamoDB), the same on every call.
  std::vector<Item> items;
  // Empty when the segment is done. Opaque and tamper-evident like a query cursor; bound to
  // the table, segment and total_segments. A non-empty cursor may lead to an empty last page.
  std::string next_cursor;
};

// One write of a batch: a whole-item put or a delete by key.
struct BatchWrite {
  enum class Kind { kPut, kDelete };
  std::string table;
  Kind kind = Kind::kPut;
  Item item;  // the item (kPut) or the key (kDelete)
};

// One action of a transaction.
struct TransactAction {
  enum class Kind { kPut, kUpdate, kDelete, kConditionCheck };
  Kind kind = Kind::kPut;
  std::string table;
  Item item;  // kPut: the item; otherwise the key
  Update update;
  Condition condition;
};

// At most this many actions in one transaction, as in DynamoDB.
inline constexpr std::size_t kMaxTransactActions = 100;

class ItemStore {
 public:
  virtual ~ItemStore() = default;

  // Short engine name: "dynamodb" or "sqlite".
  virtual std::string_view engine() const = 0;

  // --- Tables -------------------------------------------------------------------------
  // Creates the missing tables (and indexes and TTL settings), reports drift of existing
  // ones without touching them. Idempotent.
  virtual Result<EnsureReport> EnsureTables(const std::vector<TableSpec>& specs,
                                            const EnsureOptions& options) = 0;
  // Deletes a table and its items (tests, migrations). kNotFound if it does not exist.
  virtual Status DeleteTable(const std::string& table) = 0;

  // --- Single items ---------------------------------------------------------------------
  // The item, or an empty optional when no item has the key.
  virtual Result<std::optional<Item>> Get(const GetRequest& request) = 0;
  // Replaces the whole item. kConditionFailed if the condition is false.
  virtual Status Put(const PutRequest& request) = 0;
  // Applies the update (creating the item if absent and the condition allows) and returns
  // the item as it is afterwards.
  virtual Result<Item> Update(const UpdateRequest& request) = 0;
  // Deletes the item if present (deleting an absent item succeeds unless the condition
  // fails). Returns the deleted item, if there was one.
  virtual Result<std::optional<Item>> Delete(const DeleteRequest& request) = 0;

  // --- Queries ----------------------------------------------------------------------------
  // Items of one partition of the table or GSI, in sort-key order, filtered, one page at a
  // time. Items with equal GSI sort keys come in an order of the engine's choosing (DynamoDB
  // defines none: DynamoDB Local does not order them by table key), the same on every call,
  // so paging never skips or repeats one.
  virtual Result<QueryPage> Query(const QueryRequest& request) = 0;

  // Every item of a table, a page at a time, optionally in parallel segments (one thread
  // per segment, each following its own cursors). FOR MAINTENANCE ONLY — migrate, doctor,
  // backup — never on a request path: it reads the whole table (every partition, every
  // user). Reads are strongly consistent (SQLite: each page is one snapshot). An item that
  // exists, unchanged, for the whole scan is returned exactly once; items written during
  // the scan may or may not be. kInvalidArgument for a bad limit, segment or cursor,
  // kNotFound for a missing table.
  virtual Result<ScanPage> Scan(const ScanRequest& request) = 0;

  // --- Batches ------------------------------------------------------------------------------
  // Any number of keys of one table; missing items are simply absent from the answer, which
  // is in no particular order. Duplicate keys are kInvalidArgument.
  virtual Result<std::vector<Item>> BatchGet(const std::string& table,
                                             const std::vector<Item>& keys) = 0;
  // Any number of puts and deletes, across tables. Not atomic as a whole (DynamoDB applies
  // batches in chunks); on failure the error says how many writes were applied, and every
  // write is idempotent, so re-running the batch finishes it. Two writes to one key are
  // kInvalidArgument.
  virtual Status BatchWrite(const std::vector<BatchWrite>& writes) = 0;

  // --- Transactions ---------------------------------------------------------------------------
  // All actions or none. At most kMaxTransactActions, each on a different item. A false
  // condition fails the whole transaction with kConditionFailed and failed_action set.
  virtual Status Transact(const std::vector<TransactAction>& actions) = 0;

  // --- Outside writers --------------------------------------------------------------------------
  // A number that changes when a writer other than this store object (another process on the
  // same SQLite file, another store opened on it) has committed since the last call, for
  // caches kept over this store (store/write_tracker.h, server/page_view_cache.h). Engines
  // that cannot tell answer nothing: every network engine, where a cache must be told that
  // its process is the only writer. Decorators forward it.
  virtual std::optional<std::uint64_t> OutsideWriteMark() { return std::nullopt; }
};

}  // namespace homeboard::store

#endif  // HOMEBOARD_STORE_ITEM_STORE_H_
