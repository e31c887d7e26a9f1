// RateLimiter: token buckets in sharded, bounded LRU tables.
#include "service/rate_limiter.h"

#include <algorithm>
#include <cmath>

namespace homeboard::service {

RateLimiter::RateLimiter(RateLimiterOptions options) : options_(std::move(options)) {
  options_.rate_per_second = std::max(options_.rate_per_second, 1e-6);
  options_.burst = std::max(options_.burst, 1.0);
  options_.max_keys = std::max<std::size_t>(options_.max_keys, 1);
  max_keys_per_shard_ = std::max<std::size_t>(1, (options_.max_keys + kShards - 1) / kShards);
}

RateLimiter::Shard& RateLimiter::ShardOf(std::string_view key) {
  return shards_[std::hash<std::string_view>{}(key) % kShards];
}

double RateLimiter::Refilled(const Bucket& bucket,
                             std::chrono::steady_clock::time_point now) const {
  double elapsed = std::chrono::duration<double>(now - bucket.updated).count();
  if (elapsed < 0) elapsed = 0;  // a fake clock moved back: no refill, no penalty
  return std::min(options_.burst, bucket.tokens + elapsed * options_.rate_per_second);
}

void RateLimiter::MakeRoom(Shard& shard) const {
  while (shard.buckets.size() >= max_keys_per_shard_ && !shard.lru.empty()) {
    shard.buckets.erase(shard.lru.back());
    shard.lru.pop_back();
  }
}

RateDecision RateLimiter::Acquire(std::string_view key, double cost) {
  cost = std::max(cost, 0.0);
  std::chrono::steady_clock::time_point now = options_.clock();
  Shard& shard = ShardOf(key);
  std::lock_guard<std::mutex> lock(shard.mu);
  auto found = shard.buckets.find(std::string(key));
  if (found == shard.buckets.end()) {
    MakeRoom(shard);
    shard.lru.emplace_front(key);
    Bucket fresh{.tokens = options_.burst, .updated = now, .lru = shard.lru.begin()};
    found = shard.buckets.emplace(std::string(key), fresh).first;
  } else {
    shard.lru.splice(shard.lru.begin(), shard.lru, found->second.lru);
  }
  Bucket& bucket = found->second;
  bucket.tokens = Refilled(bucket, now);
  bucket.updated = std::max(bucket.updated, now);
  if (cost <= bucket.tokens) {
    bucket.tokens -= cost;
    return RateDecision{};
  }
  // A cost above the burst can never be met; the wait reported is until the bucket is full.
  double missing = std::min(cost, options_.burst) - bucket.tokens;
  auto wait = static_cast<std::int64_t>(std::ceil(missing / options_.rate_per_second));
  return RateDecision{.allowed = false,
                      .retry_after = std::chrono::seconds(std::max<std::int64_t>(wait, 1))};
}

std::size_t RateLimiter::size() const {
  std::size_t total = 0;
  for (const Shard& shard : shards_) {
    std::lock_guard<std::mutex> lock(shard.mu);
    total += shard.buckets.size();
  }
  return total;
}

}  // namespace homeboard::service
