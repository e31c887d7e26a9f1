// The retry policy of the DynamoDB client: which failures are retried, how long to wait
// before the next attempt (exponential backoff with full jitter, x-amz-retry-after), how many
// attempts one call may make, the optional deadline that bounds a whole call, and the
// per-client retry quota that stops a client from multiplying its load on an endpoint that
// is already failing (the AWS SDKs' "standard" retry mode).
//
// One RetryPolicy per client, shared by every call; one RetryCall per API call:
//
//   RetryCall call = policy.Begin(Idempotency::kIdempotent);
//   for (;;) {
//     Result<HttpResponse> response = SendSignedAttempt();  // fresh X-Amz-Date + signature
//     Error error = ...;                                     // or return the value:
//     //   call.OnSuccess(); return value;
//     RetryDecision decision = call.OnFailure(std::move(error), retry_after);
//     if (!decision.retry) return std::move(decision.final_error);
//     if (decision.refresh_credentials) ...;   // then loop: the policy already waited
//     if (decision.correct_clock_skew) ...;
//   }
//
// References:
//   https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html
//   https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.Errors.html
//   https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/
#ifndef HOMEBOARD_DDB_RETRY_H_
#define HOMEBOARD_DDB_RETRY_H_

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string_view>

#include "ddb/error.h"
#include "ddb/runtime.h"

namespace homeboard::ddb {

// Whether sending the same request twice has the same effect as sending it once. Reads,
// unconditional puts/deletes and transactions carrying a ClientRequestToken are idempotent;
// UpdateItem with ADD or a counter, or a conditional write whose condition the first
// attempt may have changed, is not. The caller decides per call.
enum class Idempotency { kIdempotent, kNotIdempotent };

// Why an attempt failed, as far as retrying is concerned. Independent of idempotency.
enum class RetryClass {
  // The request is wrong, forbidden or its condition failed: another attempt cannot help.
  // ValidationException, ConditionalCheckFailedException, ResourceNotFoundException,
  // AccessDeniedException, UnrecognizedClientException, InvalidSignatureException,
  // IdempotentParameterMismatchException, other 4xx, unknown codes, client-side errors.
  kNotRetryable,
  // The service asks us to slow down; backs off from RetryOptions::throttling_base_delay.
  // ThrottlingException, ProvisionedThroughputExceededException, RequestLimitExceeded,
  // TransactionInProgressException, LimitExceededException, HTTP 429, and cancelled
  // transactions whose reasons include ThrottlingError / ProvisionedThroughputExceeded.
  kThrottling,
  // A server-side hiccup with a definite answer; backs off from RetryOptions::base_delay.
  // InternalServerError, ServiceUnavailable, TransactionConflictException, HTTP
  // 500/502/503/504, and cancelled transactions whose reasons are all in
  // {None, TransactionConflict} (plus throttling reasons, which make it kThrottling).
  kTransient,
  // errc::kConnectError: no connection was made, so nothing was sent. Retried for every
  // call, idempotent or not.
  kConnect,
  // errc::kNetworkError, errc::kRequestTimeout: the request may have reached the server and
  // no (complete) answer came. Retried only for idempotent calls; for the others the call
  // ends with errc::kOutcomeUnknown.
  kAmbiguous,
  // errc::kCrc32Mismatch: an answer came but its body is corrupt. Retried for idempotent
  // calls. For a non-idempotent call it ends with errc::kOutcomeUnknown: the server did act,
  // but we cannot trust the body that says how (applied? condition failed?), and the status
  // line is not covered by the checksum either.
  kCorruptResponse,
  // ExpiredTokenException: the session credentials expired. The client refreshes them and
  // retries at once; at most once per call.
  kExpiredCredentials,
  // RequestTimeTooSkewed, RequestExpired, RequestInTheFuture, or InvalidSignatureException
  // whose message says "Signature expired" / "Signature not yet current": our clock is off.
  // The client corrects its clock offset from the response Date header and retries at
  // once; at most once per call.
  kClockSkew,
};

// A stable name for logs and metrics: "NotRetryable", "Throttling", "Transient", ...
std::string_view RetryClassName(RetryClass retry_class);

// Classifies one failed attempt from its code, message, HTTP status and (for
// TransactionCanceledException) cancellation reasons. Pure; thread-safe.
// Service codes are matched first; an unknown code falls back to the HTTP status
// (500/502/503/504 transient, 429 throttling, anything else not retryable).
RetryClass ClassifyFailure(const Error& error);

// Parses an x-amz-retry-after header value: a non-negative decimal number of milliseconds,
// surrounding spaces allowed. Returns nullopt for anything else. Huge values saturate.
std::optional<std::chrono::milliseconds> ParseRetryAfter(std::string_view header_value);

struct RetryOptions {
  // Attempts per call, the first one included (the original requirement: 5). Values below 1
  // are treated as 1 (no retries).
  int max_attempts = 5;

  // Backoff ceiling before retry n (n = 1 after the first failed attempt) is
  // min(max_backoff, base * 2^(n-1)); the delay is drawn uniformly from [0, ceiling]
  // ("full jitter"). 25 ms is what the AWS SDKs use for DynamoDB's transient errors.
  std::chrono::milliseconds base_delay{25};
  // Base for RetryClass::kThrottling: throttling clears on the scale of seconds.
  std::chrono::milliseconds throttling_base_delay{1000};
  // Upper bound of any single wait, x-amz-retry-after included (the original requirement).
  std::chrono::milliseconds max_backoff{20000};

  // Total time budget of one call, retries and waits included, measured on the monotonic
  // clock from RetryPolicy::Begin. A wait that would end at or after the deadline is not
  // taken: the call fails with errc::kDeadlineExceeded. nullopt: no deadline.
  std::optional<std::chrono::milliseconds> call_deadline;

  // Retry quota: a token bucket shared by all calls of one policy (one client), as in the
  // AWS SDKs' standard retry mode. Each retry draws retry_cost tokens, or timeout_retry_cost
  // after a kConnect / kAmbiguous failure (a network that times out is the worst place to
  // pile on retries). A call that succeeds on its first attempt returns success_refund
  // tokens; a call that succeeds after retrying returns the cost of its last retry. The
  // bucket never exceeds its capacity. With no tokens left, failures are not retried
  // until successes refill it; first attempts are never held back.
  bool enable_retry_quota = true;
  int retry_quota_capacity = 500;
  int retry_cost = 5;
  int timeout_retry_cost = 10;
  int success_refund = 1;
};

// Why a call stopped retrying (RetryDecision::stop_reason).
enum class StopReason {
  kNone,              // the decision is to retry
  kNotRetryable,      // RetryClass::kNotRetryable
  kOutcomeUnknown,    // ambiguous failure of a non-idempotent call
  kMaxAttempts,       // RetryOptions::max_attempts reached
  kDeadline,          // the next wait would cross the call deadline
  kQuotaExhausted,    // the retry quota lacks the tokens for this retry
  kCorrectionUsed,    // a second kExpiredCredentials / kClockSkew failure in one call
};

// What to do after a failed attempt. Also what the observer sees.
struct RetryDecision {
  bool retry = false;
  RetryClass retry_class = RetryClass::kNotRetryable;
  // The 1-based number of the attempt that just failed.
  int attempt = 0;
  // How long the policy waited before returning (only when retry; zero for corrections).
  std::chrono::nanoseconds delay{0};
  // Tokens this retry drew from the quota (0 for corrections and when the quota is off).
  int quota_cost = 0;
  // Before the next attempt: reload credentials (kExpiredCredentials) or re-derive the
  // clock offset from the failed response's Date header (kClockSkew).
  bool refresh_credentials = false;
  bool correct_clock_skew = false;
  StopReason stop_reason = StopReason::kNone;
  // Only when !retry: the error to return, with attempts() and retryable() set.
  //  - kNotRetryable / kMaxAttempts / kCorrectionUsed: the failed attempt's error.
  //  - kQuotaExhausted: the same code (callers may still match ThrottlingException etc.),
  //    message prefixed with "retry quota exhausted, not retried: ".
  //  - kOutcomeUnknown: errc::kOutcomeUnknown, the cause's code and text in the message.
  //  - kDeadline: errc::kDeadlineExceeded, the cause's code and text in the message.
  // HTTP status, request id, operation, table and cancellation reasons are carried over.
  // retryable() is true when the failure's class is retryable for this call even though
  // the policy gave up (max attempts, deadline, quota), false otherwise.
  Error final_error;
};

// Called once per RetryCall::OnFailure, after the decision and before any wait, on the
// calling thread. For logging and metrics; must not block or throw. `cause` is the failed
// attempt's error as given to OnFailure.
using RetryObserver = std::function<void(const RetryDecision& decision, const Error& cause)>;

class RetryPolicy;

// The retry state of one API call: attempt counter, deadline, one-shot corrections.
// Created by RetryPolicy::Begin. Not thread-safe (one call runs on one thread); movable.
// The RetryPolicy must outlive it.
class RetryCall {
 public:
  RetryCall(RetryCall&&) = default;
  RetryCall& operator=(RetryCall&&) = default;
  RetryCall(const RetryCall&) = delete;
  RetryCall& operator=(const RetryCall&) = delete;

  // Reports that the current attempt failed with `error` and decides what happens next.
  // `retry_after` is the parsed x-amz-retry-after header of the failed response, if any:
  // the wait is then at least that long, still capped by max_backoff.
  // When the decision is to retry, this call has already slept for decision.delay (via the
  // policy's Sleeper) and drawn decision.quota_cost tokens; the caller re-signs and sends
  // the next attempt. Otherwise decision.final_error is the error to return and the call
  // is over. Calls the policy's observer, if any, before sleeping.
  [[nodiscard]] RetryDecision OnFailure(Error error,
                                        std::optional<std::chrono::milliseconds> retry_after =
                                            std::nullopt);

  // Reports that the current attempt succeeded; refunds quota tokens (see RetryOptions).
  // Call at most once, and not after a final OnFailure.
  void OnSuccess();

  // Attempts reported so far (failed ones, plus the successful one after OnSuccess).
  int attempts() const { return attempts_; }

  // Time left before the call deadline (never negative), or nullopt without a deadline.
  // The client should bound each attempt's HTTP timeout by it.
  std::optional<std::chrono::nanoseconds> RemainingTime() const;

 private:
  friend class RetryPolicy;
  RetryCall(RetryPolicy* policy, Idempotency idempotency,
            std::optional<std::chrono::steady_clock::time_point> deadline)
      : policy_(policy), idempotency_(idempotency), deadline_(deadline) {}

  RetryDecision Stop(RetryDecision decision, StopReason reason, Error error, bool retryable,
                     const Error& cause);

  RetryPolicy* policy_;
  Idempotency idempotency_;
  std::optional<std::chrono::steady_clock::time_point> deadline_;
  int attempts_ = 0;
  int last_retry_cost_ = 0;
  bool refreshed_credentials_ = false;
  bool corrected_clock_skew_ = false;
};

// Thread-safe: one instance per client, shared by all concurrent calls.
class RetryPolicy {
 public:
  // Null seams fall back to SystemClock(), SystemSleeper(), SystemRandom().
  RetryPolicy(const RetryOptions& options, std::shared_ptr<Clock> clock,
              std::shared_ptr<Sleeper> sleeper, std::shared_ptr<Random> random,
              RetryObserver observer = nullptr);

  RetryPolicy(const RetryPolicy&) = delete;
  RetryPolicy& operator=(const RetryPolicy&) = delete;

  // Starts a call. `deadline` overrides RetryOptions::call_deadline for this call.
  RetryCall Begin(Idempotency idempotency,
                  std::optional<std::chrono::milliseconds> deadline = std::nullopt);

  // The jittered wait before retry number `retry` (1 = after the first failed attempt) of a
  // failure of class `retry_class`: uniform in [0, min(max_backoff, base * 2^(retry-1))],
  // base chosen by class. Also for callers that back off without an error, such as batch
  // helpers re-sending unprocessed items (use kThrottling).
  std::chrono::nanoseconds Backoff(RetryClass retry_class, int retry);

  // Tokens left in the retry quota (capacity when the quota is disabled).
  int available_quota() const { return quota_.load(std::memory_order_relaxed); }

  const RetryOptions& options() const { return options_; }

 private:
  friend class RetryCall;

  // Takes `cost` tokens if available; false (and nothing taken) otherwise.
  bool TryAcquire(int cost);
  void Refund(int amount);

  RetryOptions options_;
  std::shared_ptr<Clock> clock_;
  std::shared_ptr<Sleeper> sleeper_;
  std::shared_ptr<Random> random_;
  RetryObserver observer_;
  std::atomic<int> quota_;
};

}  // namespace homeboard::ddb

#endif  // HOMEBOARD_DDB_RETRY_H_
