// `homeboard bench ddb`: the DynamoDB client's workloads W1..W8 (see docs/benchmarks.md),
// each reported as one JSON line on stdout.
#ifndef HOMEBOARD_CLI_BENCH_DDB_H_
#define HOMEBOARD_CLI_BENCH_DDB_H_

#include <string>
#include <vector>

namespace homeboard::cli {

struct BenchDdbOptions {
  std::string endpoint;            // DynamoDB (Local) for W1..W7; empty: resolved like the CLI
  std::string region;
  std::string stub_endpoint;       // W8 against this stub instead of a self-started one
  int items = 10000;               // N for W2..W4
  int parallel = 8;                // requests in flight for batch writes
  std::vector<std::string> workloads;  // empty: all of W1..W8
  std::string table = "Bookmarks";  // a random suffix is added so runs never collide
  bool keep_table = false;
};

// Runs the selected workloads; returns a process exit code (1 if any workload failed).
int RunBenchDdb(const BenchDdbOptions& options);

}  // namespace homeboard::cli

#endif  // HOMEBOARD_CLI_BENCH_DDB_H_
