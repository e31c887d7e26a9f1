// Tests of the retry policy: the exact backoff schedule, jitter bounds, attempt limits,
// classification of every error class, the ambiguity rule for non-idempotent calls,
// x-amz-retry-after, deadlines, the retry quota, one-shot corrections, transaction
// cancellation reasons, and a seeded random fault schedule checking the invariants.
// Everything runs on the fake clock/sleeper/random: no real time passes.
#include "ddb/retry.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "testing/fake_runtime.h"

namespace homeboard::ddb {
namespace {

using std::chrono::milliseconds;
using std::chrono::nanoseconds;
using std::chrono::seconds;
using testing::FakeClock;
using testing::FakeRandom;
using testing::FakeSleeper;

Error ServiceError(std::string_view code, int status = 400, std::string message = "boom") {
  Error error(code, std::move(message));
  error.set_http_status(status);
  return error;
}

Error Cancelled(const std::vector<std::string>& codes) {
  std::vector<CancellationReason> reasons;
  for (const std::string& code : codes) reasons.push_back(CancellationReason{code, "", {}});
  Error error = ServiceError(errc::kTransactionCanceled, 400, "Transaction cancelled");
  error.set_cancellation_reasons(std::move(reasons));
  return error;
}

class RetryTest : public ::testing::Test {
 protected:
  std::unique_ptr<RetryPolicy> MakePolicy(const RetryOptions& options,
                                          std::shared_ptr<Random> random,
                                          RetryObserver observer = nullptr) {
    return std::make_unique<RetryPolicy>(options, clock_, sleeper_, std::move(random),
                                         std::move(observer));
  }

  // Fails every attempt of one call with `error` until the policy stops; returns the
  // decisions in order.
  static std::vector<RetryDecision> FailUntilStop(RetryPolicy& policy, const Error& error,
                                                  Idempotency idempotency =
                                                      Idempotency::kIdempotent) {
    RetryCall call = policy.Begin(idempotency);
    std::vector<RetryDecision> decisions;
    for (int guard = 0; guard < 1000; ++guard) {
      decisions.push_back(call.OnFailure(error));
      if (!decisions.back().retry) break;
    }
    return decisions;
  }

  static std::vector<nanoseconds> Delays(const std::vector<RetryDecision>& decisions) {
    std::vector<nanoseconds> delays;
    for (const RetryDecision& decision : decisions) {
      if (decision.retry) delays.push_back(decision.delay);
    }
    return delays;
  }

  std::shared_ptr<FakeClock> clock_ = std::make_shared<FakeClock>();
  std::shared_ptr<FakeSleeper> sleeper_ = std::make_shared<FakeSleeper>(clock_);
};

// --- Backoff schedule ------------------------------------------------------------------

TEST_F(RetryTest, TransientScheduleWithMaximalJitter) {
  auto policy = MakePolicy(RetryOptions{}, FakeRandom::AlwaysMax());
  std::vector<RetryDecision> decisions =
      FailUntilStop(*policy, ServiceError(errc::kInternalServerError, 500));
  const std::vector<nanoseconds> expected = {milliseconds(25), milliseconds(50),
                                             milliseconds(100), milliseconds(200)};
  EXPECT_EQ(Delays(decisions), expected);
  EXPECT_EQ(sleeper_->sleeps(), expected);
  ASSERT_EQ(decisions.size(), 5u);
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(decisions[i].attempt, i + 1);
    EXPECT_EQ(decisions[i].retry_class, RetryClass::kTransient);
  }
  const RetryDecision& last = decisions.back();
  EXPECT_EQ(last.stop_reason, StopReason::kMaxAttempts);
  EXPECT_EQ(last.final_error.code(), errc::kInternalServerError);
  EXPECT_EQ(last.final_error.message(), "boom");
  EXPECT_EQ(last.final_error.attempts(), 5);
  EXPECT_TRUE(last.final_error.retryable());
}

TEST_F(RetryTest, ThrottlingScheduleWithMaximalJitter) {
  auto policy = MakePolicy(RetryOptions{}, FakeRandom::AlwaysMax());
  std::vector<RetryDecision> decisions =
      FailUntilStop(*policy, ServiceError(errc::kProvisionedThroughputExceeded));
  const std::vector<nanoseconds> expected = {seconds(1), seconds(2), seconds(4), seconds(8)};
  EXPECT_EQ(Delays(decisions), expected);
  EXPECT_EQ(sleeper_->total(), seconds(15));
  EXPECT_EQ(decisions.back().retry_class, RetryClass::kThrottling);
  EXPECT_EQ(decisions.back().final_error.attempts(), 5);
}

TEST_F(RetryTest, BackoffIsCappedAtMaxBackoff) {
  RetryOptions options;
  options.max_attempts = 10;
  auto policy = MakePolicy(options, FakeRandom::AlwaysMax());
  std::vector<RetryDecision> decisions =
      FailUntilStop(*policy, ServiceError(errc::kThrottling));
  const std::vector<nanoseconds> expected = {seconds(1),  seconds(2),  seconds(4),
                                             seconds(8),  seconds(16), seconds(20),
                                             seconds(20), seconds(20), seconds(20)};
  EXPECT_EQ(Delays(decisions), expected);
  EXPECT_EQ(decisions.back().final_error.attempts(), 10);

  // Huge retry numbers neither overflow nor exceed the cap.
  EXPECT_EQ(policy->Backoff(RetryClass::kThrottling, 64), seconds(20));
  EXPECT_EQ(policy->Backoff(RetryClass::kTransient, 1000000), seconds(20));
  EXPECT_EQ(policy->Backoff(RetryClass::kTransient, 10), milliseconds(12800));
  EXPECT_EQ(policy->Backoff(RetryClass::kTransient, 11), seconds(20));
}

TEST_F(RetryTest, CustomBasesAndCap) {
  RetryOptions options;
  options.max_attempts = 4;
  options.base_delay = milliseconds(100);
  options.max_backoff = milliseconds(250);
  auto policy = MakePolicy(options, FakeRandom::AlwaysMax());
  EXPECT_EQ(Delays(FailUntilStop(*policy, ServiceError(errc::kServiceUnavailable, 503))),
            (std::vector<nanoseconds>{milliseconds(100), milliseconds(200), milliseconds(250)}));
}

TEST_F(RetryTest, MinimalJitterWaitsZeroAndDoesNotSleep) {
  auto policy = MakePolicy(RetryOptions{}, FakeRandom::AlwaysZero());
  std::vector<RetryDecision> decisions = FailUntilStop(*policy, ServiceError(errc::kThrottling));
  EXPECT_EQ(Delays(decisions), std::vector<nanoseconds>(4, nanoseconds(0)));
  EXPECT_TRUE(sleeper_->sleeps().empty());
}

TEST_F(RetryTest, JitterStaysWithinBoundsAndSpreadsOverThem) {
  RetryOptions options;
  auto policy = MakePolicy(options, std::make_shared<FakeRandom>(20240601));
  for (RetryClass retry_class : {RetryClass::kTransient, RetryClass::kThrottling}) {
    const milliseconds base = retry_class == RetryClass::kThrottling
                                  ? options.throttling_base_delay
                                  : options.base_delay;
    for (int retry = 1; retry <= 8; ++retry) {
      const nanoseconds ceiling =
          std::min<nanoseconds>(options.max_backoff, base * (1LL << (retry - 1)));
      constexpr int kSamples = 4000;
      nanoseconds low = nanoseconds::max();
      nanoseconds high = nanoseconds::min();
      long double sum = 0;
      for (int i = 0; i < kSamples; ++i) {
        const nanoseconds delay = policy->Backoff(retry_class, retry);
        ASSERT_GE(delay, nanoseconds(0));
        ASSERT_LE(delay, ceiling);
        low = std::min(low, delay);
        high = std::max(high, delay);
        sum += static_cast<long double>(delay.count());
      }
      const long double mean = sum / kSamples;
      const long double half = static_cast<long double>(ceiling.count()) / 2;
      // Full jitter: uniform over [0, ceiling] -> mean near half, extremes near the ends.
      EXPECT_NEAR(mean / half, 1.0L, 0.05L) << RetryClassName(retry_class) << " " << retry;
      EXPECT_LT(low, ceiling / 100);
      EXPECT_GT(high, ceiling * 99 / 100);
    }
  }
}

// --- Attempts ----------------------------------------------------------------------------

TEST_F(RetryTest, MaxAttemptsIsRespected) {
  for (int max_attempts = 0; max_attempts <= 8; ++max_attempts) {
    RetryOptions options;
    options.max_attempts = max_attempts;
    auto policy = MakePolicy(options, FakeRandom::AlwaysZero());
    std::vector<RetryDecision> decisions =
        FailUntilStop(*policy, ServiceError(errc::kThrottling));
    const int expected = std::max(1, max_attempts);
    EXPECT_EQ(static_cast<int>(decisions.size()), expected) << max_attempts;
    EXPECT_EQ(decisions.back().stop_reason, StopReason::kMaxAttempts);
    EXPECT_EQ(decisions.back().final_error.attempts(), expected);
    EXPECT_TRUE(decisions.back().final_error.retryable());
  }
}

TEST_F(RetryTest, SuccessCountsTheAttempt) {
  auto policy = MakePolicy(RetryOptions{}, FakeRandom::AlwaysZero());
  RetryCall call = policy->Begin(Idempotency::kIdempotent);
  EXPECT_TRUE(call.OnFailure(ServiceError(errc::kThrottling)).retry);
  call.OnSuccess();
  EXPECT_EQ(call.attempts(), 2);
}

// --- Classification ----------------------------------------------------------------------

struct ClassCase {
  std::string name;
  Error error;
  RetryClass expected;
};

std::vector<ClassCase> ClassificationTable() {
  Error no_code("", "");
  no_code.set_http_status(502);
  return {
      {"Throttling", ServiceError(errc::kThrottling), RetryClass::kThrottling},
      {"ProvisionedThroughput", ServiceError(errc::kProvisionedThroughputExceeded),
       RetryClass::kThrottling},
      {"RequestLimit", ServiceError(errc::kRequestLimitExceeded), RetryClass::kThrottling},
      {"TransactionInProgress", ServiceError(errc::kTransactionInProgress),
       RetryClass::kThrottling},
      {"LimitExceeded", ServiceError(errc::kLimitExceeded), RetryClass::kThrottling},
      {"Status429", ServiceError("TooManyRequests", 429), RetryClass::kThrottling},
      {"InternalServerError", ServiceError(errc::kInternalServerError, 500),
       RetryClass::kTransient},
      {"ServiceUnavailable", ServiceError(errc::kServiceUnavailable, 503),
       RetryClass::kTransient},
      {"TransactionConflict", ServiceError(errc::kTransactionConflict),
       RetryClass::kTransient},
      {"Status500", ServiceError("SomethingOdd", 500), RetryClass::kTransient},
      {"Status502", ServiceError(errc::kInvalidResponse, 502), RetryClass::kTransient},
      {"Status503", ServiceError("SomethingOdd", 503), RetryClass::kTransient},
      {"Status504", ServiceError("SomethingOdd", 504), RetryClass::kTransient},
      {"BareStatus502", no_code, RetryClass::kTransient},
      {"Status501", ServiceError("NotImplemented", 501), RetryClass::kNotRetryable},
      {"ConnectError", ServiceError(errc::kConnectError, 0), RetryClass::kConnect},
      {"NetworkError", ServiceError(errc::kNetworkError, 0), RetryClass::kAmbiguous},
      {"RequestTimeout", ServiceError(errc::kRequestTimeout, 0), RetryClass::kAmbiguous},
      {"Crc32Mismatch", ServiceError(errc::kCrc32Mismatch, 200), RetryClass::kCorruptResponse},
      {"ExpiredToken", ServiceError(errc::kExpiredToken), RetryClass::kExpiredCredentials},
      {"SignatureExpired",
       ServiceError(errc::kInvalidSignature, 400,
                    "Signature expired: 20150830T123600Z is now earlier than 20150830T124600Z "
                    "(20150830T125100Z - 5 min.)"),
       RetryClass::kClockSkew},
      {"SignatureNotYetCurrent",
       ServiceError(errc::kInvalidSignature, 400,
                    "Signature not yet current: 20150830T130600Z is still later than "
                    "20150830T125100Z (20150830T124600Z + 15 min.)"),
       RetryClass::kClockSkew},
      {"RequestTimeTooSkewed", ServiceError("RequestTimeTooSkewed", 403), RetryClass::kClockSkew},
      {"BadSignature",
       ServiceError(errc::kInvalidSignature, 400,
                    "The request signature we calculated does not match the signature you "
                    "provided."),
       RetryClass::kNotRetryable},
      {"Validation", ServiceError(errc::kValidation), RetryClass::kNotRetryable},
      {"ValidationWith500", ServiceError(errc::kValidation, 500), RetryClass::kNotRetryable},
      {"ConditionalCheckFailed", ServiceError(errc::kConditionalCheckFailed),
       RetryClass::kNotRetryable},
      {"ResourceNotFound", ServiceError(errc::kResourceNotFound), RetryClass::kNotRetryable},
      {"ResourceInUse", ServiceError(errc::kResourceInUse), RetryClass::kNotRetryable},
      {"AccessDenied", ServiceError(errc::kAccessDenied), RetryClass::kNotRetryable},
      {"UnrecognizedClient", ServiceError(errc::kUnrecognizedClient), RetryClass::kNotRetryable},
      {"MissingAuthenticationToken", ServiceError(errc::kMissingAuthenticationToken, 403),
       RetryClass::kNotRetryable},
      {"IdempotentParameterMismatch", ServiceError(errc::kIdempotentParameterMismatch),
       RetryClass::kNotRetryable},
      {"ItemCollectionSizeLimit", ServiceError(errc::kItemCollectionSizeLimitExceeded),
       RetryClass::kNotRetryable},
      {"Unknown4xx", ServiceError("BrandNewException", 400), RetryClass::kNotRetryable},
      {"InvalidArgument", ServiceError(errc::kInvalidArgument, 0), RetryClass::kNotRetryable},
      {"Credentials", ServiceError(errc::kCredentials, 0), RetryClass::kNotRetryable},
      {"InvalidResponse200", ServiceError(errc::kInvalidResponse, 200),
       RetryClass::kNotRetryable},
      {"CancelledRetryable", Cancelled({"None", "TransactionConflict"}), RetryClass::kTransient},
      {"CancelledCondition", Cancelled({"ConditionalCheckFailed", "None"}),
       RetryClass::kNotRetryable},
  };
}

// Whether the first failure of this class is retried, by idempotency.
bool RetriedWhen(RetryClass retry_class, Idempotency idempotency) {
  switch (retry_class) {
    case RetryClass::kNotRetryable:
      return false;
    case RetryClass::kAmbiguous:
    case RetryClass::kCorruptResponse:
      return idempotency == Idempotency::kIdempotent;
    default:
      return true;
  }
}

TEST_F(RetryTest, ClassifiesEveryKnownFailure) {
  for (const ClassCase& c : ClassificationTable()) {
    EXPECT_EQ(ClassifyFailure(c.error), c.expected)
        << c.name << ": got " << RetryClassName(ClassifyFailure(c.error));
  }
}

TEST_F(RetryTest, RetriesExactlyTheRetryableClasses) {
  for (const ClassCase& c : ClassificationTable()) {
    for (Idempotency idempotency : {Idempotency::kIdempotent, Idempotency::kNotIdempotent}) {
      auto policy = MakePolicy(RetryOptions{}, FakeRandom::AlwaysMax());
      RetryCall call = policy->Begin(idempotency);
      RetryDecision decision = call.OnFailure(c.error);
      const bool idempotent = idempotency == Idempotency::kIdempotent;
      SCOPED_TRACE(c.name + (idempotent ? " idempotent" : " not idempotent"));
      EXPECT_EQ(decision.retry_class, c.expected);
      EXPECT_EQ(decision.attempt, 1);
      EXPECT_EQ(decision.retry, RetriedWhen(c.expected, idempotency));
      if (decision.retry) {
        EXPECT_EQ(decision.stop_reason, StopReason::kNone);
        continue;
      }
      EXPECT_EQ(decision.final_error.attempts(), 1);
      EXPECT_FALSE(decision.final_error.retryable());
      EXPECT_EQ(decision.delay, nanoseconds(0));
      if (c.expected == RetryClass::kNotRetryable) {
        EXPECT_EQ(decision.stop_reason, StopReason::kNotRetryable);
        EXPECT_EQ(decision.final_error.code(), c.error.code());
        EXPECT_EQ(decision.final_error.message(), c.error.message());
        EXPECT_EQ(decision.final_error.http_status(), c.error.http_status());
      } else {
        EXPECT_EQ(decision.stop_reason, StopReason::kOutcomeUnknown);
        EXPECT_EQ(decision.final_error.code(), errc::kOutcomeUnknown);
      }
    }
  }
  EXPECT_TRUE(sleeper_->sleeps().size() > 0);
}

TEST_F(RetryTest, ClassNamesAreDistinct) {
  std::vector<std::string_view> names;
  for (RetryClass retry_class :
       {RetryClass::kNotRetryable, RetryClass::kThrottling, RetryClass::kTransient,
        RetryClass::kConnect, RetryClass::kAmbiguous, RetryClass::kCorruptResponse,
        RetryClass::kExpiredCredentials, RetryClass::kClockSkew}) {
    names.push_back(RetryClassName(retry_class));
  }
  std::sort(names.begin(), names.end());
  EXPECT_EQ(std::unique(names.begin(), names.end()), names.end());
  EXPECT_EQ(RetryClassName(RetryClass::kThrottling), "Throttling");
}

// --- Ambiguous failures ------------------------------------------------------------------

TEST_F(RetryTest, AmbiguousFailureOfNonIdempotentCallIsOutcomeUnknown) {
  auto policy = MakePolicy(RetryOptions{}, FakeRandom::AlwaysMax());
  for (std::string_view code : {errc::kNetworkError, errc::kRequestTimeout}) {
    Error cause = ServiceError(code, 0, "connection reset by peer");
    cause.set_request_id("REQ1").set_operation("UpdateItem").set_table("Bookmarks");
    RetryCall call = policy->Begin(Idempotency::kNotIdempotent);
    RetryDecision decision = call.OnFailure(cause);
    EXPECT_FALSE(decision.retry);
    EXPECT_EQ(decision.stop_reason, StopReason::kOutcomeUnknown);
    const Error& error = decision.final_error;
    EXPECT_EQ(error.code(), errc::kOutcomeUnknown);
    EXPECT_NE(error.message().find("may or may not have been applied"), std::string::npos);
    EXPECT_NE(error.message().find(std::string(code)), std::string::npos);
    EXPECT_NE(error.message().find("connection reset by peer"), std::string::npos);
    EXPECT_EQ(error.request_id(), "REQ1");
    EXPECT_EQ(error.operation(), "UpdateItem");
    EXPECT_EQ(error.table(), "Bookmarks");
    EXPECT_EQ(error.attempts(), 1);
    EXPECT_FALSE(error.retryable());
  }
  EXPECT_TRUE(sleeper_->sleeps().empty());
}

TEST_F(RetryTest, AmbiguousFailureOfIdempotentCallIsRetried) {
  auto policy = MakePolicy(RetryOptions{}, FakeRandom::AlwaysMax());
  RetryCall call = policy->Begin(Idempotency::kIdempotent);
  RetryDecision first = call.OnFailure(ServiceError(errc::kRequestTimeout, 0));
  EXPECT_TRUE(first.retry);
  EXPECT_EQ(first.delay, milliseconds(25));
  EXPECT_EQ(first.quota_cost, 10);  // timeout cost
  RetryDecision second = call.OnFailure(ServiceError(errc::kNetworkError, 0));
  EXPECT_TRUE(second.retry);
  EXPECT_EQ(second.delay, milliseconds(50));
  RetryDecision third = call.OnFailure(ServiceError(errc::kCrc32Mismatch, 200));
  EXPECT_TRUE(third.retry);
  EXPECT_EQ(third.quota_cost, 5);  // an answer came: not a timeout
  EXPECT_EQ(policy->available_quota(), 500 - 25);
}

TEST_F(RetryTest, CorruptAnswerToNonIdempotentCallIsOutcomeUnknown) {
  auto policy = MakePolicy(RetryOptions{}, FakeRandom::AlwaysMax());
  RetryCall call = policy->Begin(Idempotency::kNotIdempotent);
  RetryDecision decision = call.OnFailure(ServiceError(errc::kCrc32Mismatch, 200, "crc"));
  EXPECT_FALSE(decision.retry);
  EXPECT_EQ(decision.final_error.code(), errc::kOutcomeUnknown);
  EXPECT_EQ(decision.final_error.http_status(), 200);
  EXPECT_NE(decision.final_error.message().find("CRC32"), std::string::npos);
}

TEST_F(RetryTest, ConnectErrorIsRetriedEvenForNonIdempotentCalls) {
  auto policy = MakePolicy(RetryOptions{}, FakeRandom::AlwaysMax());
  std::vector<RetryDecision> decisions = FailUntilStop(
      *policy, ServiceError(errc::kConnectError, 0, "refused"), Idempotency::kNotIdempotent);
  ASSERT_EQ(decisions.size(), 5u);
  EXPECT_EQ(Delays(decisions), (std::vector<nanoseconds>{milliseconds(25), milliseconds(50),
                                                         milliseconds(100), milliseconds(200)}));
  EXPECT_EQ(decisions[0].quota_cost, 10);
  EXPECT_EQ(decisions.back().final_error.code(), errc::kConnectError);
  EXPECT_EQ(decisions.back().final_error.attempts(), 5);
  EXPECT_TRUE(decisions.back().final_error.retryable());
}

TEST_F(RetryTest, NonIdempotentCallStillRetriesAnsweredFailures) {
  auto policy = MakePolicy(RetryOptions{}, FakeRandom::AlwaysMax());
  RetryCall call = policy->Begin(Idempotency::kNotIdempotent);
  EXPECT_TRUE(call.OnFailure(ServiceError(errc::kThrottling)).retry);
  EXPECT_TRUE(call.OnFailure(ServiceError(errc::kInternalServerError, 500)).retry);
  RetryDecision decision = call.OnFailure(ServiceError(errc::kNetworkError, 0));
  EXPECT_FALSE(decision.retry);
  EXPECT_EQ(decision.final_error.code(), errc::kOutcomeUnknown);
  EXPECT_EQ(decision.final_error.attempts(), 3);
}

// --- x-amz-retry-after ---------------------------------------------------------------------

TEST_F(RetryTest, RetryAfterIsAMinimumWait) {
  auto policy = MakePolicy(RetryOptions{}, FakeRandom::AlwaysZero());
  RetryCall call = policy->Begin(Idempotency::kIdempotent);
  EXPECT_EQ(call.OnFailure(ServiceError(errc::kThrottling), milliseconds(300)).delay,
            milliseconds(300));
  EXPECT_EQ(call.OnFailure(ServiceError(errc::kThrottling)).delay, nanoseconds(0));
  EXPECT_EQ(sleeper_->sleeps(), std::vector<nanoseconds>{milliseconds(300)});
}

TEST_F(RetryTest, RetryAfterShorterThanBackoffKeepsBackoff) {
  auto policy = MakePolicy(RetryOptions{}, FakeRandom::AlwaysMax());
  RetryCall call = policy->Begin(Idempotency::kIdempotent);
  EXPECT_EQ(call.OnFailure(ServiceError(errc::kThrottling), milliseconds(10)).delay, seconds(1));
}

TEST_F(RetryTest, RetryAfterIsCappedByMaxBackoff) {
  auto policy = MakePolicy(RetryOptions{}, FakeRandom::AlwaysZero());
  RetryCall call = policy->Begin(Idempotency::kIdempotent);
  EXPECT_EQ(call.OnFailure(ServiceError(errc::kThrottling), seconds(90)).delay, seconds(20));
}

TEST_F(RetryTest, RetryAfterIsCappedByTheDeadline) {
  RetryOptions options;
  options.call_deadline = seconds(5);
  auto policy = MakePolicy(options, FakeRandom::AlwaysZero());
  RetryCall call = policy->Begin(Idempotency::kIdempotent);
  RetryDecision decision = call.OnFailure(ServiceError(errc::kThrottling), seconds(6));
  EXPECT_FALSE(decision.retry);
  EXPECT_EQ(decision.stop_reason, StopReason::kDeadline);
  EXPECT_EQ(decision.final_error.code(), errc::kDeadlineExceeded);
  EXPECT_TRUE(sleeper_->sleeps().empty());
}

TEST_F(RetryTest, RetryAfterDoesNotMakeANonRetryableErrorRetryable) {
  auto policy = MakePolicy(RetryOptions{}, FakeRandom::AlwaysZero());
  RetryCall call = policy->Begin(Idempotency::kIdempotent);
  EXPECT_FALSE(call.OnFailure(ServiceError(errc::kValidation), milliseconds(5)).retry);
}

TEST(ParseRetryAfter, AcceptsMillisecondsOnly) {
  EXPECT_EQ(ParseRetryAfter("1500"), milliseconds(1500));
  EXPECT_EQ(ParseRetryAfter(" 0 "), milliseconds(0));
  EXPECT_EQ(ParseRetryAfter("99999999999999999999999"), std::chrono::hours(24));
  EXPECT_EQ(ParseRetryAfter(""), std::nullopt);
  EXPECT_EQ(ParseRetryAfter("  "), std::nullopt);
  EXPECT_EQ(ParseRetryAfter("-5"), std::nullopt);
  EXPECT_EQ(ParseRetryAfter("1.5"), std::nullopt);
  EXPECT_EQ(ParseRetryAfter("12ms"), std::nullopt);
  EXPECT_EQ(ParseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT"), std::nullopt);
}

// --- Deadline ------------------------------------------------------------------------------

TEST_F(RetryTest, DeadlineStopsRetriesBeforeCrossingIt) {
  RetryOptions options;
  options.call_deadline = milliseconds(200);
  auto policy = MakePolicy(options, FakeRandom::AlwaysMax());
  Error cause = ServiceError(errc::kServiceUnavailable, 503, "try later");
  cause.set_request_id("R-42");
  std::vector<RetryDecision> decisions = FailUntilStop(*policy, cause);
  // 25 + 50 + 100 = 175 ms slept; the next wait (200 ms) would end past 200 ms.
  EXPECT_EQ(Delays(decisions), (std::vector<nanoseconds>{milliseconds(25), milliseconds(50),
                                                         milliseconds(100)}));
  const RetryDecision& last = decisions.back();
  EXPECT_EQ(last.stop_reason, StopReason::kDeadline);
  EXPECT_EQ(last.final_error.code(), errc::kDeadlineExceeded);
  EXPECT_NE(last.final_error.message().find("ServiceUnavailable: try later"), std::string::npos);
  EXPECT_NE(last.final_error.message().find("4 attempts"), std::string::npos);
  EXPECT_EQ(last.final_error.attempts(), 4);
  EXPECT_EQ(last.final_error.http_status(), 503);
  EXPECT_EQ(last.final_error.request_id(), "R-42");
  EXPECT_TRUE(last.final_error.retryable());
  EXPECT_LT(sleeper_->total(), milliseconds(200));
}

TEST_F(RetryTest, DeadlineCountsTimeSpentInAttempts) {
  RetryOptions options;
  options.call_deadline = seconds(2);
  auto policy = MakePolicy(options, FakeRandom::AlwaysMax());
  RetryCall call = policy->Begin(Idempotency::kIdempotent);
  EXPECT_EQ(call.RemainingTime(), seconds(2));
  clock_->Advance(milliseconds(1500));  // a slow first attempt
  EXPECT_EQ(call.RemainingTime(), milliseconds(500));
  RetryDecision decision = call.OnFailure(ServiceError(errc::kThrottling));  // wants 1 s
  EXPECT_FALSE(decision.retry);
  EXPECT_EQ(decision.stop_reason, StopReason::kDeadline);
  clock_->Advance(seconds(5));
  EXPECT_EQ(call.RemainingTime(), nanoseconds(0));
}

TEST_F(RetryTest, PerCallDeadlineOverridesOptions) {
  RetryOptions options;
  options.call_deadline = milliseconds(10);
  auto policy = MakePolicy(options, FakeRandom::AlwaysMax());
  RetryCall call = policy->Begin(Idempotency::kIdempotent, seconds(60));
  EXPECT_TRUE(call.OnFailure(ServiceError(errc::kThrottling)).retry);
  RetryCall no_deadline = policy->Begin(Idempotency::kIdempotent);
  EXPECT_FALSE(no_deadline.OnFailure(ServiceError(errc::kThrottling)).retry);

  auto unbounded = MakePolicy(RetryOptions{}, FakeRandom::AlwaysMax());
  EXPECT_EQ(unbounded->Begin(Idempotency::kIdempotent).RemainingTime(), std::nullopt);
}

TEST_F(RetryTest, NonRetryableErrorAfterDeadlineIsReturnedAsIs) {
  RetryOptions options;
  options.call_deadline = milliseconds(100);
  auto policy = MakePolicy(options, FakeRandom::AlwaysMax());
  RetryCall call = policy->Begin(Idempotency::kIdempotent);
  clock_->Advance(seconds(1));
  RetryDecision decision = call.OnFailure(ServiceError(errc::kConditionalCheckFailed));
  EXPECT_EQ(decision.final_error.code(), errc::kConditionalCheckFailed);
  EXPECT_EQ(decision.stop_reason, StopReason::kNotRetryable);
}

// --- Retry quota ---------------------------------------------------------------------------

TEST_F(RetryTest, QuotaDrainsUnderSustainedFailuresAndKeepsTheCode) {
  auto policy = MakePolicy(RetryOptions{}, FakeRandom::AlwaysZero());
  int retries = 0;
  RetryDecision last;
  for (int call_index = 0; call_index < 1000; ++call_index) {
    std::vector<RetryDecision> decisions =
        FailUntilStop(*policy, ServiceError(errc::kThrottling, 400, "Rate exceeded"));
    for (const RetryDecision& decision : decisions) retries += decision.retry ? 1 : 0;
    last = decisions.back();
    if (last.stop_reason == StopReason::kQuotaExhausted) break;
  }
  EXPECT_EQ(retries, 500 / 5);
  EXPECT_EQ(policy->available_quota(), 0);
  EXPECT_EQ(last.stop_reason, StopReason::kQuotaExhausted);
  EXPECT_EQ(last.final_error.code(), errc::kThrottling);  // callers can still match on it
  EXPECT_EQ(last.final_error.message(), "retry quota exhausted, not retried: Rate exceeded");
  EXPECT_TRUE(last.final_error.retryable());

  // While empty, every failure is final at once.
  std::vector<RetryDecision> decisions =
      FailUntilStop(*policy, ServiceError(errc::kInternalServerError, 500));
  ASSERT_EQ(decisions.size(), 1u);
  EXPECT_EQ(decisions[0].stop_reason, StopReason::kQuotaExhausted);
  EXPECT_EQ(decisions[0].final_error.attempts(), 1);
}

TEST_F(RetryTest, QuotaRefillsOnSuccess) {
  auto policy = MakePolicy(RetryOptions{}, FakeRandom::AlwaysZero());
  while (policy->available_quota() >= 5) {
    (void)FailUntilStop(*policy, ServiceError(errc::kThrottling));
  }
  ASSERT_EQ(policy->available_quota(), 0);
  // First-attempt successes return one token each; five of them pay for one retry.
  for (int i = 0; i < 4; ++i) policy->Begin(Idempotency::kIdempotent).OnSuccess();
  EXPECT_EQ(policy->available_quota(), 4);
  {
    RetryCall call = policy->Begin(Idempotency::kIdempotent);
    EXPECT_EQ(call.OnFailure(ServiceError(errc::kThrottling)).stop_reason,
              StopReason::kQuotaExhausted);
  }
  policy->Begin(Idempotency::kIdempotent).OnSuccess();
  EXPECT_EQ(policy->available_quota(), 5);
  RetryCall call = policy->Begin(Idempotency::kIdempotent);
  RetryDecision decision = call.OnFailure(ServiceError(errc::kThrottling));
  EXPECT_TRUE(decision.retry);
  EXPECT_EQ(decision.quota_cost, 5);
  EXPECT_EQ(policy->available_quota(), 0);
  // A success after a retry returns that retry's cost.
  call.OnSuccess();
  EXPECT_EQ(policy->available_quota(), 5);
}

TEST_F(RetryTest, SuccessAfterTimeoutRetryRefundsTheTimeoutCost) {
  auto policy = MakePolicy(RetryOptions{}, FakeRandom::AlwaysZero());
  RetryCall call = policy->Begin(Idempotency::kIdempotent);
  EXPECT_EQ(call.OnFailure(ServiceError(errc::kThrottling)).quota_cost, 5);
  EXPECT_EQ(call.OnFailure(ServiceError(errc::kRequestTimeout, 0)).quota_cost, 10);
  EXPECT_EQ(policy->available_quota(), 485);
  call.OnSuccess();
  EXPECT_EQ(policy->available_quota(), 495);
}

TEST_F(RetryTest, QuotaNeverExceedsCapacity) {
  RetryOptions options;
  options.retry_quota_capacity = 20;
  auto policy = MakePolicy(options, FakeRandom::AlwaysZero());
  for (int i = 0; i < 100; ++i) policy->Begin(Idempotency::kIdempotent).OnSuccess();
  EXPECT_EQ(policy->available_quota(), 20);
  RetryCall call = policy->Begin(Idempotency::kIdempotent);
  EXPECT_TRUE(call.OnFailure(ServiceError(errc::kConnectError, 0)).retry);
  EXPECT_TRUE(call.OnFailure(ServiceError(errc::kConnectError, 0)).retry);
  EXPECT_EQ(call.OnFailure(ServiceError(errc::kConnectError, 0)).stop_reason,
            StopReason::kQuotaExhausted);
}

TEST_F(RetryTest, DisabledQuotaNeverStopsRetries) {
  RetryOptions options;
  options.enable_retry_quota = false;
  options.max_attempts = 3;
  auto policy = MakePolicy(options, FakeRandom::AlwaysZero());
  for (int i = 0; i < 1000; ++i) {
    std::vector<RetryDecision> decisions =
        FailUntilStop(*policy, ServiceError(errc::kRequestTimeout, 0));
    ASSERT_EQ(decisions.back().stop_reason, StopReason::kMaxAttempts);
    ASSERT_EQ(decisions[0].quota_cost, 0);
  }
  EXPECT_EQ(policy->available_quota(), 500);
}

TEST_F(RetryTest, QuotaIsSharedSafelyAcrossThreads) {
  RetryOptions options;
  options.max_attempts = 2;  // each call: at most one retry, costing 5 tokens
  auto policy = MakePolicy(options, FakeRandom::AlwaysZero());
  constexpr int kThreads = 4;
  constexpr int kCallsPerThread = 500;
  std::vector<int> retries(kThreads, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kCallsPerThread; ++i) {
        RetryCall call = policy->Begin(Idempotency::kIdempotent);
        if (call.OnFailure(ServiceError(errc::kThrottling)).retry) ++retries[t];
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  int total = 0;
  for (int count : retries) total += count;
  EXPECT_EQ(total, 100);  // 500 tokens / 5 per retry, however the threads interleave
  EXPECT_EQ(policy->available_quota(), 0);
}

// --- One-shot corrections ------------------------------------------------------------------

TEST_F(RetryTest, ExpiredTokenIsRetriedOnceWithRefresh) {
  auto policy = MakePolicy(RetryOptions{}, FakeRandom::AlwaysMax());
  RetryCall call = policy->Begin(Idempotency::kNotIdempotent);
  RetryDecision first = call.OnFailure(ServiceError(errc::kExpiredToken, 400, "expired"));
  EXPECT_TRUE(first.retry);
  EXPECT_TRUE(first.refresh_credentials);
  EXPECT_FALSE(first.correct_clock_skew);
  EXPECT_EQ(first.retry_class, RetryClass::kExpiredCredentials);
  EXPECT_EQ(first.delay, nanoseconds(0));
  EXPECT_EQ(first.quota_cost, 0);
  EXPECT_EQ(policy->available_quota(), 500);
  RetryDecision second = call.OnFailure(ServiceError(errc::kExpiredToken, 400, "expired"));
  EXPECT_FALSE(second.retry);
  EXPECT_FALSE(second.refresh_credentials);
  EXPECT_EQ(second.stop_reason, StopReason::kCorrectionUsed);
  EXPECT_EQ(second.final_error.code(), errc::kExpiredToken);
  EXPECT_EQ(second.final_error.attempts(), 2);
  EXPECT_TRUE(second.final_error.retryable());
  EXPECT_TRUE(sleeper_->sleeps().empty());
}

TEST_F(RetryTest, ExpiredTokenOnceEvenWithOtherRetriesBetween) {
  auto policy = MakePolicy(RetryOptions{}, FakeRandom::AlwaysMax());
  RetryCall call = policy->Begin(Idempotency::kIdempotent);
  EXPECT_TRUE(call.OnFailure(ServiceError(errc::kExpiredToken)).refresh_credentials);
  EXPECT_TRUE(call.OnFailure(ServiceError(errc::kThrottling)).retry);
  RetryDecision third = call.OnFailure(ServiceError(errc::kExpiredToken));
  EXPECT_FALSE(third.retry);
  EXPECT_EQ(third.final_error.attempts(), 3);
  // A new call gets its own refresh.
  RetryCall next = policy->Begin(Idempotency::kIdempotent);
  EXPECT_TRUE(next.OnFailure(ServiceError(errc::kExpiredToken)).refresh_credentials);
}

TEST_F(RetryTest, ClockSkewIsCorrectedOnceAndIndependentlyOfRefresh) {
  auto policy = MakePolicy(RetryOptions{}, FakeRandom::AlwaysMax());
  RetryCall call = policy->Begin(Idempotency::kIdempotent);
  RetryDecision skew = call.OnFailure(ServiceError("RequestTimeTooSkewed", 403));
  EXPECT_TRUE(skew.retry);
  EXPECT_TRUE(skew.correct_clock_skew);
  EXPECT_FALSE(skew.refresh_credentials);
  EXPECT_EQ(skew.delay, nanoseconds(0));
  EXPECT_TRUE(call.OnFailure(ServiceError(errc::kExpiredToken)).refresh_credentials);
  RetryDecision again = call.OnFailure(
      ServiceError(errc::kInvalidSignature, 400, "Signature expired: 20150830T123600Z is now "
                                                 "earlier than 20150830T124600Z"));
  EXPECT_FALSE(again.retry);
  EXPECT_FALSE(again.correct_clock_skew);
  EXPECT_EQ(again.stop_reason, StopReason::kCorrectionUsed);
  EXPECT_EQ(again.final_error.code(), errc::kInvalidSignature);
  EXPECT_EQ(again.final_error.attempts(), 3);
}

TEST_F(RetryTest, CorrectionsRespectMaxAttemptsAndDeadline) {
  RetryOptions options;
  options.max_attempts = 1;
  auto single = MakePolicy(options, FakeRandom::AlwaysMax());
  RetryDecision decision =
      single->Begin(Idempotency::kIdempotent).OnFailure(ServiceError(errc::kExpiredToken));
  EXPECT_FALSE(decision.retry);
  EXPECT_EQ(decision.stop_reason, StopReason::kMaxAttempts);

  RetryOptions bounded;
  bounded.call_deadline = milliseconds(100);
  auto policy = MakePolicy(bounded, FakeRandom::AlwaysMax());
  RetryCall call = policy->Begin(Idempotency::kIdempotent);
  clock_->Advance(milliseconds(100));
  EXPECT_EQ(call.OnFailure(ServiceError(errc::kExpiredToken)).stop_reason, StopReason::kDeadline);
}

// --- Transaction cancellation --------------------------------------------------------------

TEST_F(RetryTest, TransactionCancellationReasonMatrix) {
  struct Case {
    std::vector<std::string> reasons;
    RetryClass expected;
  };
  const std::vector<Case> cases = {
      {{"None", "TransactionConflict"}, RetryClass::kTransient},
      {{"TransactionConflict"}, RetryClass::kTransient},
      {{"None"}, RetryClass::kTransient},
      {{"ThrottlingError"}, RetryClass::kThrottling},
      {{"None", "ProvisionedThroughputExceeded"}, RetryClass::kThrottling},
      {{"None", "None", "TransactionConflict", "ThrottlingError"}, RetryClass::kThrottling},
      {{"ConditionalCheckFailed"}, RetryClass::kNotRetryable},
      {{"ConditionalCheckFailed", "TransactionConflict"}, RetryClass::kNotRetryable},
      {{"ThrottlingError", "ValidationError"}, RetryClass::kNotRetryable},
      {{"None", "ItemCollectionSizeLimitExceeded"}, RetryClass::kNotRetryable},
      {{"None", "SomeFutureReason"}, RetryClass::kNotRetryable},
      {{}, RetryClass::kNotRetryable},
  };
  for (const Case& c : cases) {
    auto policy = MakePolicy(RetryOptions{}, FakeRandom::AlwaysMax());
    RetryCall call = policy->Begin(Idempotency::kNotIdempotent);
    RetryDecision decision = call.OnFailure(Cancelled(c.reasons));
    std::string label;
    for (const std::string& reason : c.reasons) label += reason + ",";
    SCOPED_TRACE(label);
    EXPECT_EQ(decision.retry_class, c.expected);
    EXPECT_EQ(decision.retry, c.expected != RetryClass::kNotRetryable);
    if (c.expected == RetryClass::kThrottling) {
      EXPECT_EQ(decision.delay, seconds(1));
    } else if (c.expected == RetryClass::kTransient) {
      EXPECT_EQ(decision.delay, milliseconds(25));
    }
    if (!decision.retry) {
      // The caller still sees every per-action reason.
      EXPECT_EQ(decision.final_error.code(), errc::kTransactionCanceled);
      EXPECT_EQ(decision.final_error.cancellation_reasons().size(), c.reasons.size());
    }
  }
}

// --- Observer ------------------------------------------------------------------------------

TEST_F(RetryTest, ObserverSeesEveryDecisionBeforeTheWait) {
  struct Seen {
    RetryDecision decision;
    std::string cause;
    std::chrono::steady_clock::time_point at;
  };
  std::vector<Seen> seen;
  auto policy = MakePolicy(RetryOptions{}, FakeRandom::AlwaysMax(),
                           [&](const RetryDecision& decision, const Error& cause) {
                             seen.push_back({decision, cause.code(), clock_->MonotonicNow()});
                           });
  const auto start = clock_->MonotonicNow();
  std::vector<RetryDecision> decisions = FailUntilStop(*policy, ServiceError(errc::kThrottling));
  ASSERT_EQ(seen.size(), decisions.size());
  nanoseconds slept(0);
  for (std::size_t i = 0; i < seen.size(); ++i) {
    EXPECT_EQ(seen[i].decision.attempt, static_cast<int>(i) + 1);
    EXPECT_EQ(seen[i].decision.retry, decisions[i].retry);
    EXPECT_EQ(seen[i].decision.delay, decisions[i].delay);
    EXPECT_EQ(seen[i].decision.retry_class, RetryClass::kThrottling);
    EXPECT_EQ(seen[i].cause, errc::kThrottling);
    EXPECT_EQ(seen[i].at - start, slept);  // observed before this decision's wait
    slept += decisions[i].delay;
  }
  EXPECT_EQ(seen.back().decision.stop_reason, StopReason::kMaxAttempts);
  EXPECT_EQ(seen.back().decision.final_error.attempts(), 5);
}

// --- Seeded random fault schedule ------------------------------------------------------------

TEST_F(RetryTest, RandomFaultScheduleKeepsInvariants) {
  const std::vector<ClassCase> table = ClassificationTable();
  std::mt19937_64 rng(0xddb5eed);
  auto pick = [&](int low, int high) {
    return std::uniform_int_distribution<int>(low, high)(rng);
  };
  int total_retries = 0;
  int total_outcome_unknown = 0;
  int total_deadline = 0;
  int total_quota = 0;
  for (int run = 0; run < 5000; ++run) {
    RetryOptions options;
    options.max_attempts = pick(0, 8);
    if (pick(0, 1) == 1) options.call_deadline = milliseconds(pick(0, 30000));
    options.retry_quota_capacity = std::vector<int>{0, 12, 60, 500}[pick(0, 3)];
    auto policy = MakePolicy(options, std::make_shared<FakeRandom>(run));
    const Idempotency idempotency =
        pick(0, 1) == 1 ? Idempotency::kIdempotent : Idempotency::kNotIdempotent;
    const auto start = clock_->MonotonicNow();
    RetryCall call = policy->Begin(idempotency);
    nanoseconds slept(0);
    int refreshes = 0;
    int corrections = 0;
    bool finished = false;
    for (int attempt = 1; attempt <= 50 && !finished; ++attempt) {
      SCOPED_TRACE("run " + std::to_string(run) + " attempt " + std::to_string(attempt));
      clock_->Advance(milliseconds(pick(0, 400)));  // the attempt itself takes time
      if (pick(0, 5) == 0) {
        call.OnSuccess();
        EXPECT_EQ(call.attempts(), attempt);
        finished = true;
        break;
      }
      const ClassCase& fault = table[pick(0, static_cast<int>(table.size()) - 1)];
      std::optional<milliseconds> retry_after;
      if (pick(0, 4) == 0) retry_after = milliseconds(pick(0, 40000));
      const int quota_before = policy->available_quota();
      RetryDecision decision = call.OnFailure(fault.error, retry_after);

      ASSERT_EQ(decision.attempt, attempt);
      ASSERT_LE(attempt, std::max(1, options.max_attempts));
      ASSERT_EQ(decision.retry_class, fault.expected);
      ASSERT_GE(policy->available_quota(), 0);
      ASSERT_LE(policy->available_quota(), options.retry_quota_capacity);
      ASSERT_EQ(policy->available_quota(), quota_before - decision.quota_cost);
      if (fault.expected == RetryClass::kNotRetryable) {
        ASSERT_FALSE(decision.retry);
      }
      const bool ambiguous = fault.expected == RetryClass::kAmbiguous ||
                             fault.expected == RetryClass::kCorruptResponse;
      if (ambiguous && idempotency == Idempotency::kNotIdempotent) {
        ASSERT_FALSE(decision.retry);
        ASSERT_EQ(decision.final_error.code(), errc::kOutcomeUnknown);
        ASSERT_FALSE(decision.final_error.retryable());
      }
      if (decision.retry) {
        ++total_retries;
        ASSERT_LE(decision.delay, options.max_backoff);
        const bool correction = decision.refresh_credentials || decision.correct_clock_skew;
        if (correction) {
          ASSERT_EQ(decision.delay, nanoseconds(0));
          ASSERT_EQ(decision.quota_cost, 0);
        } else if (retry_after) {
          ASSERT_GE(decision.delay, std::min<nanoseconds>(*retry_after, options.max_backoff));
        }
        slept += decision.delay;
        refreshes += decision.refresh_credentials ? 1 : 0;
        corrections += decision.correct_clock_skew ? 1 : 0;
        ASSERT_LE(refreshes, 1);
        ASSERT_LE(corrections, 1);
        if (options.call_deadline) {
          // The next attempt starts strictly before the deadline.
          ASSERT_LT(clock_->MonotonicNow() - start, *options.call_deadline);
          ASSERT_LT(slept, *options.call_deadline);
        }
      } else {
        finished = true;
        ASSERT_EQ(decision.final_error.attempts(), attempt);
        ASSERT_NE(decision.stop_reason, StopReason::kNone);
        total_outcome_unknown += decision.stop_reason == StopReason::kOutcomeUnknown;
        total_deadline += decision.stop_reason == StopReason::kDeadline;
        total_quota += decision.stop_reason == StopReason::kQuotaExhausted;
        if (decision.stop_reason == StopReason::kDeadline) {
          ASSERT_EQ(decision.final_error.code(), errc::kDeadlineExceeded);
        }
        if (decision.stop_reason == StopReason::kNotRetryable) {
          ASSERT_EQ(decision.final_error.code(), fault.error.code());
          ASSERT_FALSE(decision.final_error.retryable());
        }
      }
    }
    ASSERT_TRUE(finished) << "run " << run << " never stopped";
  }
  // The schedule exercised every way of stopping (guards against a vacuous test).
  EXPECT_GT(total_retries, 1000);
  EXPECT_GT(total_outcome_unknown, 50);
  EXPECT_GT(total_deadline, 50);
  EXPECT_GT(total_quota, 50);
}

}  // namespace
}  // namespace homeboard::ddb
