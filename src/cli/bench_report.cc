// getrusage-based measurements and the JSON report line.
#include "cli/bench_report.h"

#include <fmt/format.h>
#include <sys/resource.h>

#include <algorithm>
#include <cmath>

namespace homeboard::cli {

std::chrono::microseconds ProcessCpuTime() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto to_us = [](const timeval& t) {
    return std::chrono::microseconds(static_cast<std::int64_t>(t.tv_sec) * 1000000 + t.tv_usec);
  };
  return to_us(usage.ru_utime) + to_us(usage.ru_stime);
}

std::int64_t PeakRssKb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;  // KiB on Linux
}

double LatencySamples::PercentileUs(double q) {
  if (samples_.empty()) return 0;
  if (!sorted_) {
    std::sort(samples_.begin(), samples_.end());
    sorted_ = true;
  }
  auto rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(samples_.size())));
  std::size_t index = std::min(samples_.size() - 1, rank == 0 ? 0 : rank - 1);
  return static_cast<double>(samples_[index].count()) / 1000.0;
}

namespace {

void Append(std::string& out, std::string_view key, double value) {
  fmt::format_to(std::back_inserter(out), ",\"{}\":{:.{}f}", key, value,
                 std::abs(value) >= 100 ? 0 : 3);
}

void AppendString(std::string& out, std::string_view key, std::string_view value) {
  out += fmt::format(",\"{}\":\"", key);
  for (char c : value) {
    if (c == '"' || c == '\\') out += '\\';
    out += (static_cast<unsigned char>(c) < 0x20) ? ' ' : c;
  }
  out += '"';
}

}  // namespace

std::string ToJsonLine(const WorkloadReport& report) {
  std::string out = fmt::format("{{\"workload\":\"{}\"", report.workload);
  if (report.items) out += fmt::format(",\"items\":{}", *report.items);
  if (report.wall_s) Append(out, "wall_s", *report.wall_s);
  if (report.items_per_s) Append(out, "items_per_s", *report.items_per_s);
  if (report.p50_us) Append(out, "p50_us", *report.p50_us);
  if (report.p99_us) Append(out, "p99_us", *report.p99_us);
  if (report.cpu_us_per_call) Append(out, "cpu_us_per_call", *report.cpu_us_per_call);
  if (report.calls_per_s) Append(out, "calls_per_s", *report.calls_per_s);
  if (report.requests) out += fmt::format(",\"requests\":{}", *report.requests);
  out += fmt::format(",\"peak_rss_kb\":{}", PeakRssKb());
  if (!report.note.empty()) AppendString(out, "note", report.note);
  if (!report.error.empty()) AppendString(out, "error", report.error);
  out += '}';
  return out;
}

}  // namespace homeboard::cli
