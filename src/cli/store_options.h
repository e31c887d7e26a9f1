// Which store a command uses and how to open it. SQLite is the default: one file at
// --data, else $HOMEBOARD_DATA, else ./data/homeboard.db. `--store dynamodb` (or
// $HOMEBOARD_STORE=dynamodb, or simply giving --endpoint) selects DynamoDB with the
// --endpoint / --region / --table-prefix options.
#ifndef HOMEBOARD_CLI_STORE_OPTIONS_H_
#define HOMEBOARD_CLI_STORE_OPTIONS_H_

#include <CLI/CLI.hpp>

#include <memory>
#include <string>

#include "cli/dynamo_options.h"
#include "store/item_store.h"

namespace homeboard::cli {

inline constexpr const char* kDefaultDataPath = "./data/homeboard.db";

struct StoreOptions {
  std::string engine;  // "sqlite" or "dynamodb"; empty: decided by Resolve()
  std::string data_path;
  DynamoOptions dynamo;
};

// Adds --store, --data and the DynamoDB options to `command`.
void AddStoreOptions(CLI::App& command, StoreOptions& options);

// Fills in the engine and the data path from the environment and the defaults.
void ResolveStoreOptions(StoreOptions& options);

// A human-readable description: "sqlite ./data/homeboard.db" or "dynamodb http://... prefix p_".
std::string DescribeStore(const StoreOptions& options);

// Opens the store the (resolved) options name. Creates the SQLite file's folder if needed.
// `tables`: the specs the store may use (the DynamoDB engine needs them up front).
store::Result<std::unique_ptr<store::ItemStore>> OpenStore(
    const StoreOptions& options, const std::vector<store::TableSpec>& tables);

}  // namespace homeboard::cli

#endif  // HOMEBOARD_CLI_STORE_OPTIONS_H_
