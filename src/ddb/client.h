// Client: the DynamoDB client. One thread-safe object per endpoint, shared by all threads;
// it holds a pool of kept-alive connections, signs every attempt afresh with SigV4, retries
// by the RetryPolicy (at most 5 attempts, exponential backoff with full jitter, 20 s cap),
// never blindly re-sends a write that may already have been applied, and turns every
// failure into a typed Error.
//
// Usage:
//   ClientOptions options;
//   options.endpoint = "http://localhost:8000";  // empty: AWS, from env / ~/.aws/config
//   auto client = Client::Create(options);
//   if (!client.ok()) ...;
//   PutItemRequest put{.table_name = "Bookmarks", .item = {...}};
//   put.condition = Condition::AttributeNotExists("user_id");
//   Result<PutItemResponse> r = (*client)->PutItem(put);
//
// Errors: every call returns Result<T>. Error::code() is the DynamoDB error name
// ("ConditionalCheckFailedException", ...) or one of errc's client codes; see error.h.
#ifndef HOMEBOARD_DDB_CLIENT_H_
#define HOMEBOARD_DDB_CLIENT_H_

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ddb/aws_config.h"
#include "ddb/credentials.h"
#include "ddb/curl_transport.h"
#include "ddb/error.h"
#include "ddb/http.h"
#include "ddb/operations.h"
#include "ddb/retry.h"
#include "ddb/runtime.h"
#include "ddb/signer.h"
#include "ddb/table_operations.h"

namespace homeboard::ddb {

namespace internal {
class TaskPool;
}  // namespace internal

// What one attempt did, for logging and metrics (ClientOptions::attempt_observer).
struct AttemptInfo {
  std::string_view operation;  // "PutItem"
  std::string_view table;      // first table named by the request, if any
  int attempt = 0;             // 1-based
  int http_status = 0;         // 0 when no HTTP answer came
  std::string_view error_code;  // empty on success
  std::chrono::microseconds latency{0};
  // The wait before the next attempt (zero when there is none).
  std::chrono::nanoseconds retry_delay{0};
};

using AttemptObserver = std::function<void(const AttemptInfo&)>;

// One log line for an attempt, e.g.
// "PutItem Bookmarks attempt 2: HTTP 400 ThrottlingException in 812us, retrying in 43ms".
// For an AttemptObserver that writes a debug log.
std::string FormatAttempt(const AttemptInfo& info);

struct ClientOptions {
  // DynamoDB endpoint URL, e.g. "http://localhost:8000" for DynamoDB Local. Empty: resolved
  // like the AWS CLI (AWS_ENDPOINT_URL_DYNAMODB, AWS_ENDPOINT_URL, the profile's
  // endpoint_url, else https://dynamodb.<region>.amazonaws.com).
  std::string endpoint;
  // Empty: AWS_REGION, AWS_DEFAULT_REGION, then the profile's region. With an explicit
  // endpoint and no region anywhere, "us-east-1" is used (DynamoDB Local ignores it).
  std::string region;
  // Null: the default chain (env, ~/.aws files, ECS container endpoint, EC2 IMDSv2).
  std::shared_ptr<CredentialsProvider> credentials;
  // Null: a CurlTransport made from transport_options.
  std::shared_ptr<HttpTransport> transport;
  CurlTransportOptions transport_options;
  RetryOptions retry;
  // Requests one call may have in flight at once (batch chunks, parallel scan segments,
  // QueryMany). Also sizes the client's worker pool.
  int max_parallel_requests = 8;
  // Check the x-amz-crc32 header of responses (a missing header is not an error).
  bool verify_crc32 = true;
  // Environment lookup (tests inject a fake); null: the process environment.
  EnvLookup env;
  // Seams; null: the system implementations.
  std::shared_ptr<Clock> clock;
  std::shared_ptr<Sleeper> sleeper;
  std::shared_ptr<Random> random;
  // Called after every attempt on the calling thread; must be cheap and thread-safe.
  AttemptObserver attempt_observer;
};

// Outcome of BatchWriteAll: which writes did not happen, and why.
struct FailedWrite {
  std::string table_name;
  WriteRequest request;
  Error error;  // errc::kUnprocessed when the retries ran out, else the chunk's error
};

struct BatchWriteAllResult {
  std::vector<FailedWrite> failed;  // empty: every write was applied
  std::vector<ConsumedCapacity> consumed_capacity;
  int requests_sent = 0;
  // OK when every write was applied; else an errc::kUnprocessed Error saying how many
  // writes failed and the first cause.
  Status AllWritten() const;
};

struct FailedRead {
  std::string table_name;
  Item key;
  Error error;
};

struct BatchGetAllResult {
  std::map<std::string, std::vector<Item>> items;  // table -> items found (any order)
  std::vector<FailedRead> failed;                  // keys not read (missing keys are not here)
  std::vector<ConsumedCapacity> consumed_capacity;
  int requests_sent = 0;
  Status AllRead() const;
};

class Client {
 public:
  // Resolves region, endpoint and credentials; fails with errc::kConfiguration or
  // errc::kCredentials saying what was looked at. Does not contact the endpoint.
  static Result<std::unique_ptr<Client>> Create(const ClientOptions& options);

  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  const std::string& endpoint() const { return endpoint_; }
  const std::string& region() const { return region_; }

  // --- Items ------------------------------------------------------------------------
  // A failed condition is ConditionalCheckFailedException (never retried). A write that is
  // not idempotent (see IdempotencyHint) and got no answer fails with errc::kOutcomeUnknown.
  Result<PutItemResponse> PutItem(const PutItemRequest& request);
  Result<GetItemResponse> GetItem(const GetItemRequest& request);
  Result<UpdateItemResponse> UpdateItem(const UpdateItemRequest& request);
  Result<DeleteItemResponse> DeleteItem(const DeleteItemRequest& request);

  // --- Query and Scan (one page each; paginator.h walks pages one at a time) ----------
  Result<QueryResponse> Query(const QueryRequest& request);
  Result<ScanResponse> Scan(const ScanRequest& request);

  // Every page of `request`, concatenated (follows LastEvaluatedKey until it is absent; empty
  // pages are followed too). Stops early once `max_items` items are collected, if given.
  Result<std::vector<Item>> QueryAll(QueryRequest request,
                                     std::optional<std::size_t> max_items = std::nullopt);
  // Runs the queries concurrently (at most max_parallel_requests at once), each to its last
  // page. Results are in request order.
  std::vector<Result<std::vector<Item>>> QueryMany(const std::vector<QueryRequest>& requests);
  // A parallel scan of every segment (total_segments of them, run concurrently, bounded),
  // each to its last page. `request.segment`/`total_segments` are set by this call.
  Result<std::vector<Item>> ParallelScan(ScanRequest request, int total_segments);

  // --- Batches --------------------------------------------------------------------------
  // The wire operations: at most 25 writes / 100 keys; unprocessed parts are returned, not
  // retried.
  Result<BatchWriteItemResponse> BatchWriteItem(const BatchWriteItemRequest& request);
  Result<BatchGetItemResponse> BatchGetItem(const BatchGetItemRequest& request);

  // Any number of writes: rejects duplicate keys within one table (errc::kInvalidArgument,
  // nothing sent), splits into chunks of at most 25 writes and under the 16 MB request
  // limit, sends chunks concurrently (bounded), re-sends UnprocessedItems with backoff up to
  // the retry budget, and reports exactly what was not written. `key_attributes` maps a table
  // to its key attribute names (partition, optional sort) for the duplicate check; tables
  // missing from it are checked on whole-item equality only.
  Result<BatchWriteAllResult> BatchWriteAll(
      const std::map<std::string, std::vector<WriteRequest>>& writes,
      const std::map<std::string, KeySchema>& key_schemas = {});
  // Any number of keys, 100 per request, concurrently, retrying UnprocessedKeys. Duplicate
  // keys in one table are rejected (the service rejects them too).
  Result<BatchGetAllResult> BatchGetAll(const std::map<std::string, KeysAndAttributes>& reads);

  // --- Transactions ---------------------------------------------------------------------
  // A cancelled transaction is TransactionCanceledException with cancellation_reasons() in
  // request order; it is retried only when every reason is transient (conflict/throttling).
  Result<TransactWriteItemsResponse> TransactWriteItems(const TransactWriteItemsRequest& request);
  Result<TransactGetItemsResponse> TransactGetItems(const TransactGetItemsRequest& request);

  // --- Tables ---------------------------------------------------------------------------
  Result<TableDescription> CreateTable(const CreateTableRequest& request);
  // ResourceNotFoundException when the table does not exist.
  Result<TableDescription> DescribeTable(const std::string& table_name);
  Result<TableDescription> DeleteTable(const std::string& table_name);
  Result<ListTablesResponse> ListTables(const ListTablesRequest& request);
  // All table names, following pagination.
  Result<std::vector<std::string>> ListAllTables();
  Result<TimeToLiveDescription> UpdateTimeToLive(const UpdateTimeToLiveRequest& request);
  Result<TimeToLiveDescription> DescribeTimeToLive(const std::string& table_name);

  // Waiters: poll DescribeTable (every `poll`, on the client's sleeper) until the table and
  // all its GSIs are ACTIVE / until it is gone, or fail with errc::kDeadlineExceeded.
  Result<TableDescription> WaitUntilTableActive(
      const std::string& table_name, std::chrono::milliseconds timeout = std::chrono::minutes(5),
      std::chrono::milliseconds poll = std::chrono::milliseconds(500));
  Status WaitUntilTableDeleted(const std::string& table_name,
                               std::chrono::milliseconds timeout = std::chrono::minutes(5),
                               std::chrono::milliseconds poll = std::chrono::milliseconds(500));

  // The retry policy, shared by all calls (quota state, options).
  RetryPolicy& retry_policy() { return *retry_policy_; }

 private:
  Client() = default;

  // What the attempt loop needs to know about one call.
  struct CallSpec {
    std::string_view operation;  // wire name, e.g. "PutItem"
    std::string_view table;      // for errors and the observer
    Idempotency idempotency = Idempotency::kIdempotent;
  };

  // Sends `body` as spec.operation, signing every attempt afresh and retrying per policy.
  // Returns the 200 response (CRC-checked), or the final Error.
  Result<HttpResponse> Invoke(const CallSpec& spec, std::string body);

  // Encode result -> Invoke -> decode, with operation and table named on every error.
  template <typename Decode>
  auto Run(const CallSpec& spec, Result<std::string> body, Decode&& decode)
      -> decltype(decode(std::declval<std::string&>())) {
    if (!body.ok()) return Annotate(std::move(body).error(), spec);
    Result<HttpResponse> response = Invoke(spec, std::move(body).value());
    if (!response.ok()) return std::move(response).error();
    auto decoded = decode(response->body);
    if (!decoded.ok()) return Annotate(std::move(decoded).error(), spec);
    return decoded;
  }
  static Error Annotate(Error error, const CallSpec& spec);
  // Runs fn(i) for i in [0, n), at most max_parallel_requests at once.
  void ParallelFor(std::size_t n, const std::function<void(std::size_t)>& fn);
  std::string NewClientRequestToken();

  ClientOptions options_;
  std::string endpoint_;
  std::string region_;
  std::string host_header_;
  std::shared_ptr<CredentialsProvider> credentials_;
  std::shared_ptr<HttpTransport> transport_;
  std::shared_ptr<Clock> clock_;
  std::shared_ptr<Sleeper> sleeper_;
  std::shared_ptr<Random> random_;
  std::unique_ptr<RetryPolicy> retry_policy_;
  std::unique_ptr<SigningKeyCache> signing_keys_;
  std::unique_ptr<internal::TaskPool> pool_;
  // Server time minus local time, learnt from a skew error's Date header.
  std::atomic<std::int64_t> clock_skew_ms_{0};
};

}  // namespace homeboard::ddb

#endif  // HOMEBOARD_DDB_CLIENT_H_
