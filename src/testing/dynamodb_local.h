// Where integration tests find DynamoDB Local. One instance runs per ctest run: the ddb_local
// fixture (tests/CMakeLists.txt) starts it with scripts/dynamodb-local.sh, which writes its
// endpoint to a file, and tests registered with homeboard_add_integration_tests() get that
// file's path in HOMEBOARD_DDB_ENDPOINT_FILE. Setting HOMEBOARD_DDB_ENDPOINT instead points the
// tests at a server of your choice (a DynamoDB Local you started yourself, or AWS).
#ifndef HOMEBOARD_TESTING_DYNAMODB_LOCAL_H_
#define HOMEBOARD_TESTING_DYNAMODB_LOCAL_H_

#include <string>
#include <string_view>

namespace homeboard::testing {

// Credentials and region for requests to DynamoDB Local. It checks that a request is signed
// with some access key but not the signature itself; the access key must consist of letters
// and digits only, or DynamoDB Local rejects it.
inline constexpr std::string_view kDynamoDbLocalAccessKeyId = "homeboardlocal";
inline constexpr std::string_view kDynamoDbLocalSecretAccessKey = "homeboardlocalsecret";
inline constexpr std::string_view kDynamoDbLocalRegion = "us-east-1";

// Returns the endpoint URL ("http://127.0.0.1:PORT") to send requests to:
// $HOMEBOARD_DDB_ENDPOINT if set and not empty, else the first line of the file named by
// $HOMEBOARD_DDB_ENDPOINT_FILE.
//
// On failure (neither variable set, the file missing or empty, or a value that is not an
// http:// or https:// URL) it records a GoogleTest failure that says what is wrong and how to
// fix it, and returns "". The test must not go on without a server, so callers write
//   const std::string endpoint = DynamoDbLocalEndpoint();
//   ASSERT_FALSE(endpoint.empty());
// Integration tests fail, never skip, when DynamoDB Local is not there.
//
// Thread safety: reads the environment; do not call while another thread calls setenv().
[[nodiscard]] std::string DynamoDbLocalEndpoint();

}  // namespace homeboard::testing

#endif  // HOMEBOARD_TESTING_DYNAMODB_LOCAL_H_
