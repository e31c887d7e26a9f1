// `homeboard bench store`: requirement 8.8 measured. Builds one user with 10 pages, 200
// widgets, 10,000 bookmarks, 2,000 notes and 30,000 tag associations over 500 distinct tags
// through the services (so every write takes the path a real user's does), then times what
// that person does all day: load a 20-widget × 50-bookmark page, list every bookmark newest
// first, open the items with a tag, list tags with counts and autocomplete, rename a tag on
// 1,000 items and delete a page with 1,000 items under it. One JSON line per workload on
// stdout (bench_report.h), on either engine.
//
// The store is a fresh one: on SQLite a temporary file unless --data names one, on DynamoDB a
// random table prefix unless --table-prefix names one; the tables are removed afterwards
// unless --keep.
#ifndef HOMEBOARD_CLI_BENCH_STORE_H_
#define HOMEBOARD_CLI_BENCH_STORE_H_

#include <cstdint>

#include "cli/store_options.h"

namespace homeboard::cli {

struct BenchStoreOptions {
  StoreOptions store;
  // Scales every count of the dataset (0.01 .. 1); tests use a small scale.
  double scale = 1.0;
  // Repetitions of each latency workload (p50 / p99 over these).
  int samples = 200;
  bool keep = false;
  std::uint64_t seed = 42;
};

// Builds the dataset, runs the workloads, prints one JSON line each. Returns a process exit
// code: 0, or 1 if the store could not be opened or any workload failed.
int RunBenchStore(BenchStoreOptions options);

}  // namespace homeboard::cli

#endif  // HOMEBOARD_CLI_BENCH_STORE_H_
