// Shared DynamoDB options and human-readable client errors.
#include "cli/dynamo_options.h"

#include <fmt/format.h>

#include <cstdio>

#include "model/tables.h"

namespace homeboard::cli {

void AddDynamoOptions(CLI::App& command, DynamoOptions& options) {
  command.add_option("--endpoint", options.endpoint,
                     "DynamoDB endpoint URL, e.g. http://127.0.0.1:8000 for DynamoDB Local "
                     "(default: AWS_ENDPOINT_URL_DYNAMODB, AWS_ENDPOINT_URL, else AWS)");
  command.add_option("--region", options.region,
                     "AWS region (default: AWS_REGION, AWS_DEFAULT_REGION, ~/.aws/config)");
  command
      .add_option("--table-prefix", options.table_prefix,
                  "Prefix for every table name, e.g. prod_ (letters, digits, _ - .)")
      ->check([](const std::string& prefix) -> std::string {
        return model::IsValidTablePrefix(prefix)
                   ? std::string()
                   : "at most 64 characters of letters, digits, '_', '-' and '.'";
      });
  command.add_flag("--verbose", options.verbose,
                   "Log every DynamoDB attempt (operation, status, latency, retry delay) to stderr");
}

ddb::Result<std::unique_ptr<ddb::Client>> MakeClient(const DynamoOptions& options) {
  ddb::ClientOptions client_options;
  client_options.endpoint = options.endpoint;
  client_options.region = options.region;
  // A person is waiting: fail within a few seconds when the endpoint is down, instead of
  // the default 3 s connect timeout times five attempts.
  client_options.transport_options.connect_timeout = std::chrono::milliseconds(2000);
  client_options.retry.call_deadline = std::chrono::seconds(20);
  if (options.verbose || options.on_attempt) {
    client_options.attempt_observer = [verbose = options.verbose,
                                       on_attempt = options.on_attempt](const ddb::AttemptInfo& info) {
      if (verbose) std::fprintf(stderr, "ddb: %s\n", ddb::FormatAttempt(info).c_str());
      if (on_attempt) on_attempt(info);
    };
  }
  return ddb::Client::Create(client_options);
}

std::string ExplainError(const ddb::Error& error, const std::string& endpoint) {
  const std::string& code = error.code();
  if (code == ddb::errc::kConnectError) {
    return fmt::format(
        "cannot reach DynamoDB at {}: {}. Is it running, and is --endpoint right?", endpoint,
        error.message());
  }
  if (code == ddb::errc::kRequestTimeout || code == ddb::errc::kNetworkError ||
      code == ddb::errc::kDeadlineExceeded) {
    return fmt::format("DynamoDB at {} did not answer in time: {}", endpoint, error.message());
  }
  if (code == ddb::errc::kUnrecognizedClient || code == ddb::errc::kInvalidSignature ||
      code == ddb::errc::kMissingAuthenticationToken || code == ddb::errc::kExpiredToken) {
    return fmt::format(
        "the credentials were rejected by {} ({}: {}). Check AWS_ACCESS_KEY_ID / "
        "AWS_SECRET_ACCESS_KEY or AWS_PROFILE.",
        endpoint, code, error.message());
  }
  if (code == ddb::errc::kAccessDenied) {
    return fmt::format(
        "permission denied: {}. The credentials need dynamodb:CreateTable, DescribeTable, "
        "UpdateTimeToLive and DescribeTimeToLive on the homeboard tables.",
        error.message());
  }
  if (code == ddb::errc::kConfiguration) {
    return fmt::format("{}. Give --region or set AWS_REGION (or region in ~/.aws/config).",
                       error.message());
  }
  if (code == ddb::errc::kCredentials) {
    return fmt::format("no usable AWS credentials: {}", error.message());
  }
  return error.ToString();
}

}  // namespace homeboard::cli
