// The DynamoDB connection options shared by the commands that talk to DynamoDB
// (--endpoint, --region, --table-prefix), building a client from them, and turning client
// errors into sentences a person can act on.
#ifndef HOMEBOARD_CLI_DYNAMO_OPTIONS_H_
#define HOMEBOARD_CLI_DYNAMO_OPTIONS_H_

#include <CLI/CLI.hpp>

#include <memory>
#include <string>

#include "ddb/client.h"

namespace homeboard::cli {

struct DynamoOptions {
  std::string endpoint;      // empty: AWS (resolved like the AWS CLI)
  std::string region;        // empty: AWS_REGION / AWS_DEFAULT_REGION / profile
  std::string table_prefix;  // prepended to every table name
  bool verbose = false;      // log every DynamoDB attempt to stderr
  // Also told of every attempt (not a flag: `serve` counts retries for /metrics with it).
  ddb::AttemptObserver on_attempt;
};

// Adds --endpoint, --region, --table-prefix and --verbose to `command`.
void AddDynamoOptions(CLI::App& command, DynamoOptions& options);

// A client for `options`, with a retry deadline suited to interactive commands.
ddb::Result<std::unique_ptr<ddb::Client>> MakeClient(const DynamoOptions& options);

// A one-paragraph explanation of `error` for a person: what failed and what to check
// (endpoint unreachable, credentials rejected, permission denied, region missing, ...).
std::string ExplainError(const ddb::Error& error, const std::string& endpoint);

}  // namespace homeboard::cli

#endif  // HOMEBOARD_CLI_DYNAMO_OPTIONS_H_
