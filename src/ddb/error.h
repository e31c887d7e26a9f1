// Error and Result: how every fallible ddb call reports failure. No exceptions cross the
// library's API.
//
// An Error carries the DynamoDB error code (the short `__type` name, such as
// "ConditionalCheckFailedException") or one of the client-side codes in `errc`, the message,
// the HTTP status, the request id, whether the failure is retryable, and how many attempts
// were made. Cancelled transactions carry their per-action reasons.
//
// See https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.Errors.html
#ifndef HOMEBOARD_DDB_ERROR_H_
#define HOMEBOARD_DDB_ERROR_H_

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "ddb/attribute_value.h"

namespace homeboard::ddb {

// Error codes. Service codes are the names DynamoDB sends; client codes are ours.
namespace errc {
// Service errors (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/CommonErrors.html)
inline constexpr std::string_view kConditionalCheckFailed = "ConditionalCheckFailedException";
inline constexpr std::string_view kResourceNotFound = "ResourceNotFoundException";
inline constexpr std::string_view kResourceInUse = "ResourceInUseException";
inline constexpr std::string_view kValidation = "ValidationException";
inline constexpr std::string_view kThrottling = "ThrottlingException";
inline constexpr std::string_view kProvisionedThroughputExceeded =
    "ProvisionedThroughputExceededException";
inline constexpr std::string_view kRequestLimitExceeded = "RequestLimitExceeded";
inline constexpr std::string_view kTransactionInProgress = "TransactionInProgressException";
inline constexpr std::string_view kTransactionCanceled = "TransactionCanceledException";
inline constexpr std::string_view kTransactionConflict = "TransactionConflictException";
inline constexpr std::string_view kIdempotentParameterMismatch =
    "IdempotentParameterMismatchException";
inline constexpr std::string_view kItemCollectionSizeLimitExceeded =
    "ItemCollectionSizeLimitExceededException";
inline constexpr std::string_view kInternalServerError = "InternalServerError";
inline constexpr std::string_view kServiceUnavailable = "ServiceUnavailable";
inline constexpr std::string_view kExpiredToken = "ExpiredTokenException";
inline constexpr std::string_view kUnrecognizedClient = "UnrecognizedClientException";
inline constexpr std::string_view kAccessDenied = "AccessDeniedException";
inline constexpr std::string_view kInvalidSignature = "InvalidSignatureException";
inline constexpr std::string_view kMissingAuthenticationToken = "MissingAuthenticationTokenException";
inline constexpr std::string_view kLimitExceeded = "LimitExceededException";

// Client-side errors.
// The connection could not be made; nothing was sent, so any request may be retried.
inline constexpr std::string_view kConnectError = "ConnectError";
// The request was (possibly) sent but no complete answer arrived: reset, dropped, truncated.
inline constexpr std::string_view kNetworkError = "NetworkError";
// No complete answer within the request timeout.
inline constexpr std::string_view kRequestTimeout = "RequestTimeout";
// The response body does not match its x-amz-crc32 header.
inline constexpr std::string_view kCrc32Mismatch = "Crc32Mismatch";
// The response could not be understood (not JSON, wrong shape, hostile values).
inline constexpr std::string_view kInvalidResponse = "InvalidResponse";
// The request was rejected before sending (bad argument, empty set, duplicate keys, ...).
inline constexpr std::string_view kInvalidArgument = "InvalidArgument";
// No usable credentials or region.
inline constexpr std::string_view kCredentials = "CredentialsError";
inline constexpr std::string_view kConfiguration = "ConfigurationError";
// A non-idempotent write was sent and no answer came: it may or may not have been applied.
inline constexpr std::string_view kOutcomeUnknown = "OutcomeUnknown";
// The call's overall deadline passed before it could finish (retries included).
inline constexpr std::string_view kDeadlineExceeded = "DeadlineExceeded";
// The retry quota is exhausted; the client stopped retrying to protect the endpoint.
inline constexpr std::string_view kRetryQuotaExceeded = "RetryQuotaExceeded";
// Some batch items/keys remained unprocessed after every retry.
inline constexpr std::string_view kUnprocessed = "Unprocessed";
}  // namespace errc

// One reason of a cancelled transaction, in the order of the request's actions.
struct CancellationReason {
  std::string code;     // "None", "ConditionalCheckFailed", "TransactionConflict", ...
  std::string message;
  std::optional<Item> item;  // the old item when ReturnValuesOnConditionCheckFailure=ALL_OLD
};

class Error {
 public:
  Error() = default;
  Error(std::string_view code, std::string message) : code_(code), message_(std::move(message)) {}

  const std::string& code() const { return code_; }
  const std::string& message() const { return message_; }
  bool Is(std::string_view code) const { return code_ == code; }

  int http_status() const { return http_status_; }
  const std::string& request_id() const { return request_id_; }
  bool retryable() const { return retryable_; }
  int attempts() const { return attempts_; }
  const std::string& operation() const { return operation_; }
  const std::string& table() const { return table_; }
  const std::vector<CancellationReason>& cancellation_reasons() const {
    return cancellation_reasons_;
  }
  // The existing item, when a conditional write asked for ALL_OLD on failure.
  const std::optional<Item>& item() const { return item_; }

  Error& set_http_status(int status) { http_status_ = status; return *this; }
  Error& set_request_id(std::string id) { request_id_ = std::move(id); return *this; }
  Error& set_retryable(bool retryable) { retryable_ = retryable; return *this; }
  Error& set_attempts(int attempts) { attempts_ = attempts; return *this; }
  Error& set_operation(std::string operation) { operation_ = std::move(operation); return *this; }
  Error& set_table(std::string table) { table_ = std::move(table); return *this; }
  Error& set_message(std::string message) { message_ = std::move(message); return *this; }
  Error& set_cancellation_reasons(std::vector<CancellationReason> reasons) {
    cancellation_reasons_ = std::move(reasons);
    return *this;
  }
  Error& set_item(Item item) { item_ = std::move(item); return *this; }

  // "ConditionalCheckFailedException on PutItem Bookmarks: The conditional request failed
  // (1 attempt)". Omits parts that are unknown.
  std::string ToString() const;

 private:
  std::string code_;
  std::string message_;
  int http_status_ = 0;
  std::string request_id_;
  bool retryable_ = false;
  int attempts_ = 0;
  std::string operation_;
  std::string table_;
  std::vector<CancellationReason> cancellation_reasons_;
  std::optional<Item> item_;
};

// Result<T>: a T or an Error. Result<void> (alias Status) is success or an Error.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : storage_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit
  Result(Error error) : storage_(std::in_place_index<1>, std::move(error)) {}  // NOLINT

  bool ok() const { return storage_.index() == 0; }
  explicit operator bool() const { return ok(); }

  // Preconditions: ok() for value access, !ok() for error().
  T& value() & { return std::get<0>(storage_); }
  const T& value() const& { return std::get<0>(storage_); }
  T&& value() && { return std::get<0>(std::move(storage_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  const Error& error() const& { return std::get<1>(storage_); }
  Error& error() & { return std::get<1>(storage_); }
  Error&& error() && { return std::get<1>(std::move(storage_)); }

 private:
  std::variant<T, Error> storage_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)) {}  // NOLINT: implicit

  bool ok() const { return !error_.has_value(); }
  explicit operator bool() const { return ok(); }
  const Error& error() const& { return *error_; }
  Error& error() & { return *error_; }
  Error&& error() && { return *std::move(error_); }

 private:
  std::optional<Error> error_;
};

using Status = Result<void>;

inline Status OkStatus() { return Status(); }

}  // namespace homeboard::ddb

#endif  // HOMEBOARD_DDB_ERROR_H_
