// DynamoStore: the DynamoDB engine of store::ItemStore, over the ddb client. Each ItemStore
// call is one DynamoDB operation (Query: a few pages of one), after the checks of
// store/request_checks.h, so a bad request fails the same way here as on the SQLite engine
// and never reaches the network. DynamoDB's errors are mapped to store::Error by
// FromDdbError (error_mapping.h).
//
// Operations:
//   Get       GetItem (ConsistentRead as the request asks)
//   Put       PutItem
//   Update    UpdateItem, ReturnValues=ALL_NEW
//   Delete    DeleteItem, ReturnValues=ALL_OLD
//   Query     Query, page after page until `limit` matching items are found (see below)
//   Scan      Scan (one page, strongly consistent, Segment/TotalSegments when parallel)
//   BatchGet  BatchGetItem in chunks of 100 (Client::BatchGetAll), strongly consistent
//   BatchWrite  BatchWriteItem in chunks of 25 (Client::BatchWriteAll)
//   Transact  TransactWriteItems (with a ClientRequestToken, so a retried attempt applies once)
//   EnsureTables / DeleteTable  store::dynamo::EnsureTables (schema.h) / DeleteTable + wait
//
// Tables: the store only touches tables whose TableSpec it knows: those of
// DynamoStoreOptions::tables and those passed to EnsureTables. Any other table name is
// kNotFound without a request. The spec is also what the request checks use (key names and
// types), so it must describe the real table; EnsureTables reports a table that differs.
//
// Ambiguous writes: a write that DynamoDB may have applied without us learning the outcome
// (the connection dropped after sending, a 5xx answer) is kOutcomeUnknown unless it is safe
// to send again. Conditional writes are never re-sent after such a failure: a re-sent
// `attribute_not_exists` put whose first copy was applied would fail its condition and be
// misreported as kConditionFailed. Likewise a condition that fails on a later attempt of a
// conditional write, after an earlier attempt got a 5xx answer or was throttled, is reported
// as kOutcomeUnknown rather than kConditionFailed, because the earlier attempt may be what
// made the condition false (the client does not say which kind of failure came first).
// Unconditional puts, deletes and idempotent updates (Update::IsIdempotent) are re-sent by the
// client and so end in kUnavailable when retries run out. Caveat of that re-sending: if the
// first copy of an unconditional Delete was applied but its answer lost, the re-sent copy
// finds no item, and Delete returns an empty optional although this call deleted the item.
// Transactions carry a ClientRequestToken, which makes every retry within DynamoDB's
// 10-minute window apply at most once.
//
// Query paging, and how it differs from DynamoDB's own Limit: QueryRequest::limit counts
// items RETURNED, after the filter, while DynamoDB's Limit counts items evaluated before it.
// The store reads DynamoDB pages until it has found one matching item more than `limit`, or
// the partition ends: so next_cursor is empty exactly when no further item matches. Without a
// filter it asks DynamoDB for exactly the items still needed (plus that one); with a filter,
// for at least kMinFilteredPageSize, doubling every round up to kMaxEvaluatedPageSize, so a
// selective filter does not cost dozens of tiny requests. The one remaining difference from
// the SQLite engine: after kMaxPagesPerQuery DynamoDB pages (1 MB each at most) the store
// returns what it has, to bound one call's latency and cost; such a page may hold fewer than
// `limit` items, even none, and its cursor may lead to an empty last page.
// The cursor (store::PagingKey + CursorCodec) names the last position the store consumed:
// the key of the last item returned, or DynamoDB's LastEvaluatedKey when every item after
// that up to the end of a DynamoDB page was filtered out (so the next call does not read
// them again). No matching item is ever skipped or repeated. A cursor is accepted only by
// the query it came from: same table, same index, same partition key value (else
// kInvalidArgument).
//
// Thread safety: thread-safe; one store is shared by all threads (the table registry is
// behind a shared_mutex, the ddb::Client is thread-safe).
#ifndef HOMEBOARD_STORE_DYNAMO_DYNAMO_STORE_H_
#define HOMEBOARD_STORE_DYNAMO_DYNAMO_STORE_H_

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

#include "ddb/client.h"
#include "store/cursor.h"
#include "store/item_store.h"
#include "store/table_spec.h"

namespace homeboard::store::dynamo {

// Filtered queries ask DynamoDB to evaluate at least this many items per request, so a
// selective filter does not turn one store page into dozens of tiny requests...
inline constexpr int kMinFilteredPageSize = 25;
// ...doubling per request up to this many (DynamoDB still stops every page at 1 MB).
inline constexpr int kMaxEvaluatedPageSize = 1000;
// DynamoDB Query requests one ItemStore::Query makes at most before it returns what it
// has, with a cursor to go on.
inline constexpr int kMaxPagesPerQuery = 16;

struct DynamoStoreOptions {
  // Required. Shared: the store keeps it alive for its own lifetime.
  std::shared_ptr<ddb::Client> client;
  // Specs of the tables this store may use (EnsureTables adds more). Names must be unique.
  std::vector<TableSpec> tables;
  // Key of the HMAC that signs query cursors, at least 16 bytes. Every server that may see a
  // cursor made by another (several processes behind one load balancer, a restart in the
  // middle of someone's paging) must share it. Empty: 32 random bytes per store, so cursors
  // stop verifying (kInvalidArgument) once the process restarts; fine for one process and
  // for tests.
  std::string cursor_secret;
};

class DynamoStore final : public ItemStore {
 public:
  // Fails with kInvalidArgument when the client is null, the secret is non-empty but shorter
  // than 16 bytes, or a table spec has an empty name or repeats a name. Sends nothing.
  static Result<std::unique_ptr<DynamoStore>> Create(DynamoStoreOptions options);

  DynamoStore(const DynamoStore&) = delete;
  DynamoStore& operator=(const DynamoStore&) = delete;

  std::string_view engine() const override { return "dynamodb"; }

  // Registers every spec (unless options.dry_run) once EnsureTables succeeded, drifted
  // tables included: they exist, and their differences are in the report.
  Result<EnsureReport> EnsureTables(const std::vector<TableSpec>& specs,
                                    const EnsureOptions& options) override;
  // Deletes the table, waits until DynamoDB no longer lists it, and forgets its spec.
  // kNotFound if the store does not know the table or DynamoDB has no such table.
  Status DeleteTable(const std::string& table) override;

  Result<std::optional<Item>> Get(const GetRequest& request) override;
  Status Put(const PutRequest& request) override;
  Result<Item> Update(const UpdateRequest& request) override;
  Result<std::optional<Item>> Delete(const DeleteRequest& request) override;
  Result<QueryPage> Query(const QueryRequest& request) override;
  // One DynamoDB Scan request per page; see dynamo_store_scan.cc.
  Result<ScanPage> Scan(const ScanRequest& request) override;
  // Strongly consistent reads (like Get's default and like the SQLite engine).
  Result<std::vector<Item>> BatchGet(const std::string& table,
                                     const std::vector<Item>& keys) override;
  Status BatchWrite(const std::vector<store::BatchWrite>& writes) override;
  // An empty transaction succeeds without a request (DynamoDB would reject it).
  Status Transact(const std::vector<TransactAction>& actions) override;

 private:
  DynamoStore(std::shared_ptr<ddb::Client> client, std::string cursor_secret);

  // kInvalidArgument if `update` surely gives a GSI key attribute of `spec` a value of another
  // type than the index declares, or an empty string or binary. DynamoDB rejects such an
  // update (DynamoDB Local does not), and so does the SQLite engine. SetIfNotExists is left to
  // the service: whether it writes depends on the item.
  static Status CheckIndexKeyUpdates(const TableSpec& spec, const ddb::Update& update);
  // The spec registered for `table`, or kNotFound.
  Result<std::shared_ptr<const TableSpec>> FindTable(std::string_view table) const;
  void Register(const TableSpec& spec);

  const std::shared_ptr<ddb::Client> client_;
  const CursorCodec cursors_;

  mutable std::shared_mutex mutex_;
  // Table name -> spec. Specs are immutable once registered; re-registering replaces the
  // pointer, so a request keeps using the spec it looked up.
  std::map<std::string, std::shared_ptr<const TableSpec>, std::less<>>
      tables_;  // GUARDED_BY(mutex_)
};

}  // namespace homeboard::store::dynamo

#endif  // HOMEBOARD_STORE_DYNAMO_DYNAMO_STORE_H_
