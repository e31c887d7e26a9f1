// Request encoding: typed item-operation requests to DynamoDB JSON bodies. Each encoder
// validates what the service would reject (empty table name, invalid values, empty sets,
// too many actions), renders the typed expressions with one shared alias map per request,
// and never emits an empty or unused ExpressionAttributeNames/Values map.
//
// On failure: errc::kInvalidArgument naming the field; nothing is sent.
#ifndef HOMEBOARD_DDB_INTERNAL_REQUEST_CODEC_H_
#define HOMEBOARD_DDB_INTERNAL_REQUEST_CODEC_H_

#include <string>

#include "ddb/error.h"
#include "ddb/operations.h"

namespace homeboard::ddb::internal {

// Wire limits (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html).
inline constexpr std::size_t kMaxBatchWrites = 25;
inline constexpr std::size_t kMaxBatchGetKeys = 100;
inline constexpr std::size_t kMaxTransactItems = 100;
inline constexpr std::size_t kMaxRequestBytes = 16 * 1024 * 1024;
inline constexpr std::size_t kMaxItemBytes = 400 * 1024;

[[nodiscard]] Result<std::string> EncodePutItem(const PutItemRequest& request);
[[nodiscard]] Result<std::string> EncodeGetItem(const GetItemRequest& request);
[[nodiscard]] Result<std::string> EncodeUpdateItem(const UpdateItemRequest& request);
[[nodiscard]] Result<std::string> EncodeDeleteItem(const DeleteItemRequest& request);
[[nodiscard]] Result<std::string> EncodeQuery(const QueryRequest& request);
[[nodiscard]] Result<std::string> EncodeScan(const ScanRequest& request);
[[nodiscard]] Result<std::string> EncodeBatchWriteItem(const BatchWriteItemRequest& request);
[[nodiscard]] Result<std::string> EncodeBatchGetItem(const BatchGetItemRequest& request);
// `client_request_token` replaces request.client_request_token (the client generates one
// when the caller gave none, so the request need not be copied).
[[nodiscard]] Result<std::string> EncodeTransactWriteItems(
    const TransactWriteItemsRequest& request, std::string_view client_request_token);
[[nodiscard]] Result<std::string> EncodeTransactGetItems(const TransactGetItemsRequest& request);

// Encoded size of one write request inside a BatchWriteItem body (for chunking under the
// 16 MB request limit).
std::size_t EncodedWriteRequestSize(const WriteRequest& request);

}  // namespace homeboard::ddb::internal

#endif  // HOMEBOARD_DDB_INTERNAL_REQUEST_CODEC_H_
