// `homeboard bench`: benchmark subcommands (ddb, store) and the hidden W8 stub server.
#include "cli/bench_ddb.h"
#include "cli/bench_store.h"
#include "cli/commands.h"
#include "cli/stub_server.h"

namespace homeboard::cli {

void AddBenchCommand(CLI::App& app, int& exit_code) {
  CLI::App* bench = app.add_subcommand("bench", "Run benchmarks (one JSON object per line)");
  bench->require_subcommand(1);

  auto options = std::make_shared<BenchDdbOptions>();
  CLI::App* ddb = bench->add_subcommand(
      "ddb", "DynamoDB client workloads W1..W8 (see docs/benchmarks.md)");
  ddb->add_option("--endpoint", options->endpoint,
                  "DynamoDB endpoint, e.g. http://127.0.0.1:8000 (default: AWS, like the CLI)");
  ddb->add_option("--region", options->region, "AWS region (default: from env/config)");
  ddb->add_option("--items", options->items, "Items written and read by W2..W4")
      ->check(CLI::Range(1, 10000000));
  ddb->add_option("--parallel", options->parallel, "Batch requests in flight")
      ->check(CLI::Range(1, 256));
  ddb->add_option("--workload", options->workloads, "Workloads to run (W1..W8; default all)")
      ->delimiter(',')
      ->check(CLI::IsMember({"W1", "W2", "W3", "W4", "W5", "W6", "W7", "W8"}));
  ddb->add_option("--stub-endpoint", options->stub_endpoint,
                  "W8: measure against this stub instead of starting one");
  ddb->add_option("--table", options->table, "Table name prefix (a random suffix is added)");
  ddb->add_flag("--keep-table", options->keep_table, "Do not delete the table afterwards");
  ddb->callback([options, &exit_code] { exit_code = RunBenchDdb(*options); });

  auto store_options = std::make_shared<BenchStoreOptions>();
  CLI::App* store = bench->add_subcommand(
      "store", "Requirement 8.8: one user with 10,000+ items on either engine (docs/benchmarks.md)");
  AddStoreOptions(*store, store_options->store);
  store->add_option("--scale", store_options->scale, "Scale every count of the dataset")
      ->check(CLI::Range(0.01, 1.0));
  store->add_option("--samples", store_options->samples, "Repetitions of each latency workload")
      ->check(CLI::Range(1, 100000));
  store->add_option("--seed", store_options->seed, "Seed of the dataset's random choices");
  store->add_flag("--keep", store_options->keep, "Keep the database / tables afterwards");
  store->callback([store_options, &exit_code] { exit_code = RunBenchStore(*store_options); });

  auto port = std::make_shared<int>(0);
  auto items = std::make_shared<int>(100);
  CLI::App* stub = bench->add_subcommand("stub-server", "W8 stub (used by bench ddb)");
  stub->group("");  // hidden from --help
  stub->add_option("--port", *port, "Port on 127.0.0.1 (0: any free port)");
  stub->add_option("--items", *items, "Items in the fixed Query response");
  stub->callback([port, items, &exit_code] { exit_code = RunStubServer(*port, *items); });
}

}  // namespace homeboard::cli
