// Tests of LoginLimiter and RateLimiter on a fake clock: free attempts, exponential back-off
// with its cap, forgetting, success resets, the account/address split, concurrency and
// bounded memory.
#include "service/login_limiter.h"

#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <thread>
#include <vector>

#include "service/rate_limiter.h"

namespace homeboard::service {
namespace {

using std::chrono::seconds;

// A clock that moves only when told.
class FakeClock {
 public:
  LimiterClock AsClock() {
    return [this] {
      return std::chrono::steady_clock::time_point(std::chrono::nanoseconds(now_ns_.load()));
    };
  }
  void Advance(std::chrono::nanoseconds by) { now_ns_ += by.count(); }

 private:
  std::atomic<std::int64_t> now_ns_{std::int64_t{3600} * 1000 * 1000 * 1000 * 1000};
};

class LoginLimiterTest : public ::testing::Test {
 protected:
  LoginLimiterOptions Options() {
    LoginLimiterOptions options;
    options.clock = clock_.AsClock();
    return options;
  }

  FakeClock clock_;
};

TEST_F(LoginLimiterTest, FreeFailuresThenExponentialBackoff) {
  LoginLimiter limiter(Options());
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(limiter.Attempt("alice", "10.0.0.1").allowed) << i;
  // Five failures: the sixth waits 1 s, then 2 s, 4 s, 8 s...
  std::int64_t expected = 1;
  for (int round = 0; round < 6; ++round) {
    RateDecision refused = limiter.Attempt("alice", "10.0.0.1");
    ASSERT_FALSE(refused.allowed) << round;
    EXPECT_EQ(refused.retry_after, seconds(expected)) << round;
    clock_.Advance(seconds(expected) - std::chrono::milliseconds(1));
    EXPECT_FALSE(limiter.Attempt("alice", "10.0.0.1").allowed) << round;
    clock_.Advance(std::chrono::milliseconds(1));
    EXPECT_TRUE(limiter.Attempt("alice", "10.0.0.1").allowed) << round;
    expected *= 2;
  }
}

TEST_F(LoginLimiterTest, BackoffIsCappedAndEventuallyForgotten) {
  LoginLimiter limiter(Options());
  // A fresh address every time, so only the account's policy applies.
  int address = 0;
  auto next_address = [&] { return "10.0." + std::to_string(address++) + ".1"; };
  std::chrono::seconds longest{0};
  for (int i = 0; i < 30; ++i) {
    RateDecision decision = limiter.Attempt("bob", next_address());
    if (!decision.allowed) {
      longest = std::max(longest, decision.retry_after);
      clock_.Advance(decision.retry_after);
      ASSERT_TRUE(limiter.Attempt("bob", next_address()).allowed) << i;
    }
  }
  EXPECT_EQ(longest, seconds(15 * 60));
  RateDecision capped = limiter.Attempt("bob", next_address());
  ASSERT_FALSE(capped.allowed);
  EXPECT_EQ(capped.retry_after, seconds(15 * 60));
  // An hour after the last failure, the account starts over.
  clock_.Advance(seconds(3600));
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(limiter.Attempt("bob", next_address()).allowed) << i;
  EXPECT_FALSE(limiter.Attempt("bob", next_address()).allowed);
}

TEST_F(LoginLimiterTest, AnAddressBacksOffUpToAnHour) {
  LoginLimiter limiter(Options());
  int account = 0;
  std::chrono::seconds longest{0};
  for (int i = 0; i < 60; ++i) {
    RateDecision decision = limiter.Attempt("guess" + std::to_string(account++), "10.7.7.7");
    if (!decision.allowed) {
      longest = std::max(longest, decision.retry_after);
      clock_.Advance(decision.retry_after);
    }
  }
  EXPECT_EQ(longest, seconds(3600));
}

TEST_F(LoginLimiterTest, AccountNamesAreNormalised) {
  LoginLimiter limiter(Options());
  for (std::string_view name : {"carol", "Carol", " CAROL ", "carol\t", "\u00a0cArOl\u3000"}) {
    EXPECT_TRUE(limiter.Attempt(name, "10.0.0.5").allowed) << name;
  }
  EXPECT_FALSE(limiter.Attempt("CAROL", "10.0.0.6").allowed);
  EXPECT_TRUE(limiter.Attempt("carol2", "10.0.0.6").allowed);
}

TEST_F(LoginLimiterTest, AccountLockHoldsFromEveryAddress) {
  LoginLimiter limiter(Options());
  for (int i = 0; i < 5; ++i) {
    EXPECT_TRUE(limiter.Attempt("dave", "192.0.2." + std::to_string(i)).allowed);
  }
  RateDecision refused = limiter.Attempt("dave", "198.51.100.7");
  EXPECT_FALSE(refused.allowed);
  EXPECT_EQ(refused.retry_after, seconds(1));
}

TEST_F(LoginLimiterTest, AddressLockHoldsForEveryAccount) {
  LoginLimiter limiter(Options());
  for (int i = 0; i < 20; ++i) {
    EXPECT_TRUE(limiter.Attempt("user" + std::to_string(i), "203.0.113.9").allowed) << i;
  }
  RateDecision refused = limiter.Attempt("someone-new", "203.0.113.9");
  EXPECT_FALSE(refused.allowed);
  EXPECT_TRUE(limiter.Attempt("someone-new", "203.0.113.10").allowed);
}

TEST_F(LoginLimiterTest, SuccessClearsTheAccountButOnlyOneFailureOfTheAddress) {
  LoginLimiter limiter(Options());
  for (int i = 0; i < 4; ++i) EXPECT_TRUE(limiter.Attempt("erin", "10.1.1.1").allowed);
  EXPECT_TRUE(limiter.Attempt("erin", "10.1.1.1").allowed);
  limiter.Succeeded("erin", "10.1.1.1");
  // The account starts over: five free tries again.
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(limiter.Attempt("Erin", "10.1.1.2").allowed) << i;
  EXPECT_FALSE(limiter.Attempt("erin", "10.1.1.2").allowed);

  // Many successful logins through one shared address never lock it.
  LoginLimiter office(Options());
  for (int i = 0; i < 100; ++i) {
    std::string who = "person" + std::to_string(i);
    ASSERT_TRUE(office.Attempt(who, "10.9.9.9").allowed) << i;
    office.Succeeded(who, "10.9.9.9");
  }
  // But an attacker's own good password does not erase their failures on the address.
  for (int i = 0; i < 20; ++i) {
    ASSERT_TRUE(office.Attempt("victim" + std::to_string(i), "10.6.6.6").allowed);
  }
  ASSERT_FALSE(office.Attempt("mallory", "10.6.6.6").allowed);
  clock_.Advance(seconds(1));
  ASSERT_TRUE(office.Attempt("mallory", "10.6.6.6").allowed);
  office.Succeeded("mallory", "10.6.6.6");
  EXPECT_FALSE(office.Attempt("victim99", "10.6.6.6").allowed);
}

TEST_F(LoginLimiterTest, ConcurrentGuessesCannotOutrunTheCount) {
  LoginLimiter limiter(Options());
  std::atomic<int> allowed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 50; ++i) {
        if (limiter.Attempt("frank", "10.2.2.2").allowed) ++allowed;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(allowed.load(), 5);
}

TEST_F(LoginLimiterTest, MemoryIsBounded) {
  LoginLimiterOptions options = Options();
  options.max_keys = 100;
  LoginLimiter limiter(options);
  for (int i = 0; i < 1000; ++i) {
    limiter.Attempt("user" + std::to_string(i), "10.3." + std::to_string(i / 250) + ".1");
  }
  EXPECT_LE(limiter.size(), 100u);
  // The most recent keys are kept: the last address is still counted.
  for (int i = 0; i < 20; ++i) limiter.Attempt("x" + std::to_string(i), "10.3.3.1");
  EXPECT_FALSE(limiter.Attempt("y", "10.3.3.1").allowed);
}

// --- RateLimiter ----------------------------------------------------------------------------

class RateLimiterTest : public ::testing::Test {
 protected:
  RateLimiterOptions Options(double rate, double burst, std::size_t max_keys = 1000) {
    return RateLimiterOptions{
        .rate_per_second = rate, .burst = burst, .max_keys = max_keys, .clock = clock_.AsClock()};
  }
  FakeClock clock_;
};

TEST_F(RateLimiterTest, BurstThenSustainedRate) {
  RateLimiter limiter(Options(2, 10));
  for (int i = 0; i < 10; ++i) EXPECT_TRUE(limiter.Acquire("token-a").allowed) << i;
  RateDecision refused = limiter.Acquire("token-a");
  ASSERT_FALSE(refused.allowed);
  EXPECT_EQ(refused.retry_after, seconds(1));
  clock_.Advance(std::chrono::milliseconds(500));  // one token back at 2/s
  EXPECT_TRUE(limiter.Acquire("token-a").allowed);
  EXPECT_FALSE(limiter.Acquire("token-a").allowed);
  // Other keys are independent.
  EXPECT_TRUE(limiter.Acquire("token-b").allowed);
}

TEST_F(RateLimiterTest, RetryAfterIsEnoughAndRefusalsCostNothing) {
  RateLimiter limiter(Options(0.1, 1));  // one request per 10 s
  EXPECT_TRUE(limiter.Acquire("addr").allowed);
  for (int i = 0; i < 100; ++i) {
    RateDecision refused = limiter.Acquire("addr");
    ASSERT_FALSE(refused.allowed);
    EXPECT_EQ(refused.retry_after, seconds(10));
  }
  clock_.Advance(seconds(4));
  EXPECT_EQ(limiter.Acquire("addr").retry_after, seconds(6));
  clock_.Advance(seconds(6));
  EXPECT_TRUE(limiter.Acquire("addr").allowed);
}

TEST_F(RateLimiterTest, CostsAboveOneAndAboveTheBurst) {
  RateLimiter limiter(Options(1, 10));
  EXPECT_TRUE(limiter.Acquire("import", 8).allowed);
  RateDecision refused = limiter.Acquire("import", 5);
  ASSERT_FALSE(refused.allowed);
  EXPECT_EQ(refused.retry_after, seconds(3));
  RateDecision never = limiter.Acquire("other", 11);
  EXPECT_FALSE(never.allowed);
  EXPECT_GE(never.retry_after, seconds(1));
  EXPECT_TRUE(limiter.Acquire("other", 10).allowed);  // the refusal took nothing
}

TEST_F(RateLimiterTest, IdleBucketsRefillOnlyToTheBurst) {
  RateLimiter limiter(Options(100, 5));
  EXPECT_TRUE(limiter.Acquire("k").allowed);
  clock_.Advance(seconds(3600));
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(limiter.Acquire("k").allowed);
  EXPECT_FALSE(limiter.Acquire("k").allowed);
}

TEST_F(RateLimiterTest, MemoryIsBounded) {
  RateLimiter limiter(Options(1, 1, 64));
  for (int i = 0; i < 10000; ++i) limiter.Acquire("addr-" + std::to_string(i));
  EXPECT_LE(limiter.size(), 64u);
  // The most recently used key is still limited.
  EXPECT_FALSE(limiter.Acquire("addr-9999").allowed);
}

TEST_F(RateLimiterTest, ThreadsShareOneBudget) {
  RateLimiter limiter(Options(1, 100));
  std::atomic<int> allowed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 100; ++i) {
        if (limiter.Acquire("shared").allowed) ++allowed;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(allowed.load(), 100);
}

}  // namespace
}  // namespace homeboard::service
