// Checks both engines apply to requests before touching data, so they reject the same bad
// requests with the same error codes: keys that are not exactly the table's key
// attributes with the right types, items without their key, updates that touch a key,
// oversized items, bad query limits, transactions with too many actions or two actions on
// one item.
#ifndef HOMEBOARD_STORE_REQUEST_CHECKS_H_
#define HOMEBOARD_STORE_REQUEST_CHECKS_H_

#include <string>
#include <string_view>
#include <vector>

#include "store/item_store.h"

namespace homeboard::store {

// DynamoDB's item size limit, which both engines enforce (ddb::ItemSize arithmetic).
inline constexpr std::size_t kMaxItemBytes = 400 * 1024;
inline constexpr int kMaxQueryLimit = 1000;
// DynamoDB's limit on the aggregate size of the items in one transaction.
inline constexpr std::size_t kMaxTransactionBytes = 4 * 1024 * 1024;

// `key` has exactly the table's key attributes, each of its declared type; string and binary
// key values are not empty (DynamoDB rejects empty key values).
Status CheckKey(const TableSpec& spec, const Item& key);

// `item` contains the table's key attributes with the right types, every GSI key attribute it
// has is of the index's declared type (an item without an index's key is simply not in that
// sparse index), it passes DynamoDB's value rules (sets not empty, valid numbers and UTF-8,
// nesting), and it is at most kMaxItemBytes.
Status CheckItem(const TableSpec& spec, const Item& item);

// The update does not set, remove, add to or delete from a key attribute of the table.
Status CheckUpdate(const TableSpec& spec, const Update& update);

// limit within 1..kMaxQueryLimit, the index exists, the key condition names the partition
// key of the table or index (and the sort key, if it has a sort part), consistent reads
// only on the table.
Status CheckQuery(const TableSpec& spec, const QueryRequest& request);

// limit within 1..kMaxScanLimit, total_segments within 1..kMaxScanSegments, segment within
// 0..total_segments-1.
Status CheckScan(const ScanRequest& request);

// The cursor "index" a scan of `segment` of `total_segments` signs its cursors for: a name
// no real index can have ('#' is not allowed in index names), so a query cursor is never
// taken for a scan cursor, nor one segment's cursor for another's.
std::string ScanCursorScope(const ScanRequest& request);

// 3..255 characters of [A-Za-z0-9_.-]: DynamoDB's rule for table and index names.
bool IsValidTableName(std::string_view name);

// What DynamoDB's CreateTable would refuse: table and index names of 3..255 characters of
// [A-Za-z0-9_.-], key names of 1..255 bytes, one attribute declared with two key types, a sort
// key equal to its partition key, two indexes with one name.
Status CheckTableSpec(const TableSpec& spec);

// The items written by a transaction (whole puts, keys and update values) come to at most
// kMaxTransactionBytes; else kTooLarge. A lower bound of what DynamoDB counts, so it never
// refuses a transaction DynamoDB would take.
Status CheckTransactionSize(const std::vector<TransactAction>& actions);

// The key of `item` under `spec` (partition and sort attributes only).
Item KeyOf(const TableSpec& spec, const Item& item);

// kInvalidArgument with `message`.
Error InvalidArgument(std::string message);

}  // namespace homeboard::store

#endif  // HOMEBOARD_STORE_REQUEST_CHECKS_H_
