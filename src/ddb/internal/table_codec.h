// Encoding and decoding of the table-level operations (CreateTable, DescribeTable,
// DeleteTable, ListTables, UpdateTimeToLive, DescribeTimeToLive).
#ifndef HOMEBOARD_DDB_INTERNAL_TABLE_CODEC_H_
#define HOMEBOARD_DDB_INTERNAL_TABLE_CODEC_H_

#include <string>

#include "ddb/error.h"
#include "ddb/table_operations.h"

namespace homeboard::ddb::internal {

[[nodiscard]] Result<std::string> EncodeCreateTable(const CreateTableRequest& request);
// {"TableName": name}: DescribeTable, DeleteTable and DescribeTimeToLive.
[[nodiscard]] Result<std::string> EncodeTableName(const std::string& table_name);
[[nodiscard]] Result<std::string> EncodeListTables(const ListTablesRequest& request);
[[nodiscard]] Result<std::string> EncodeUpdateTimeToLive(const UpdateTimeToLiveRequest& request);

// CreateTable answers TableDescription, DescribeTable Table, DeleteTable TableDescription:
// `member` names the field holding the description.
[[nodiscard]] Result<TableDescription> DecodeTableDescription(std::string& body,
                                                              std::string_view member);
[[nodiscard]] Result<ListTablesResponse> DecodeListTables(std::string& body);
// UpdateTimeToLive answers TimeToLiveSpecification, DescribeTimeToLive
// TimeToLiveDescription.
[[nodiscard]] Result<TimeToLiveDescription> DecodeUpdateTimeToLive(std::string& body);
[[nodiscard]] Result<TimeToLiveDescription> DecodeDescribeTimeToLive(std::string& body);

}  // namespace homeboard::ddb::internal

#endif  // HOMEBOARD_DDB_INTERNAL_TABLE_CODEC_H_
