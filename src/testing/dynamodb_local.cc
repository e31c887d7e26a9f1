// Resolves the DynamoDB Local endpoint for integration tests; see dynamodb_local.h.
#include "testing/dynamodb_local.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <string>

namespace homeboard::testing {
namespace {

constexpr char kEndpointVariable[] = "HOMEBOARD_DDB_ENDPOINT";
constexpr char kEndpointFileVariable[] = "HOMEBOARD_DDB_ENDPOINT_FILE";
constexpr char kHowToRun[] =
    "Run integration tests through ctest (its ddb_local fixture starts DynamoDB Local and "
    "sets HOMEBOARD_DDB_ENDPOINT_FILE), or start one yourself with "
    "`scripts/dynamodb-local.sh start DIR` and set HOMEBOARD_DDB_ENDPOINT_FILE=DIR/endpoint "
    "or HOMEBOARD_DDB_ENDPOINT=http://127.0.0.1:PORT.";

std::string Trim(const std::string& text) {
  constexpr char kSpace[] = " \t\r\n";
  const auto first = text.find_first_not_of(kSpace);
  if (first == std::string::npos) return "";
  const auto last = text.find_last_not_of(kSpace);
  return text.substr(first, last - first + 1);
}

bool LooksLikeUrl(const std::string& endpoint) {
  return endpoint.rfind("http://", 0) == 0 || endpoint.rfind("https://", 0) == 0;
}

// Checks the shape of a resolved endpoint; `source` names where it came from.
std::string Validate(std::string endpoint, const std::string& source) {
  if (!LooksLikeUrl(endpoint)) {
    ADD_FAILURE() << "DynamoDB Local endpoint from " << source << " is \"" << endpoint
                  << "\", not an http:// or https:// URL. " << kHowToRun;
    return "";
  }
  return endpoint;
}

}  // namespace

std::string DynamoDbLocalEndpoint() {
  // Tests read the environment before starting threads, and nothing here calls setenv.
  if (const char* endpoint = std::getenv(kEndpointVariable);  // NOLINT(concurrency-mt-unsafe)
      endpoint != nullptr && *endpoint != '\0') {
    return Validate(Trim(endpoint), kEndpointVariable);
  }
  const char* path = std::getenv(kEndpointFileVariable);  // NOLINT(concurrency-mt-unsafe)
  if (path == nullptr || *path == '\0') {
    ADD_FAILURE() << "No DynamoDB Local endpoint: neither " << kEndpointVariable << " nor "
                  << kEndpointFileVariable << " is set. " << kHowToRun;
    return "";
  }
  std::ifstream file(path);
  if (!file) {
    ADD_FAILURE() << "Cannot read the DynamoDB Local endpoint file " << path << " (from "
                  << kEndpointFileVariable << "): is DynamoDB Local running? " << kHowToRun;
    return "";
  }
  std::string line;
  std::getline(file, line);
  line = Trim(line);
  if (line.empty()) {
    ADD_FAILURE() << "The DynamoDB Local endpoint file " << path << " is empty. " << kHowToRun;
    return "";
  }
  return Validate(std::move(line), std::string(kEndpointFileVariable) + "=" + path);
}

}  // namespace homeboard::testing
