// Opening the configured store engine.
#include "cli/store_options.h"

#include <fmt/format.h>

#include <cstdlib>
#include <filesystem>
#include <system_error>

#include "store/dynamo/dynamo_store.h"
#include "store/sqlite/sqlite_store.h"

namespace homeboard::cli {

void AddStoreOptions(CLI::App& command, StoreOptions& options) {
  command
      .add_option("--store", options.engine,
                  "Storage engine: sqlite (default; one local file) or dynamodb "
                  "(default from $HOMEBOARD_STORE; giving --endpoint implies dynamodb)")
      ->check(CLI::IsMember({"sqlite", "dynamodb"}));
  command.add_option("--data", options.data_path,
                     fmt::format("SQLite database file (default: $HOMEBOARD_DATA, else {})",
                                 kDefaultDataPath));
  AddDynamoOptions(command, options.dynamo);
}

void ResolveStoreOptions(StoreOptions& options) {
  if (options.engine.empty()) {
    const char* env = std::getenv("HOMEBOARD_STORE");
    if (env != nullptr && *env != '\0') {
      options.engine = env;
    } else {
      options.engine = options.dynamo.endpoint.empty() ? "sqlite" : "dynamodb";
    }
  }
  if (options.data_path.empty()) {
    const char* env = std::getenv("HOMEBOARD_DATA");
    options.data_path = (env != nullptr && *env != '\0') ? env : kDefaultDataPath;
  }
}

std::string DescribeStore(const StoreOptions& options) {
  if (options.engine == "dynamodb") {
    return fmt::format("dynamodb {}{}",
                       options.dynamo.endpoint.empty() ? "(AWS)" : options.dynamo.endpoint,
                       options.dynamo.table_prefix.empty()
                           ? ""
                           : fmt::format(", table prefix \"{}\"", options.dynamo.table_prefix));
  }
  return fmt::format("sqlite {}", options.data_path);
}

store::Result<std::unique_ptr<store::ItemStore>> OpenStore(
    const StoreOptions& options, const std::vector<store::TableSpec>& tables) {
  if (options.engine == "dynamodb") {
    auto client = MakeClient(options.dynamo);
    if (!client.ok()) {
      return store::Error{.code = store::Error::Code::kUnavailable,
                          .message = ExplainError(client.error(), options.dynamo.endpoint)};
    }
    store::dynamo::DynamoStoreOptions dynamo;
    dynamo.client = std::shared_ptr<ddb::Client>(std::move(client).value());
    dynamo.tables = tables;
    if (const char* secret = std::getenv("HOMEBOARD_CURSOR_SECRET")) dynamo.cursor_secret = secret;
    auto store = store::dynamo::DynamoStore::Create(std::move(dynamo));
    if (!store.ok()) return std::move(store).error();
    return std::unique_ptr<store::ItemStore>(std::move(store).value());
  }
  if (options.engine != "sqlite") {
    return store::Error{.code = store::Error::Code::kInvalidArgument,
                        .message = fmt::format("unknown store \"{}\" (sqlite or dynamodb)",
                                               options.engine)};
  }
  std::filesystem::path parent = std::filesystem::path(options.data_path).parent_path();
  if (!parent.empty()) {
    std::error_code error;
    std::filesystem::create_directories(parent, error);
    if (error) {
      return store::Error{.code = store::Error::Code::kInternal,
                          .message = fmt::format("cannot create {}: {}", parent.string(),
                                                 error.message())};
    }
  }
  store::sqlite::SqliteStoreOptions sqlite;
  sqlite.path = options.data_path;
  auto store = store::sqlite::SqliteStore::Open(sqlite);
  if (!store.ok()) return std::move(store).error();
  return std::unique_ptr<store::ItemStore>(std::move(store).value());
}

}  // namespace homeboard::cli
