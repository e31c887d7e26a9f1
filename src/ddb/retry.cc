// Retry classification, backoff with full jitter, the retry quota and call deadlines.
// The rules are documented in retry.h; this file says why where it is not obvious.
#include "ddb/retry.h"

#include <algorithm>
#include <array>
#include <limits>
#include <string>
#include <utility>

namespace homeboard::ddb {
namespace {

using std::chrono::milliseconds;
using std::chrono::nanoseconds;

// Codes not in errc (they come from the common AWS error set, not DynamoDB's own list).
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/CommonErrors.html
constexpr std::string_view kRequestTimeTooSkewed = "RequestTimeTooSkewed";
constexpr std::string_view kRequestExpired = "RequestExpired";
constexpr std::string_view kRequestInTheFuture = "RequestInTheFuture";

// Throttling: the service is protecting itself or the table; wait on the scale of seconds.
// LimitExceededException is the control-plane form (too many concurrent table operations),
// which DynamoDB documents as retryable and the SDKs back off from as throttling.
constexpr std::array<std::string_view, 5> kThrottlingCodes = {
    errc::kThrottling, errc::kProvisionedThroughputExceeded, errc::kRequestLimitExceeded,
    errc::kTransactionInProgress, errc::kLimitExceeded};

// Transient: the service answered that it could not serve this request right now.
// TransactionConflictException rejects a single-item write racing an ongoing transaction;
// the item is free again within milliseconds and nothing was applied.
constexpr std::array<std::string_view, 3> kTransientCodes = {
    errc::kInternalServerError, errc::kServiceUnavailable, errc::kTransactionConflict};

// Definite answers about the request itself. Matched before the HTTP status fallback so a
// proxy or an emulator that pairs one with a 5xx status still does not get it retried.
constexpr std::array<std::string_view, 12> kFinalCodes = {
    errc::kValidation,           errc::kConditionalCheckFailed,
    errc::kResourceNotFound,     errc::kResourceInUse,
    errc::kTransactionCanceled,  errc::kIdempotentParameterMismatch,
    errc::kAccessDenied,         errc::kUnrecognizedClient,
    errc::kInvalidSignature,     errc::kMissingAuthenticationToken,
    errc::kItemCollectionSizeLimitExceeded, errc::kInvalidArgument};

template <std::size_t N>
bool Contains(const std::array<std::string_view, N>& codes, std::string_view code) {
  return std::find(codes.begin(), codes.end(), code) != codes.end();
}

bool IsClockSkew(const Error& error) {
  if (error.Is(kRequestTimeTooSkewed) || error.Is(kRequestExpired) ||
      error.Is(kRequestInTheFuture)) {
    return true;
  }
  // SigV4 rejects a request whose X-Amz-Date is more than 5 minutes off the server's time
  // with InvalidSignatureException and one of these messages; any other
  // InvalidSignatureException is a real signing bug and retrying would not fix it.
  return error.Is(errc::kInvalidSignature) &&
         (error.message().find("Signature expired") != std::string::npos ||
          error.message().find("Signature not yet current") != std::string::npos);
}

// A transaction is worth retrying only when every action failed for a reason that goes away
// with time. One ConditionalCheckFailed or ValidationError makes the outcome final.
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html
RetryClass ClassifyCancellation(const Error& error) {
  const std::vector<CancellationReason>& reasons = error.cancellation_reasons();
  if (reasons.empty()) return RetryClass::kNotRetryable;
  bool throttled = false;
  for (const CancellationReason& reason : reasons) {
    if (reason.code == "ThrottlingError" || reason.code == "ProvisionedThroughputExceeded") {
      throttled = true;
    } else if (reason.code != "None" && reason.code != "TransactionConflict") {
      return RetryClass::kNotRetryable;
    }
  }
  return throttled ? RetryClass::kThrottling : RetryClass::kTransient;
}

// base * 2^(retry-1), capped, without overflowing for large retry numbers.
nanoseconds BackoffCeiling(milliseconds base, milliseconds cap, int retry) {
  const nanoseconds cap_ns = std::max(cap, milliseconds(0));
  nanoseconds ceiling = std::clamp<nanoseconds>(base, nanoseconds(0), cap_ns);
  for (int i = 1; i < retry && ceiling < cap_ns; ++i) {
    ceiling = (ceiling > cap_ns / 2) ? cap_ns : ceiling * 2;
  }
  return ceiling;
}

std::string Describe(const Error& error) {
  if (error.message().empty()) return error.code();
  return error.code() + ": " + error.message();
}

// A new error with `code` and `message`, keeping the cause's context.
Error Rewrap(const Error& cause, std::string_view code, std::string message) {
  Error error(code, std::move(message));
  error.set_http_status(cause.http_status())
      .set_request_id(cause.request_id())
      .set_operation(cause.operation())
      .set_table(cause.table())
      .set_cancellation_reasons(cause.cancellation_reasons());
  if (cause.item().has_value()) error.set_item(*cause.item());
  return error;
}

}  // namespace

std::string_view RetryClassName(RetryClass retry_class) {
  switch (retry_class) {
    case RetryClass::kNotRetryable:
      return "NotRetryable";
    case RetryClass::kThrottling:
      return "Throttling";
    case RetryClass::kTransient:
      return "Transient";
    case RetryClass::kConnect:
      return "Connect";
    case RetryClass::kAmbiguous:
      return "Ambiguous";
    case RetryClass::kCorruptResponse:
      return "CorruptResponse";
    case RetryClass::kExpiredCredentials:
      return "ExpiredCredentials";
    case RetryClass::kClockSkew:
      return "ClockSkew";
  }
  return "Unknown";
}

RetryClass ClassifyFailure(const Error& error) {
  const std::string& code = error.code();
  if (Contains(kThrottlingCodes, code)) return RetryClass::kThrottling;
  if (Contains(kTransientCodes, code)) return RetryClass::kTransient;
  if (code == errc::kConnectError) return RetryClass::kConnect;
  if (code == errc::kNetworkError || code == errc::kRequestTimeout) {
    return RetryClass::kAmbiguous;
  }
  if (code == errc::kCrc32Mismatch) return RetryClass::kCorruptResponse;
  if (code == errc::kExpiredToken) return RetryClass::kExpiredCredentials;
  if (IsClockSkew(error)) return RetryClass::kClockSkew;
  if (code == errc::kTransactionCanceled) return ClassifyCancellation(error);
  if (Contains(kFinalCodes, code)) return RetryClass::kNotRetryable;
  // Anything else (an unknown code, or a bare status from a proxy or load balancer) falls
  // back on the HTTP status.
  switch (error.http_status()) {
    case 500:
    case 502:
    case 503:
    case 504:
      return RetryClass::kTransient;
    case 429:  // Too Many Requests: a rate limiter, so back off like throttling.
      return RetryClass::kThrottling;
    default:
      return RetryClass::kNotRetryable;
  }
}

std::optional<milliseconds> ParseRetryAfter(std::string_view value) {
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) {
    value.remove_prefix(1);
  }
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) {
    value.remove_suffix(1);
  }
  if (value.empty()) return std::nullopt;
  // A day is far beyond any max_backoff; saturate there instead of overflowing.
  constexpr std::int64_t kSaturation = 24LL * 60 * 60 * 1000;
  std::int64_t millis = 0;
  for (char c : value) {
    if (c < '0' || c > '9') return std::nullopt;
    millis = std::min<std::int64_t>(kSaturation, millis * 10 + (c - '0'));
  }
  return milliseconds(millis);
}

// ---------------------------------------------------------------------------------------
// RetryPolicy

RetryPolicy::RetryPolicy(const RetryOptions& options, std::shared_ptr<Clock> clock,
                         std::shared_ptr<Sleeper> sleeper, std::shared_ptr<Random> random,
                         RetryObserver observer)
    : options_(options),
      clock_(clock ? std::move(clock) : SystemClock()),
      sleeper_(sleeper ? std::move(sleeper) : SystemSleeper()),
      random_(random ? std::move(random) : SystemRandom()),
      observer_(std::move(observer)),
      quota_(std::max(0, options.retry_quota_capacity)) {
  options_.max_attempts = std::max(1, options_.max_attempts);
  options_.retry_quota_capacity = std::max(0, options_.retry_quota_capacity);
}

RetryCall RetryPolicy::Begin(Idempotency idempotency, std::optional<milliseconds> deadline) {
  std::optional<milliseconds> budget = deadline ? deadline : options_.call_deadline;
  std::optional<std::chrono::steady_clock::time_point> at;
  if (budget) at = clock_->MonotonicNow() + std::max(*budget, milliseconds(0));
  return RetryCall(this, idempotency, at);
}

nanoseconds RetryPolicy::Backoff(RetryClass retry_class, int retry) {
  const milliseconds base = retry_class == RetryClass::kThrottling
                                ? options_.throttling_base_delay
                                : options_.base_delay;
  const nanoseconds ceiling = BackoffCeiling(base, options_.max_backoff, std::max(1, retry));
  return nanoseconds(static_cast<nanoseconds::rep>(
      random_->UniformUpTo(static_cast<std::uint64_t>(ceiling.count()))));
}

bool RetryPolicy::TryAcquire(int cost) {
  if (!options_.enable_retry_quota) return true;
  int available = quota_.load(std::memory_order_relaxed);
  while (available >= cost) {
    if (quota_.compare_exchange_weak(available, available - cost, std::memory_order_relaxed)) {
      return true;
    }
  }
  return false;
}

void RetryPolicy::Refund(int amount) {
  if (!options_.enable_retry_quota || amount <= 0) return;
  int available = quota_.load(std::memory_order_relaxed);
  int next;
  do {
    next = std::min(options_.retry_quota_capacity, available + amount);
  } while (!quota_.compare_exchange_weak(available, next, std::memory_order_relaxed));
}

// ---------------------------------------------------------------------------------------
// RetryCall

std::optional<nanoseconds> RetryCall::RemainingTime() const {
  if (!deadline_) return std::nullopt;
  return std::max(nanoseconds(0), *deadline_ - policy_->clock_->MonotonicNow());
}

RetryDecision RetryCall::Stop(RetryDecision decision, StopReason reason, Error error,
                              bool retryable, const Error& cause) {
  decision.retry = false;
  decision.stop_reason = reason;
  decision.delay = nanoseconds(0);
  decision.quota_cost = 0;
  decision.refresh_credentials = false;
  decision.correct_clock_skew = false;
  error.set_attempts(attempts_).set_retryable(retryable);
  decision.final_error = std::move(error);
  if (policy_->observer_) policy_->observer_(decision, cause);
  return decision;
}

RetryDecision RetryCall::OnFailure(Error error, std::optional<milliseconds> retry_after) {
  const RetryOptions& options = policy_->options_;
  ++attempts_;
  RetryDecision decision;
  decision.attempt = attempts_;
  decision.retry_class = ClassifyFailure(error);
  const RetryClass retry_class = decision.retry_class;

  if (retry_class == RetryClass::kNotRetryable) {
    Error final_error = error;
    return Stop(std::move(decision), StopReason::kNotRetryable, std::move(final_error), false,
                error);
  }

  const bool idempotent = idempotency_ == Idempotency::kIdempotent;
  if (!idempotent && retry_class == RetryClass::kAmbiguous) {
    return Stop(std::move(decision), StopReason::kOutcomeUnknown,
                Rewrap(error, errc::kOutcomeUnknown,
                       "the request was sent and no answer came; it may or may not have been "
                       "applied (" + Describe(error) + ")"),
                false, error);
  }
  if (!idempotent && retry_class == RetryClass::kCorruptResponse) {
    return Stop(std::move(decision), StopReason::kOutcomeUnknown,
                Rewrap(error, errc::kOutcomeUnknown,
                       "the answer failed its CRC32 check, so whether the request was "
                       "applied is unknown (" + Describe(error) + ")"),
                false, error);
  }

  // Corrections fix the cause on our side (credentials, clock) so they retry at once and
  // draw no quota; doing it once per call keeps a persistent fault from looping.
  const bool correction = retry_class == RetryClass::kExpiredCredentials ||
                          retry_class == RetryClass::kClockSkew;
  if (correction) {
    bool& used = retry_class == RetryClass::kExpiredCredentials ? refreshed_credentials_
                                                                 : corrected_clock_skew_;
    if (used) {
      Error final_error = error;
      return Stop(std::move(decision), StopReason::kCorrectionUsed, std::move(final_error),
                  true, error);
    }
  }

  if (attempts_ >= options.max_attempts) {
    Error final_error = error;
    return Stop(std::move(decision), StopReason::kMaxAttempts, std::move(final_error), true,
                error);
  }

  nanoseconds delay(0);
  if (!correction) {
    delay = policy_->Backoff(retry_class, attempts_);
    if (retry_after) delay = std::max<nanoseconds>(delay, *retry_after);
    delay = std::min<nanoseconds>(delay, std::max(options.max_backoff, milliseconds(0)));
  }

  // A retry that would start at or after the deadline could not finish before it; fail
  // now rather than sleep for nothing.
  if (deadline_ && policy_->clock_->MonotonicNow() + delay >= *deadline_) {
    std::string message = "call deadline exceeded after " + std::to_string(attempts_) +
                          (attempts_ == 1 ? " attempt" : " attempts") + "; last error: " +
                          Describe(error);
    return Stop(std::move(decision), StopReason::kDeadline,
                Rewrap(error, errc::kDeadlineExceeded, std::move(message)), true, error);
  }

  int cost = 0;
  if (!correction) {
    cost = (retry_class == RetryClass::kConnect || retry_class == RetryClass::kAmbiguous)
               ? options.timeout_retry_cost
               : options.retry_cost;
    if (!policy_->TryAcquire(cost)) {
      Error final_error = error;
      final_error.set_message("retry quota exhausted, not retried: " + error.message());
      return Stop(std::move(decision), StopReason::kQuotaExhausted, std::move(final_error),
                  true, error);
    }
    if (!options.enable_retry_quota) cost = 0;
    last_retry_cost_ = cost;
  } else if (retry_class == RetryClass::kExpiredCredentials) {
    refreshed_credentials_ = true;
    decision.refresh_credentials = true;
  } else {
    corrected_clock_skew_ = true;
    decision.correct_clock_skew = true;
  }

  decision.retry = true;
  decision.delay = delay;
  decision.quota_cost = cost;
  if (policy_->observer_) policy_->observer_(decision, error);
  if (delay > nanoseconds(0)) policy_->sleeper_->Sleep(delay);
  return decision;
}

void RetryCall::OnSuccess() {
  ++attempts_;
  policy_->Refund(last_retry_cost_ > 0 ? last_retry_cost_ : policy_->options_.success_refund);
}

}  // namespace homeboard::ddb
