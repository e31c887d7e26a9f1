// Typed requests and responses of the table-level operations: CreateTable, DescribeTable,
// DeleteTable, ListTables, UpdateTimeToLive and DescribeTimeToLive.
//
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_CreateTable.html
#ifndef HOMEBOARD_DDB_TABLE_OPERATIONS_H_
#define HOMEBOARD_DDB_TABLE_OPERATIONS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace homeboard::ddb {

// Key attributes may only be strings, numbers or binary.
enum class ScalarType { kS, kN, kB };

struct AttributeDefinition {
  std::string name;
  ScalarType type = ScalarType::kS;
  friend bool operator==(const AttributeDefinition&, const AttributeDefinition&) = default;
};

struct KeySchema {
  std::string partition_key;  // HASH
  std::string sort_key;       // RANGE; empty when the table/index has none
  friend bool operator==(const KeySchema&, const KeySchema&) = default;
};

struct IndexProjection {
  enum class Type { kAll, kKeysOnly, kInclude };
  Type type = Type::kAll;
  std::vector<std::string> non_key_attributes;  // kInclude only
  friend bool operator==(const IndexProjection&, const IndexProjection&) = default;
};

struct ProvisionedThroughput {
  std::int64_t read_capacity_units = 0;
  std::int64_t write_capacity_units = 0;
  friend bool operator==(const ProvisionedThroughput&, const ProvisionedThroughput&) = default;
};

struct SecondaryIndex {
  std::string name;
  KeySchema key_schema;
  IndexProjection projection;
  // Only for PROVISIONED tables' GSIs.
  std::optional<ProvisionedThroughput> provisioned_throughput;
  friend bool operator==(const SecondaryIndex&, const SecondaryIndex&) = default;
};

enum class BillingMode { kPayPerRequest, kProvisioned };

struct CreateTableRequest {
  std::string table_name;
  std::vector<AttributeDefinition> attribute_definitions;  // every key attribute, once
  KeySchema key_schema;
  std::vector<SecondaryIndex> global_secondary_indexes;
  std::vector<SecondaryIndex> local_secondary_indexes;
  BillingMode billing_mode = BillingMode::kPayPerRequest;
  std::optional<ProvisionedThroughput> provisioned_throughput;  // kProvisioned only
};

// The parts of a TableDescription this client reads.
struct IndexDescription {
  SecondaryIndex index;
  std::string status;  // GSIs: CREATING, UPDATING, DELETING, ACTIVE
  std::int64_t item_count = 0;
  std::int64_t size_bytes = 0;
};

struct TableDescription {
  std::string table_name;
  std::string table_arn;
  std::string status;  // CREATING, UPDATING, DELETING, ACTIVE, ...
  std::vector<AttributeDefinition> attribute_definitions;
  KeySchema key_schema;
  std::vector<IndexDescription> global_secondary_indexes;
  std::vector<IndexDescription> local_secondary_indexes;
  BillingMode billing_mode = BillingMode::kProvisioned;  // absent in the answer = PROVISIONED
  std::optional<ProvisionedThroughput> provisioned_throughput;
  std::int64_t item_count = 0;
  std::int64_t size_bytes = 0;
  double creation_date_time = 0;  // seconds since the epoch
};

struct ListTablesRequest {
  std::string exclusive_start_table_name;
  std::optional<int> limit;  // 1..100
};

struct ListTablesResponse {
  std::vector<std::string> table_names;
  std::string last_evaluated_table_name;  // empty: no more
};

struct TimeToLiveDescription {
  // ENABLING, DISABLING, ENABLED, DISABLED.
  std::string status = "DISABLED";
  std::string attribute_name;  // empty when disabled
};

struct UpdateTimeToLiveRequest {
  std::string table_name;
  std::string attribute_name;
  bool enabled = true;
};

}  // namespace homeboard::ddb

#endif  // HOMEBOARD_DDB_TABLE_OPERATIONS_H_
