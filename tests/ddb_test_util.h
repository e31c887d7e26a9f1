// Shared fixture of the ddb Client's integration tests (tests/ddb_*_test.cc): a real Client
// pointed at the server the ddb_local ctest fixture started (or at $HOMEBOARD_DDB_ENDPOINT,
// which may be real AWS), and tables named uniquely per test and deleted afterwards.
//
// Tests run in parallel processes against one shared DynamoDB Local (-sharedDb), so every
// table a test uses is created through this fixture: its name carries the test's name and a
// random suffix, which keeps concurrent tests (and reruns against AWS) apart.
//
// A test fails, never skips, when the server cannot be reached: SetUp() records a fatal
// failure when there is no endpoint or ListTables does not answer.
#ifndef HOMEBOARD_TESTS_DDB_TEST_UTIL_H_
#define HOMEBOARD_TESTS_DDB_TEST_UTIL_H_

#include <gtest/gtest.h>

#include <iosfwd>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "ddb/client.h"

namespace homeboard::testing {

class DdbIntegrationTest : public ::testing::Test {
 protected:
  // Creates client_ for the endpoint from DynamoDbLocalEndpoint() with the static DynamoDB
  // Local credentials, and checks that the server answers (ListTables). Fatal failure
  // otherwise. To run against AWS, set HOMEBOARD_DDB_ENDPOINT to the regional endpoint and
  // HOMEBOARD_DDB_USE_AWS_CREDENTIALS=1: region and credentials then come from the default
  // chain (environment, ~/.aws, container, instance metadata).
  void SetUp() override;
  // Deletes every table created through this fixture (also when the test failed). A table
  // the test deleted itself is fine; any other failure to delete is a test failure.
  void TearDown() override;

  // Options SetUp() used for client_; tests that need a second client with other settings
  // start from these.
  ddb::ClientOptions BaseOptions() const;

  // A table name unique to this test run: "hb_<Suite>_<Test>_<purpose>_<12 hex digits>",
  // shortened to DynamoDB's 255-character limit, characters outside [A-Za-z0-9_.-] replaced.
  // Not registered for deletion: use it for tables created by hand and call
  // DeleteTableAtTearDown(), or use CreateTable().
  std::string UniqueTableName(std::string_view purpose = "t");

  // Registers `table_name` for deletion in TearDown().
  void DeleteTableAtTearDown(std::string table_name);

  // Creates the table (request.table_name replaced by UniqueTableName(purpose)), registers
  // it for deletion, waits until it and its indexes are ACTIVE, and returns its name.
  [[nodiscard]] ddb::Result<std::string> CreateTable(ddb::CreateTableRequest request,
                                                     std::string_view purpose = "t");

  // The common shapes: partition key "pk" (S) and, unless `sort_type` is null, sort key
  // "sk" of that type. On-demand billing.
  [[nodiscard]] ddb::Result<std::string> CreateHashTable(std::string_view purpose = "t");
  [[nodiscard]] ddb::Result<std::string> CreateHashRangeTable(
      ddb::ScalarType sort_type = ddb::ScalarType::kS, std::string_view purpose = "t");

  ddb::Client& client() { return *client_; }

  std::unique_ptr<ddb::Client> client_;
  std::string endpoint_;

 private:
  std::vector<std::string> tables_to_delete_;
};

// Key helpers for the "pk"/"sk" tables.
ddb::Item Key(std::string pk);
ddb::Item Key(std::string pk, std::string sk);

// `value` / `item` with every number (N and NS members, at any depth) respelled by
// internal::CanonicalNumber, so that numerically equal numbers compare equal. DynamoDB
// answers with its own spelling ("1E-130" comes back from DynamoDB Local as
// "0.000...0001"), so tests compare what they wrote with what they read through this:
//   EXPECT_EQ(Normalized(read), Normalized(written));
// Every significant digit still has to match: only the notation is ignored.
ddb::AttributeValue Normalized(const ddb::AttributeValue& value);
ddb::Item Normalized(const ddb::Item& item);
std::vector<ddb::Item> Normalized(const std::vector<ddb::Item>& items);

// EXPECT_EQ on Normalized() values: items (or values, or vectors of items) equal up to the
// spelling of their numbers.
#define EXPECT_SAME_ITEMS(actual, expected)          \
  EXPECT_EQ(::homeboard::testing::Normalized(actual), \
            ::homeboard::testing::Normalized(expected))

// DynamoDB JSON rendering for failure messages.
std::string DebugString(const ddb::AttributeValue& value);
std::string DebugString(const ddb::Item& item);

}  // namespace homeboard::testing

// Prints AttributeValues (and so Items) as DynamoDB JSON in gtest messages.

namespace homeboard::ddb {
void PrintTo(const AttributeValue& value, std::ostream* os);
}  // namespace homeboard::ddb

#endif  // HOMEBOARD_TESTS_DDB_TEST_UTIL_H_
