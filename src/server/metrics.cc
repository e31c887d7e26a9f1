// Metrics bookkeeping and the Prometheus text rendering.
#include "server/metrics.h"

#include <fmt/format.h>

namespace homeboard::server {
namespace {

// Label values escaped as the exposition format requires (backslash, quote, newline).
std::string Escape(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '"') {
      out += "\\\"";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

void Metrics::RequestFinished(std::string_view method, std::string_view route, int status,
                              std::chrono::nanoseconds duration, std::size_t response_bytes) {
  double seconds = std::chrono::duration<double>(duration).count();
  std::size_t bucket = 0;
  while (bucket < kBuckets.size() && seconds > kBuckets[bucket]) ++bucket;
  {
    std::lock_guard<std::mutex> lock(mu_);
    ++requests_[{std::string(method), std::string(route), status}];
    Histogram& histogram = durations_[{std::string(method), std::string(route)}];
    if (bucket < kBuckets.size()) ++histogram.buckets[bucket];
    ++histogram.count;
    histogram.sum += seconds;
    histogram.bytes += response_bytes;
  }
  in_flight_.fetch_sub(1, std::memory_order_relaxed);
}

void Metrics::StoreCall(std::string_view op, std::string_view outcome) {
  std::lock_guard<std::mutex> lock(mu_);
  ++store_calls_[{std::string(op), std::string(outcome)}];
}

std::string Metrics::RenderPrometheus() const {
  std::string out;
  auto append = [&out](std::string_view text) { out.append(text); };
  std::lock_guard<std::mutex> lock(mu_);
  append("# HELP homeboard_http_requests_total HTTP requests answered, by route and status.\n");
  append("# TYPE homeboard_http_requests_total counter\n");
  for (const auto& [key, count] : requests_) {
    const auto& [method, route, status] = key;
    append(fmt::format(
        "homeboard_http_requests_total{{method=\"{}\",route=\"{}\",status=\"{}\"}} {}\n",
        Escape(method), Escape(route), status, count));
  }
  append(
      "# HELP homeboard_http_request_duration_seconds Time from request parsed to response "
      "ready.\n");
  append("# TYPE homeboard_http_request_duration_seconds histogram\n");
  for (const auto& [key, histogram] : durations_) {
    std::string labels =
        fmt::format("method=\"{}\",route=\"{}\"", Escape(key.first), Escape(key.second));
    std::uint64_t cumulative = 0;
    for (std::size_t i = 0; i < kBuckets.size(); ++i) {
      cumulative += histogram.buckets[i];
      append(fmt::format("homeboard_http_request_duration_seconds_bucket{{{},le=\"{}\"}} {}\n",
                         labels, kBuckets[i], cumulative));
    }
    append(fmt::format("homeboard_http_request_duration_seconds_bucket{{{},le=\"+Inf\"}} {}\n",
                       labels, histogram.count));
    append(fmt::format("homeboard_http_request_duration_seconds_sum{{{}}} {}\n", labels,
                       histogram.sum));
    append(fmt::format("homeboard_http_request_duration_seconds_count{{{}}} {}\n", labels,
                       histogram.count));
  }
  append("# HELP homeboard_http_response_bytes_total Response body bytes sent.\n");
  append("# TYPE homeboard_http_response_bytes_total counter\n");
  for (const auto& [key, histogram] : durations_) {
    append(fmt::format("homeboard_http_response_bytes_total{{method=\"{}\",route=\"{}\"}} {}\n",
                       Escape(key.first), Escape(key.second), histogram.bytes));
  }
  append("# HELP homeboard_http_requests_in_flight Requests being handled now.\n");
  append("# TYPE homeboard_http_requests_in_flight gauge\n");
  append(fmt::format("homeboard_http_requests_in_flight {}\n",
                     in_flight_.load(std::memory_order_relaxed)));
  append("# HELP homeboard_store_calls_total ItemStore calls, by operation and outcome.\n");
  append("# TYPE homeboard_store_calls_total counter\n");
  for (const auto& [key, count] : store_calls_) {
    append(fmt::format("homeboard_store_calls_total{{op=\"{}\",outcome=\"{}\"}} {}\n",
                       Escape(key.first), Escape(key.second), count));
  }
  append("# HELP homeboard_store_retries_total Store requests retried by the engine.\n");
  append("# TYPE homeboard_store_retries_total counter\n");
  append(fmt::format("homeboard_store_retries_total {}\n",
                     store_retries_.load(std::memory_order_relaxed)));
  append("# HELP homeboard_page_cache_lookups_total Expanded pages asked of the page cache.\n");
  append("# TYPE homeboard_page_cache_lookups_total counter\n");
  append(fmt::format("homeboard_page_cache_lookups_total{{outcome=\"hit\"}} {}\n",
                     page_cache_hits_.load(std::memory_order_relaxed)));
  append(fmt::format("homeboard_page_cache_lookups_total{{outcome=\"miss\"}} {}\n",
                     page_cache_misses_.load(std::memory_order_relaxed)));
  return out;
}

}  // namespace homeboard::server
