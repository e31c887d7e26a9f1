// How the DynamoDB engine turns a ddb::Error into the store's one error type. This is the
// only place that knows DynamoDB's error names; DynamoStore calls it for every failure.
//
// Error codes:
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.Errors.html
// Cancellation reasons:
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html
#ifndef HOMEBOARD_STORE_DYNAMO_ERROR_MAPPING_H_
#define HOMEBOARD_STORE_DYNAMO_ERROR_MAPPING_H_

#include <string_view>

#include "ddb/error.h"
#include "store/item_store.h"

namespace homeboard::store::dynamo {

// What kind of call failed; decides how a failure that leaves the outcome open is reported.
enum class CallKind {
  kRead,                // reads and table operations: nothing to be unsure about
  kIdempotentWrite,     // sending it twice equals sending it once (the client re-sends it)
  kNonIdempotentWrite,  // conditional writes and counters: sent again only when surely unsent
};

// The mapping (the message is always the ddb error's ToString(), which names the DynamoDB
// error code, the operation, the table and DynamoDB's own text):
//   ConditionalCheckFailedException     kConditionFailed; kOutcomeUnknown for a
//                                       kNonIdempotentWrite that took more than one attempt
//                                       (an earlier, failed-looking attempt may have applied
//                                       the write and so made the condition false)
//   TransactionCanceledException        by its reasons, in this order: the first
//                                       ConditionalCheckFailed -> kConditionFailed with
//                                       failed_action = its index; ValidationError ->
//                                       kTooLarge / kInvalidArgument as below;
//                                       ItemCollectionSizeLimitExceeded -> kTooLarge;
//                                       TransactionConflict -> kConflict; throttling ->
//                                       kUnavailable; else kInternal
//   TransactionConflictException        kConflict
//   ValidationException, InvalidArgument  kInvalidArgument, or kTooLarge when the message
//                                       says an item or request is over a size limit
//   ItemCollectionSizeLimitExceeded     kTooLarge
//   ResourceNotFoundException           kNotFound
//   throttling (ThrottlingException, ProvisionedThroughputExceeded, RequestLimitExceeded,
//   LimitExceeded, TransactionInProgress), ConnectError, NetworkError, RequestTimeout,
//   Crc32Mismatch, DeadlineExceeded, RetryQuotaExceeded, Unprocessed, ResourceInUse (a table
//   being created or deleted), 5xx      kUnavailable; but a kNonIdempotentWrite whose last
//                                       answer was a 5xx, or that lost its connection after
//                                       sending, is kOutcomeUnknown ("the operation may or
//                                       may not have succeeded", as DynamoDB documents 500)
//   OutcomeUnknown                      kOutcomeUnknown
//   InvalidResponse                     kCorrupt
//   anything else (AccessDenied, credentials, configuration, unknown codes): kUnavailable
//   when the ddb error says retrying may help, else kInternal.
Error FromDdbError(const ddb::Error& error, CallKind kind = CallKind::kRead);

// True if a DynamoDB validation message says an item or request is over a size limit
// ("Item size has exceeded the maximum allowed size", "Item size to update has exceeded
// ...", "Transaction request cannot be larger than 4 MB", ddb's own "over DynamoDB's 400 KB
// item limit").
bool SaysTooLarge(std::string_view message);

}  // namespace homeboard::store::dynamo

#endif  // HOMEBOARD_STORE_DYNAMO_ERROR_MAPPING_H_
