// service::Error: the one error type of the service layer, and Result<T> / Status over it.
//
// Every service call reports failure as an Error with a code (what the caller should do),
// the field and rule that were broken (machine-readable, so a client can point at the input
// box), a human message, the HTTP status the API layer answers with, and whether retrying the
// same request may help. Errors from below are converted here, in one place:
//
//   model::ValidationError  -> kInvalidArgument, field and rule kept (FromValidation); an item
//                              read back from a table that is not a valid entity is kInternal
//                              with rule "corrupt" (FromCorruptItem)
//   store::Error            -> FromStore below; kConditionFailed and kOutcomeUnknown are not
//                              mapped blindly: each service call resolves them by reading the
//                              item back (see internal/store_ops.h) and reports kNotFound,
//                              kConflict or success accordingly.
#ifndef HOMEBOARD_SERVICE_ERROR_H_
#define HOMEBOARD_SERVICE_ERROR_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "base/result.h"
#include "model/error.h"
#include "store/item_store.h"

namespace homeboard::service {

// Rule ids the service adds to model::rule (which it reuses for input validation).
namespace rule {
// The object (or one the request refers to) does not exist, or is not the caller's.
inline constexpr std::string_view kNotFound = "not_found";
// The version the caller read is not the stored one: re-read and retry.
inline constexpr std::string_view kStaleVersion = "stale_version";
// The object's state forbids the call (e.g. a bookmark added to a notes widget).
inline constexpr std::string_view kWrongKind = "wrong_kind";
// A group would become its own ancestor.
inline constexpr std::string_view kCycle = "cycle";
// A count limit (widgets per page, pages per user, group depth, batch size).
inline constexpr std::string_view kMaxCount = "max_count";
// Group nesting deeper than model::kMaxGroupDepth.
inline constexpr std::string_view kMaxDepth = "max_depth";
// An item over the store's size limit.
inline constexpr std::string_view kMaxSize = "max_size";
// The store could not be reached, or a write's outcome could not be confirmed.
inline constexpr std::string_view kUnavailable = "unavailable";
// A bug or a broken deployment (missing table, corrupt item).
inline constexpr std::string_view kInternal = "internal";
}  // namespace rule

struct Error {
  enum class Code {
    kInvalidArgument,  // 400: the input breaks a rule; `field` and `rule` say which
    kNotFound,         // 404: missing, or owned by someone else (indistinguishable on purpose)
    kConflict,         // 409: stale version (rule "stale_version"): re-read and retry
    kLimitExceeded,    // 422: a count or size limit would be exceeded
    kUnavailable,      // 503: the store is unavailable or a write could not be confirmed
    kInternal,         // 500: a bug, a corrupt item, a missing table
  };

  Code code = Code::kInternal;
  // The input field or attribute concerned ("title", "settings.feed_url", "version",
  // "widget_id"); empty when no single field is to blame.
  std::string field;
  // A model::rule or service::rule id.
  std::string rule;
  // Human text, normally naming the field: "title: at most 200 characters (got 250)".
  std::string message;

  // 400, 404, 409, 422, 503 or 500 as listed at Code.
  int HttpStatus() const;
  // True when the same request may succeed later (kUnavailable only: every other code needs
  // a different request).
  bool Retryable() const { return code == Code::kUnavailable; }
  // "<CodeName>: <message> [field=<field> rule=<rule>]".
  std::string ToString() const;

  friend bool operator==(const Error&, const Error&) = default;
};

// "InvalidArgument", "NotFound", "Conflict", "LimitExceeded", "Unavailable", "Internal".
std::string_view CodeName(Error::Code code);

template <typename T>
using Result = base::Result<T, Error>;
using Status = base::Result<void, Error>;

// Constructors. Each message names the field when there is one.
Error InvalidArgument(std::string_view field, std::string_view rule, std::string_view message);
// "<what> <id> not found" with rule "not_found" naming `field` (e.g. "page_id").
Error NotFound(std::string_view field, std::string_view what, std::string_view id);
// Stale version: field "version", rule "stale_version".
Error StaleVersion(std::string_view what, std::int64_t expected, std::int64_t actual);
Error LimitExceeded(std::string_view field, std::string_view rule, std::string_view message);
Error Unavailable(std::string_view message);
Error Internal(std::string_view message);

// kInvalidArgument keeping the model error's field, rule and message.
Error FromValidation(const model::ValidationError& error);
// kInternal for an item read from `table` that FromItem refused: the data, not the caller,
// is wrong. Keeps the model's field; rule "corrupt".
Error FromCorruptItem(std::string_view table, const model::ValidationError& error);

// The default mapping of a store error, for calls with no better-informed answer:
//   kInvalidArgument -> kInternal (the service built a bad request: a bug), kNotFound (a
//   missing table) -> kInternal ("run homeboard init-db"), kTooLarge -> kLimitExceeded
//   (rule "max_size"), kUnavailable / kConflict (a concurrent transaction: the same request
//   may pass) / kOutcomeUnknown (only when not resolved by reading back) -> kUnavailable,
//   kConditionFailed -> kConflict (callers normally resolve it first), kCorrupt / kInternal
//   -> kInternal. The message keeps the store's text.
Error FromStore(const store::Error& error);

}  // namespace homeboard::service

#endif  // HOMEBOARD_SERVICE_ERROR_H_
