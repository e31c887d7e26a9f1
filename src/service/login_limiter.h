// LoginLimiter: slows down password guessing, per account and per client address, with
// exponential back-off (OWASP Authentication Cheat Sheet, "Login Throttling"; NIST SP
// 800-63B-4 section 3.2.2, "Rate Limiting").
//
// Each key (an account name, a client address) counts its failed logins. The first
// `free_failures` cost nothing; after that, each further attempt must wait
// base_delay * 2^(failures - free_failures) after the last failure, capped at max_delay:
// with the account defaults (5 free, 1 s base, 15 min cap) a guesser gets 5 tries at once,
// about 15 in the first half hour, then 4 an hour. An address may fail more often (20 free,
// cap 1 h), since many people can share one address. Failures are forgotten `forget_after`
// after the last one.
//
// Usage, around every password check:
//
//   RateDecision decision = limiter.Attempt(name, address);
//   if (!decision.allowed) -> 429, Retry-After: decision.retry_after
//   if (password is right) limiter.Succeeded(name, address); else nothing more to do.
//
// Attempt counts the attempt as a failure up front, so many guesses sent at once cannot all
// pass before the first failure is recorded; Succeeded takes it back: it clears the
// account's count (its owner has proven themself) and removes one failure from the
// address's (so a busy shared address is not locked by its successful logins, while one
// good password of an attacker's own account does not wipe their record of failures).
//
// The trade-off of account lockout is that anyone can delay a victim's logins by failing on
// purpose; the cap (15 min) bounds that, and API tokens and existing sessions are not
// affected.
//
// Account names are normalised here as AccountService normalises them (model::
// NormalizeUserName), so "Alice", "alice " and "alice\u00a0" share a count. Memory is bounded by
// `max_keys` (least recently used keys are forgotten first); one address cannot fill it, since it
// is itself locked after its free failures.
//
// Thread safety: thread-safe (one mutex; a login costs one Argon2 hash, which dwarfs it).
#ifndef HOMEBOARD_SERVICE_LOGIN_LIMITER_H_
#define HOMEBOARD_SERVICE_LOGIN_LIMITER_H_

#include <chrono>
#include <cstddef>
#include <list>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "service/rate_limiter.h"

namespace homeboard::service {

// How one kind of key backs off.
struct BackoffPolicy {
  int free_failures = 5;
  std::chrono::seconds base_delay{1};
  std::chrono::seconds max_delay{15 * 60};
};

struct LoginLimiterOptions {
  BackoffPolicy account;
  BackoffPolicy address{.free_failures = 20,
                        .base_delay = std::chrono::seconds(1),
                        .max_delay = std::chrono::seconds(3600)};
  std::chrono::seconds forget_after{3600};
  std::size_t max_keys = 100000;
  LimiterClock clock = SteadyLimiterClock();
};

class LoginLimiter {
 public:
  explicit LoginLimiter(LoginLimiterOptions options = {});

  LoginLimiter(const LoginLimiter&) = delete;
  LoginLimiter& operator=(const LoginLimiter&) = delete;

  // Whether a login of `account` from `address` may be tried now. Allowed attempts are
  // counted as failures until Succeeded; refused ones are not counted and report the longer
  // of the two waits. An empty account or address is a key like any other.
  RateDecision Attempt(std::string_view account, std::string_view address);

  // The attempt's password was right (see above).
  void Succeeded(std::string_view account, std::string_view address);

  // Keys currently tracked (tests, metrics).
  std::size_t size() const;

 private:
  struct Entry {
    int failures = 0;
    std::chrono::steady_clock::time_point last_failure;
    std::list<std::string>::iterator lru;
  };

  // The entry of `key`, created if absent, moved to the front of the LRU list, with failures
  // older than forget_after dropped.
  Entry& Touch(const std::string& key, std::chrono::steady_clock::time_point now);
  // Seconds `entry` must still wait under `policy` (0: may try now).
  static std::chrono::seconds Wait(const Entry& entry, const BackoffPolicy& policy,
                                   std::chrono::steady_clock::time_point now);

  LoginLimiterOptions options_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, Entry> entries_;  // GUARDED_BY(mu_)
  std::list<std::string> lru_;                      // GUARDED_BY(mu_): front = most recent
};

}  // namespace homeboard::service

#endif  // HOMEBOARD_SERVICE_LOGIN_LIMITER_H_
