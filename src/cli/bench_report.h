// Measurement helpers for `homeboard bench`: latency samples with percentiles, process CPU
// time and peak RSS from getrusage, and the one-JSON-object-per-line report format.
#ifndef HOMEBOARD_CLI_BENCH_REPORT_H_
#define HOMEBOARD_CLI_BENCH_REPORT_H_

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace homeboard::cli {

// CPU time (user + system) this process has used so far.
std::chrono::microseconds ProcessCpuTime();
// Peak resident set size of this process in KiB.
std::int64_t PeakRssKb();

// Latency samples of one workload.
class LatencySamples {
 public:
  void Add(std::chrono::nanoseconds sample) { samples_.push_back(sample); }
  bool empty() const { return samples_.empty(); }
  // The q-quantile (0..1) in microseconds, nearest-rank; 0 when empty.
  double PercentileUs(double q);

 private:
  std::vector<std::chrono::nanoseconds> samples_;
  bool sorted_ = false;
};

// One line of the report. Fields left unset are omitted from the JSON.
struct WorkloadReport {
  std::string workload;
  std::optional<std::int64_t> items;
  std::optional<double> wall_s;
  std::optional<double> items_per_s;
  std::optional<double> p50_us;
  std::optional<double> p99_us;
  std::optional<double> cpu_us_per_call;
  std::optional<double> calls_per_s;
  std::optional<std::int64_t> requests;
  std::string note;
  std::string error;  // set when the workload failed
};

// {"workload":"W2","items":10000,"wall_s":...}: one line, fields in a fixed order.
std::string ToJsonLine(const WorkloadReport& report);

}  // namespace homeboard::cli

#endif  // HOMEBOARD_CLI_BENCH_REPORT_H_
