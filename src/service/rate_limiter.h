// RateLimiter: a token bucket per key (an API token id, a client address, ...), for the
// server's per-token and per-address request limits (HTTP 429 with Retry-After).
//
// Each key has a bucket of `burst` tokens that refills at `rate_per_second`; a request
// takes `cost` tokens (1 by default) if the bucket holds them, else it is refused with the
// whole seconds until it would hold them (at least 1, for Retry-After). A refused request
// takes nothing, so a client that waits as told gets through.
//
// Memory is bounded: at most `max_keys` buckets are kept. A bucket that has refilled
// completely is the same as no bucket, so it may be dropped at any time; when the table is
// full, the least recently used bucket is evicted (which can only favour that key: it starts
// again with a full bucket). Keys are spread over 16 shards, each with its own mutex.
//
// State is in memory, per process: a restart forgets it, and several server processes each
// enforce their own limit. That suits one homeboard process per deployment.
//
// Thread safety: thread-safe.
#ifndef HOMEBOARD_SERVICE_RATE_LIMITER_H_
#define HOMEBOARD_SERVICE_RATE_LIMITER_H_

#include <array>
#include <chrono>
#include <cstddef>
#include <functional>
#include <list>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace homeboard::service {

// The clock the limiters read: monotonic, injectable (tests pass a fake).
using LimiterClock = std::function<std::chrono::steady_clock::time_point()>;

inline LimiterClock SteadyLimiterClock() {
  return [] { return std::chrono::steady_clock::now(); };
}

// A limiter's answer.
struct RateDecision {
  bool allowed = true;
  // When refused: whole seconds until the same request would be allowed (>= 1). 0 if allowed.
  std::chrono::seconds retry_after{0};
};

struct RateLimiterOptions {
  double rate_per_second = 10;  // sustained rate (> 0)
  double burst = 50;            // bucket size: requests allowed at once after a quiet spell (>= 1)
  std::size_t max_keys = 100000;
  LimiterClock clock = SteadyLimiterClock();
};

class RateLimiter {
 public:
  // Precondition: rate_per_second > 0, burst >= 1, max_keys >= 1 (else they are clamped).
  explicit RateLimiter(RateLimiterOptions options);

  RateLimiter(const RateLimiter&) = delete;
  RateLimiter& operator=(const RateLimiter&) = delete;

  // Takes `cost` tokens from `key`'s bucket if it holds them. A cost above `burst` can never
  // be met and is refused with the time a full bucket would take.
  RateDecision Acquire(std::string_view key, double cost = 1);

  // Buckets currently kept (tests, metrics).
  std::size_t size() const;

 private:
  struct Bucket {
    double tokens = 0;
    std::chrono::steady_clock::time_point updated;
    std::list<std::string>::iterator lru;  // position in Shard::lru (front: most recent)
  };
  struct Shard {
    mutable std::mutex mu;
    std::unordered_map<std::string, Bucket> buckets;  // GUARDED_BY(mu)
    std::list<std::string> lru;                       // GUARDED_BY(mu)
  };
  static constexpr std::size_t kShards = 16;

  Shard& ShardOf(std::string_view key);
  // Evicts the least recently used buckets until one more fits.
  void MakeRoom(Shard& shard) const;
  double Refilled(const Bucket& bucket, std::chrono::steady_clock::time_point now) const;

  RateLimiterOptions options_;
  std::size_t max_keys_per_shard_;
  std::array<Shard, kShards> shards_;
};

}  // namespace homeboard::service

#endif  // HOMEBOARD_SERVICE_RATE_LIMITER_H_
