// Typed requests and responses of the item-level DynamoDB operations: PutItem, GetItem,
// UpdateItem, DeleteItem, Query, Scan, BatchGetItem, BatchWriteItem, TransactWriteItems and
// TransactGetItems. Expressions are typed (expression.h); the codec aliases every name and
// value, so callers never build expression strings. Raw JSON never leaves the codec.
//
// API reference: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Operations_Amazon_DynamoDB.html
#ifndef HOMEBOARD_DDB_OPERATIONS_H_
#define HOMEBOARD_DDB_OPERATIONS_H_

#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "ddb/attribute_value.h"
#include "ddb/expression.h"

namespace homeboard::ddb {

// ReturnValues of a write. Not every operation accepts every value: PutItem and DeleteItem
// take kNone or kAllOld; UpdateItem takes all five.
enum class ReturnValues { kNone, kAllOld, kUpdatedOld, kAllNew, kUpdatedNew };

enum class ReturnConsumedCapacity { kNone, kTotal, kIndexes };

// Select of Query and Scan. kDefault sends nothing (the service picks ALL_ATTRIBUTES, or
// SPECIFIC_ATTRIBUTES when a projection is given).
enum class Select { kDefault, kAllAttributes, kAllProjectedAttributes, kSpecificAttributes, kCount };

// Capacity consumed by one operation on one table, when ReturnConsumedCapacity asked for it.
struct ConsumedCapacity {
  std::string table_name;
  double capacity_units = 0;
  double read_capacity_units = 0;
  double write_capacity_units = 0;
  // Per index (kIndexes only): index name -> capacity units.
  std::map<std::string, double> global_secondary_indexes;
  std::map<std::string, double> local_secondary_indexes;
  double table_capacity_units = 0;
};

// Idempotency of a write, which decides whether it may be re-sent after an ambiguous
// failure (the request went out and no answer came back). kAuto derives it: whole-item
// puts and deletes are idempotent; an update is idempotent unless it adds, appends or does
// arithmetic (Update::IsIdempotent). Callers that know better (for example a conditional
// update that can only succeed once) may say so.
enum class IdempotencyHint { kAuto, kIdempotent, kNotIdempotent };

// ---------------------------------------------------------------------------------------
// Single-item operations
// ---------------------------------------------------------------------------------------

struct PutItemRequest {
  std::string table_name;
  Item item;
  Condition condition;  // empty: unconditional
  ReturnValues return_values = ReturnValues::kNone;  // kNone or kAllOld
  // ReturnValuesOnConditionCheckFailure=ALL_OLD: a failed condition's Error carries the item.
  bool return_item_on_condition_failure = false;
  ReturnConsumedCapacity return_consumed_capacity = ReturnConsumedCapacity::kNone;
  IdempotencyHint idempotency = IdempotencyHint::kAuto;
};

struct PutItemResponse {
  std::optional<Item> attributes;  // the old item, when asked for and one existed
  std::optional<ConsumedCapacity> consumed_capacity;
};

struct GetItemRequest {
  std::string table_name;
  Item key;
  bool consistent_read = false;
  Projection projection;  // empty: all attributes
  ReturnConsumedCapacity return_consumed_capacity = ReturnConsumedCapacity::kNone;
};

struct GetItemResponse {
  std::optional<Item> item;  // empty when no item has the key: absence is not an error
  std::optional<ConsumedCapacity> consumed_capacity;
};

struct UpdateItemRequest {
  std::string table_name;
  Item key;
  Update update;
  Condition condition;
  ReturnValues return_values = ReturnValues::kNone;
  bool return_item_on_condition_failure = false;
  ReturnConsumedCapacity return_consumed_capacity = ReturnConsumedCapacity::kNone;
  IdempotencyHint idempotency = IdempotencyHint::kAuto;
};

struct UpdateItemResponse {
  std::optional<Item> attributes;
  std::optional<ConsumedCapacity> consumed_capacity;
};

struct DeleteItemRequest {
  std::string table_name;
  Item key;
  Condition condition;
  ReturnValues return_values = ReturnValues::kNone;  // kNone or kAllOld
  bool return_item_on_condition_failure = false;
  ReturnConsumedCapacity return_consumed_capacity = ReturnConsumedCapacity::kNone;
  IdempotencyHint idempotency = IdempotencyHint::kAuto;
};

struct DeleteItemResponse {
  std::optional<Item> attributes;
  std::optional<ConsumedCapacity> consumed_capacity;
};

// ---------------------------------------------------------------------------------------
// Query and Scan
// ---------------------------------------------------------------------------------------

struct QueryRequest {
  std::string table_name;
  std::string index_name;  // empty: the table itself
  KeyCondition key_condition;
  Condition filter;
  Projection projection;
  // Items to evaluate (before the filter) in this one request; the service also stops at
  // 1 MB. Unset: no limit beyond 1 MB.
  std::optional<int> limit;
  bool scan_index_forward = true;
  bool consistent_read = false;
  Select select = Select::kDefault;
  std::optional<Item> exclusive_start_key;
  ReturnConsumedCapacity return_consumed_capacity = ReturnConsumedCapacity::kNone;
};

struct QueryResponse {
  std::vector<Item> items;
  int count = 0;          // items after the filter (what Select=COUNT returns)
  int scanned_count = 0;  // items evaluated before the filter
  // Present when the service stopped early; pass it as exclusive_start_key to go on. A page
  // may be empty yet carry a key, and the last page may carry a key that leads to nothing.
  std::optional<Item> last_evaluated_key;
  std::optional<ConsumedCapacity> consumed_capacity;
};

struct ScanRequest {
  std::string table_name;
  std::string index_name;
  Condition filter;
  Projection projection;
  std::optional<int> limit;
  bool consistent_read = false;
  Select select = Select::kDefault;
  std::optional<Item> exclusive_start_key;
  // Parallel scan: this request reads segment `segment` of `total_segments` (1..1,000,000).
  std::optional<int> segment;
  std::optional<int> total_segments;
  ReturnConsumedCapacity return_consumed_capacity = ReturnConsumedCapacity::kNone;
};

using ScanResponse = QueryResponse;

// ---------------------------------------------------------------------------------------
// Batches
// ---------------------------------------------------------------------------------------

// One write of a BatchWriteItem: a whole-item put or a delete by key.
struct WriteRequest {
  enum class Kind { kPut, kDelete };
  Kind kind = Kind::kPut;
  Item item;  // the item for kPut, the key for kDelete

  static WriteRequest Put(Item item) { return {Kind::kPut, std::move(item)}; }
  static WriteRequest Delete(Item key) { return {Kind::kDelete, std::move(key)}; }
  friend bool operator==(const WriteRequest&, const WriteRequest&) = default;
};

// The wire-level BatchWriteItem: at most 25 writes in all. Most callers want
// Client::BatchWriteAll, which takes any number and handles chunking and retries.
struct BatchWriteItemRequest {
  std::map<std::string, std::vector<WriteRequest>> request_items;  // table -> writes
  ReturnConsumedCapacity return_consumed_capacity = ReturnConsumedCapacity::kNone;
};

struct BatchWriteItemResponse {
  std::map<std::string, std::vector<WriteRequest>> unprocessed_items;
  std::vector<ConsumedCapacity> consumed_capacity;
};

// Keys to read from one table in a BatchGetItem.
struct KeysAndAttributes {
  std::vector<Item> keys;
  Projection projection;
  bool consistent_read = false;
};

// The wire-level BatchGetItem: at most 100 keys in all. See Client::BatchGetAll.
struct BatchGetItemRequest {
  std::map<std::string, KeysAndAttributes> request_items;  // table -> keys
  ReturnConsumedCapacity return_consumed_capacity = ReturnConsumedCapacity::kNone;
};

struct BatchGetItemResponse {
  std::map<std::string, std::vector<Item>> responses;  // table -> items found (any order)
  std::map<std::string, KeysAndAttributes> unprocessed_keys;
  std::vector<ConsumedCapacity> consumed_capacity;
};

// ---------------------------------------------------------------------------------------
// Transactions
// ---------------------------------------------------------------------------------------

struct TransactPut {
  std::string table_name;
  Item item;
  Condition condition;
  bool return_item_on_condition_failure = false;
};

struct TransactUpdate {
  std::string table_name;
  Item key;
  Update update;
  Condition condition;
  bool return_item_on_condition_failure = false;
};

struct TransactDelete {
  std::string table_name;
  Item key;
  Condition condition;
  bool return_item_on_condition_failure = false;
};

struct TransactConditionCheck {
  std::string table_name;
  Item key;
  Condition condition;  // required
  bool return_item_on_condition_failure = false;
};

using TransactWriteItem =
    std::variant<TransactPut, TransactUpdate, TransactDelete, TransactConditionCheck>;

// At most 100 actions, no two on the same item. A ClientRequestToken is always sent: the
// given one, or one the client generates; it is reused on every retry, so the service
// applies a retried transaction once (within its 10-minute idempotency window).
struct TransactWriteItemsRequest {
  std::vector<TransactWriteItem> items;
  std::string client_request_token;  // empty: generated
  ReturnConsumedCapacity return_consumed_capacity = ReturnConsumedCapacity::kNone;
};

struct TransactWriteItemsResponse {
  std::vector<ConsumedCapacity> consumed_capacity;
};

struct TransactGet {
  std::string table_name;
  Item key;
  Projection projection;
};

struct TransactGetItemsRequest {
  std::vector<TransactGet> items;  // at most 100
  ReturnConsumedCapacity return_consumed_capacity = ReturnConsumedCapacity::kNone;
};

struct TransactGetItemsResponse {
  // One entry per requested item, in request order; empty where no item has the key.
  std::vector<std::optional<Item>> items;
  std::vector<ConsumedCapacity> consumed_capacity;
};

}  // namespace homeboard::ddb

#endif  // HOMEBOARD_DDB_OPERATIONS_H_
