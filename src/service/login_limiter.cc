// LoginLimiter: failure counts with exponential back-off in a bounded LRU table.
#include "service/login_limiter.h"

#include <algorithm>

#include "model/user.h"

namespace homeboard::service {
namespace {

using Clock = std::chrono::steady_clock;

// Keys of the two kinds never collide: "a:" accounts, "n:" network addresses. Account names
// are normalised exactly as AccountService does (Unicode whitespace trimmed, ASCII
// lower-cased), so no spelling of a name that logs in gets a fresh count. A name that does
// not normalise can never log in; it is keyed as given.
std::string AccountKey(std::string_view account) {
  model::Result<std::string> name = model::NormalizeUserName(account);
  return "a:" + (name.ok() ? *name : std::string(account));
}

std::string AddressKey(std::string_view address) { return "n:" + std::string(address); }

}  // namespace

LoginLimiter::LoginLimiter(LoginLimiterOptions options) : options_(std::move(options)) {
  options_.max_keys = std::max<std::size_t>(options_.max_keys, 2);
}

LoginLimiter::Entry& LoginLimiter::Touch(const std::string& key, Clock::time_point now) {
  auto found = entries_.find(key);
  if (found == entries_.end()) {
    while (entries_.size() >= options_.max_keys && !lru_.empty()) {
      entries_.erase(lru_.back());
      lru_.pop_back();
    }
    lru_.push_front(key);
    found =
        entries_.emplace(key, Entry{.failures = 0, .last_failure = now, .lru = lru_.begin()}).first;
  } else {
    lru_.splice(lru_.begin(), lru_, found->second.lru);
  }
  Entry& entry = found->second;
  if (entry.failures > 0 && now - entry.last_failure >= options_.forget_after) entry.failures = 0;
  return entry;
}

std::chrono::seconds LoginLimiter::Wait(const Entry& entry, const BackoffPolicy& policy,
                                        Clock::time_point now) {
  int over = entry.failures - policy.free_failures;
  if (over < 0) return std::chrono::seconds(0);
  // base * 2^over, capped; the shift is bounded so it cannot overflow.
  std::chrono::seconds delay = policy.max_delay;
  if (over < 30) delay = std::min(policy.max_delay, policy.base_delay * (std::int64_t{1} << over));
  Clock::time_point until = entry.last_failure + delay;
  if (now >= until) return std::chrono::seconds(0);
  auto remaining = std::chrono::ceil<std::chrono::seconds>(until - now);
  return std::max(remaining, std::chrono::seconds(1));
}

RateDecision LoginLimiter::Attempt(std::string_view account, std::string_view address) {
  Clock::time_point now = options_.clock();
  std::lock_guard<std::mutex> lock(mu_);
  Entry& by_account = Touch(AccountKey(account), now);
  Entry& by_address = Touch(AddressKey(address), now);
  std::chrono::seconds wait =
      std::max(Wait(by_account, options_.account, now), Wait(by_address, options_.address, now));
  if (wait.count() > 0) return RateDecision{.allowed = false, .retry_after = wait};
  for (Entry* entry : {&by_account, &by_address}) {
    ++entry->failures;
    entry->last_failure = now;
  }
  return RateDecision{};
}

void LoginLimiter::Succeeded(std::string_view account, std::string_view address) {
  std::lock_guard<std::mutex> lock(mu_);
  if (auto found = entries_.find(AccountKey(account)); found != entries_.end()) {
    found->second.failures = 0;
  }
  if (auto found = entries_.find(AddressKey(address)); found != entries_.end()) {
    found->second.failures = std::max(0, found->second.failures - 1);
  }
}

std::size_t LoginLimiter::size() const {
  std::lock_guard<std::mutex> lock(mu_);
  return entries_.size();
}

}  // namespace homeboard::service
