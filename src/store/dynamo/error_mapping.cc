// FromDdbError: DynamoDB's error names and cancellation reasons to store::Error codes.
#include "store/dynamo/error_mapping.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <string>

namespace homeboard::store::dynamo {
namespace {

using Code = Error::Code;

Error Make(Code code, std::string message) {
  return Error{.code = code, .message = std::move(message)};
}

bool IsOneOf(const ddb::Error& error, std::initializer_list<std::string_view> codes) {
  return std::any_of(codes.begin(), codes.end(),
                     [&](std::string_view code) { return error.Is(code); });
}

bool IsServerError(const ddb::Error& error) {
  return error.http_status() >= 500 ||
         IsOneOf(error, {ddb::errc::kInternalServerError, ddb::errc::kServiceUnavailable});
}

// Transport failures after (part of) the request went out: the server may have acted.
bool IsLostAnswer(const ddb::Error& error) {
  return IsOneOf(error,
                 {ddb::errc::kNetworkError, ddb::errc::kRequestTimeout, ddb::errc::kCrc32Mismatch});
}

bool IsThrottling(const ddb::Error& error) {
  return IsOneOf(error, {ddb::errc::kThrottling, ddb::errc::kProvisionedThroughputExceeded,
                         ddb::errc::kRequestLimitExceeded, ddb::errc::kLimitExceeded,
                         ddb::errc::kTransactionInProgress});
}

// The first reason with `code`, if any.
std::optional<std::size_t> FindReason(const std::vector<ddb::CancellationReason>& reasons,
                                      std::string_view code) {
  for (std::size_t i = 0; i < reasons.size(); ++i) {
    if (reasons[i].code == code) return i;
  }
  return std::nullopt;
}

// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html
// lists the reason codes: None, ConditionalCheckFailed, ItemCollectionSizeLimitExceeded,
// TransactionConflict, ProvisionedThroughputExceeded, ThrottlingError, ValidationError.
Error FromCancellation(const ddb::Error& error) {
  const std::vector<ddb::CancellationReason>& reasons = error.cancellation_reasons();
  const std::string text = error.ToString();
  if (std::optional<std::size_t> i = FindReason(reasons, "ConditionalCheckFailed")) {
    Error mapped = Make(Code::kConditionFailed, text);
    mapped.failed_action = *i;
    return mapped;
  }
  if (std::optional<std::size_t> i = FindReason(reasons, "ValidationError")) {
    return Make(SaysTooLarge(reasons[*i].message) ? Code::kTooLarge : Code::kInvalidArgument,
                fmt::format("{} (action {}: {})", text, *i, reasons[*i].message));
  }
  if (FindReason(reasons, "ItemCollectionSizeLimitExceeded")) return Make(Code::kTooLarge, text);
  if (FindReason(reasons, "TransactionConflict")) return Make(Code::kConflict, text);
  if (FindReason(reasons, "ThrottlingError") ||
      FindReason(reasons, "ProvisionedThroughputExceeded")) {
    return Make(Code::kUnavailable, text);
  }
  return Make(Code::kInternal, text);
}

}  // namespace

bool SaysTooLarge(std::string_view message) {
  std::string lower(message);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  constexpr std::array<std::string_view, 4> kPhrases = {
      "maximum allowed size",   // PutItem, UpdateItem, transactions
      "cannot be larger than",  // "Transaction request cannot be larger than 4 MB"
      "item collection size",   // ItemCollectionSizeLimitExceeded's text
      "400 kb item limit",      // ddb's own check before sending
  };
  return std::any_of(kPhrases.begin(), kPhrases.end(), [&](std::string_view phrase) {
    return lower.find(phrase) != std::string::npos;
  });
}

Error FromDdbError(const ddb::Error& error, CallKind kind) {
  const std::string text = error.ToString();
  const bool non_idempotent_write = kind == CallKind::kNonIdempotentWrite;

  if (error.Is(ddb::errc::kConditionalCheckFailed)) {
    if (non_idempotent_write && error.attempts() > 1) {
      return Make(Code::kOutcomeUnknown,
                  fmt::format("the condition failed on attempt {}, after a failed attempt that "
                              "may have applied this very write: {}",
                              error.attempts(), text));
    }
    return Make(Code::kConditionFailed, text);
  }
  if (error.Is(ddb::errc::kTransactionCanceled)) return FromCancellation(error);
  if (error.Is(ddb::errc::kTransactionConflict)) return Make(Code::kConflict, text);
  if (error.Is(ddb::errc::kOutcomeUnknown)) return Make(Code::kOutcomeUnknown, text);
  if (IsOneOf(error, {ddb::errc::kValidation, ddb::errc::kInvalidArgument})) {
    return Make(SaysTooLarge(error.message()) ? Code::kTooLarge : Code::kInvalidArgument, text);
  }
  if (error.Is(ddb::errc::kItemCollectionSizeLimitExceeded)) return Make(Code::kTooLarge, text);
  if (error.Is(ddb::errc::kResourceNotFound)) return Make(Code::kNotFound, text);
  if (error.Is(ddb::errc::kInvalidResponse)) return Make(Code::kCorrupt, text);

  // Failures that leave a write's outcome open: fine to retry for idempotent writes, but a
  // non-idempotent one may already have been applied.
  if (non_idempotent_write && (IsServerError(error) || IsLostAnswer(error))) {
    return Make(Code::kOutcomeUnknown,
                "the write may or may not have been applied; read it back to find out: " + text);
  }
  if (IsThrottling(error) || IsServerError(error) || IsLostAnswer(error) ||
      IsOneOf(error, {ddb::errc::kConnectError, ddb::errc::kDeadlineExceeded,
                      ddb::errc::kRetryQuotaExceeded, ddb::errc::kUnprocessed,
                      ddb::errc::kResourceInUse})) {
    return Make(Code::kUnavailable, text);
  }
  return Make(error.retryable() ? Code::kUnavailable : Code::kInternal, text);
}

}  // namespace homeboard::store::dynamo
