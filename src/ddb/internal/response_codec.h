// Response decoding for the item operations: the 200 bodies of PutItem ... TransactGetItems
// into typed responses. Unknown fields are ignored (the service may add some); fields of the
// wrong type, malformed JSON and hostile values are errc::kInvalidResponse.
//
// Each decoder takes the body by mutable reference so it can pad it for simdjson in place
// (no copy); the body's contents are not changed.
#ifndef HOMEBOARD_DDB_INTERNAL_RESPONSE_CODEC_H_
#define HOMEBOARD_DDB_INTERNAL_RESPONSE_CODEC_H_

#include <string>

#include "ddb/error.h"
#include "ddb/operations.h"

namespace homeboard::ddb::internal {

[[nodiscard]] Result<PutItemResponse> DecodePutItem(std::string& body);
[[nodiscard]] Result<GetItemResponse> DecodeGetItem(std::string& body);
[[nodiscard]] Result<UpdateItemResponse> DecodeUpdateItem(std::string& body);
[[nodiscard]] Result<DeleteItemResponse> DecodeDeleteItem(std::string& body);
[[nodiscard]] Result<QueryResponse> DecodeQuery(std::string& body);  // also Scan
[[nodiscard]] Result<BatchWriteItemResponse> DecodeBatchWriteItem(std::string& body);
[[nodiscard]] Result<BatchGetItemResponse> DecodeBatchGetItem(std::string& body);
[[nodiscard]] Result<TransactWriteItemsResponse> DecodeTransactWriteItems(std::string& body);
// `expected` is the number of items requested: the answer must have as many responses.
[[nodiscard]] Result<TransactGetItemsResponse> DecodeTransactGetItems(std::string& body,
                                                                      std::size_t expected);

}  // namespace homeboard::ddb::internal

#endif  // HOMEBOARD_DDB_INTERNAL_RESPONSE_CODEC_H_
