// Turning a DynamoDB error response (any non-2xx answer) into an Error.
//
// DynamoDB error bodies are JSON objects such as
//   {"__type":"com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException",
//    "message":"The conditional request failed"}
// The code is the part of __type after the last '#' (and before any ':', as the AWS JSON
// protocol allows). The message key is "message" or "Message". Cancelled transactions
// add "CancellationReasons":[{"Code":"None"},{"Code":"ConditionalCheckFailed",
// "Message":"...","Item":{...}}]; a failed conditional write with
// ReturnValuesOnConditionCheckFailure=ALL_OLD adds "Item":{...}.
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.Errors.html
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html
#ifndef HOMEBOARD_DDB_INTERNAL_ERROR_CODEC_H_
#define HOMEBOARD_DDB_INTERNAL_ERROR_CODEC_H_

#include <string_view>

#include "ddb/error.h"

namespace homeboard::ddb::internal {

// Builds the Error for an HTTP response with status `http_status` and body `body`, with
// http_status() and request_id() filled in. Never fails; `body` may be anything (it is
// copied before parsing, so no padding is needed).
//
// A body that is not a JSON object with a __type (an HTML page from a proxy, an empty
// body, truncated JSON) yields a code chosen from the status:
//   500 -> errc::kInternalServerError, 503 -> errc::kServiceUnavailable,
//   anything else -> "HttpError<status>" (e.g. "HttpError502", "HttpError413"),
// and a message that quotes the start of the body (at most 200 bytes, made printable),
// or uses the body's "message" when it is JSON without a __type.
// If the body is a JSON object with a __type but damaged further on (say a bad escape in
// the message), the code is kept and whatever parsed cleanly is used. A truncated body
// (unbalanced braces) is refused by simdjson up front and so falls back as above.
//
// Cancellation reasons and the old item are filled in when present and well-formed; a
// reason's or item's value that fails to decode is left out rather than failing the
// whole error. retryable() is left false: the retry policy decides.
Error ParseErrorResponse(int http_status, std::string_view body, std::string_view request_id);

// The code from a __type value: "com.amazonaws.dynamodb.v20120810#ThrottlingException"
// -> "ThrottlingException".
std::string_view ErrorCodeFromType(std::string_view type);

}  // namespace homeboard::ddb::internal

#endif  // HOMEBOARD_DDB_INTERNAL_ERROR_CODEC_H_
