// Metrics: the server's counters, rendered in the Prometheus text exposition format
// (version 0.0.4) at /metrics:
//
//   homeboard_http_requests_total{method,route,status}       counter
//   homeboard_http_request_duration_seconds{method,route}    histogram
//   homeboard_http_requests_in_flight                        gauge
//   homeboard_http_response_bytes_total{method,route}        counter
//   homeboard_store_calls_total{op,outcome}                  counter (outcome: ok or the
//                                                            store::Error code name)
//   homeboard_store_retries_total                            counter (fed by store engines
//                                                            that retry, via StoreRetry())
//   homeboard_page_cache_lookups_total{outcome}              counter (hit or miss; see
//                                                            page_view_cache.h)
//
// `route` is the route's pattern ("/api/v1/pages/{id}"), never the raw path, so label
// cardinality stays bounded; requests matching no route count as "unmatched".
//
// Thread safety: every method is thread-safe.
#ifndef HOMEBOARD_SERVER_METRICS_H_
#define HOMEBOARD_SERVER_METRICS_H_

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <tuple>

namespace homeboard::server {

class Metrics {
 public:
  // Histogram bucket upper bounds in seconds.
  static constexpr std::array<double, 12> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                      0.05,   0.1,   0.25,   0.5,   1.0,  5.0};

  void RequestStarted() { in_flight_.fetch_add(1, std::memory_order_relaxed); }
  void RequestFinished(std::string_view method, std::string_view route, int status,
                       std::chrono::nanoseconds duration, std::size_t response_bytes);
  void StoreCall(std::string_view op, std::string_view outcome);
  void StoreRetry() { store_retries_.fetch_add(1, std::memory_order_relaxed); }
  void PageCacheLookup(bool hit) {
    (hit ? page_cache_hits_ : page_cache_misses_).fetch_add(1, std::memory_order_relaxed);
  }

  std::int64_t in_flight() const { return in_flight_.load(std::memory_order_relaxed); }

  // The exposition text.
  std::string RenderPrometheus() const;

 private:
  struct Histogram {
    std::array<std::uint64_t, kBuckets.size()> buckets{};  // non-cumulative counts
    std::uint64_t count = 0;
    double sum = 0;
    std::uint64_t bytes = 0;
  };

  std::atomic<std::int64_t> in_flight_{0};
  std::atomic<std::uint64_t> store_retries_{0};
  std::atomic<std::uint64_t> page_cache_hits_{0};
  std::atomic<std::uint64_t> page_cache_misses_{0};
  mutable std::mutex mu_;
  // (method, route, status) -> count
  std::map<std::tuple<std::string, std::string, int>, std::uint64_t> requests_;  // GUARDED_BY(mu_)
  std::map<std::pair<std::string, std::string>, Histogram> durations_;           // GUARDED_BY(mu_)
  std::map<std::pair<std::string, std::string>, std::uint64_t> store_calls_;     // GUARDED_BY(mu_)
};

}  // namespace homeboard::server

#endif  // HOMEBOARD_SERVER_METRICS_H_
