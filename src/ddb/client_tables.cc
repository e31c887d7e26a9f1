// Client: table-level operations and the ACTIVE / deleted waiters.
#include <fmt/format.h>

#include "ddb/client.h"
#include "ddb/internal/table_codec.h"

namespace homeboard::ddb {

Result<TableDescription> Client::CreateTable(const CreateTableRequest& request) {
  // Not idempotent: a blind re-send after a lost answer reports ResourceInUseException for
  // the table the first attempt created.
  CallSpec spec{"CreateTable", request.table_name, Idempotency::kNotIdempotent};
  return Run(spec, internal::EncodeCreateTable(request), [](std::string& body) {
    return internal::DecodeTableDescription(body, "TableDescription");
  });
}

Result<TableDescription> Client::DescribeTable(const std::string& table_name) {
  CallSpec spec{"DescribeTable", table_name, Idempotency::kIdempotent};
  return Run(spec, internal::EncodeTableName(table_name), [](std::string& body) {
    return internal::DecodeTableDescription(body, "Table");
  });
}

Result<TableDescription> Client::DeleteTable(const std::string& table_name) {
  CallSpec spec{"DeleteTable", table_name, Idempotency::kNotIdempotent};
  return Run(spec, internal::EncodeTableName(table_name), [](std::string& body) {
    return internal::DecodeTableDescription(body, "TableDescription");
  });
}

Result<ListTablesResponse> Client::ListTables(const ListTablesRequest& request) {
  CallSpec spec{"ListTables", "", Idempotency::kIdempotent};
  return Run(spec, internal::EncodeListTables(request), internal::DecodeListTables);
}

Result<std::vector<std::string>> Client::ListAllTables() {
  std::vector<std::string> names;
  ListTablesRequest request;
  for (;;) {
    Result<ListTablesResponse> page = ListTables(request);
    if (!page.ok()) return std::move(page).error();
    for (std::string& name : page->table_names) names.push_back(std::move(name));
    if (page->last_evaluated_table_name.empty()) return names;
    request.exclusive_start_table_name = std::move(page->last_evaluated_table_name);
  }
}

Result<TimeToLiveDescription> Client::UpdateTimeToLive(const UpdateTimeToLiveRequest& request) {
  CallSpec spec{"UpdateTimeToLive", request.table_name, Idempotency::kIdempotent};
  return Run(spec, internal::EncodeUpdateTimeToLive(request), internal::DecodeUpdateTimeToLive);
}

Result<TimeToLiveDescription> Client::DescribeTimeToLive(const std::string& table_name) {
  CallSpec spec{"DescribeTimeToLive", table_name, Idempotency::kIdempotent};
  return Run(spec, internal::EncodeTableName(table_name), internal::DecodeDescribeTimeToLive);
}

namespace {

bool AllActive(const TableDescription& table) {
  if (table.status != "ACTIVE") return false;
  for (const IndexDescription& index : table.global_secondary_indexes) {
    if (index.status != "ACTIVE" && !index.status.empty()) return false;
  }
  return true;
}

}  // namespace

Result<TableDescription> Client::WaitUntilTableActive(const std::string& table_name,
                                                      std::chrono::milliseconds timeout,
                                                      std::chrono::milliseconds poll) {
  auto deadline = clock_->MonotonicNow() + timeout;
  for (;;) {
    Result<TableDescription> table = DescribeTable(table_name);
    // Right after CreateTable an eventually consistent DescribeTable may not know the table
    // yet: keep polling on ResourceNotFound until the deadline.
    if (table.ok() && AllActive(*table)) return table;
    if (!table.ok() && !table.error().Is(errc::kResourceNotFound)) return table;
    if (clock_->MonotonicNow() + poll > deadline) {
      std::string state = table.ok() ? table->status : table.error().code();
      return Error(errc::kDeadlineExceeded,
                   fmt::format("table {} not ACTIVE after {} ms (last seen: {})", table_name,
                               timeout.count(), state))
          .set_operation("DescribeTable")
          .set_table(table_name);
    }
    sleeper_->Sleep(poll);
  }
}

Status Client::WaitUntilTableDeleted(const std::string& table_name,
                                     std::chrono::milliseconds timeout,
                                     std::chrono::milliseconds poll) {
  auto deadline = clock_->MonotonicNow() + timeout;
  for (;;) {
    Result<TableDescription> table = DescribeTable(table_name);
    if (!table.ok()) {
      if (table.error().Is(errc::kResourceNotFound)) return OkStatus();
      return std::move(table).error();
    }
    if (clock_->MonotonicNow() + poll > deadline) {
      return Error(errc::kDeadlineExceeded,
                   fmt::format("table {} still exists after {} ms (status {})", table_name,
                               timeout.count(), table->status))
          .set_operation("DescribeTable")
          .set_table(table_name);
    }
    sleeper_->Sleep(poll);
  }
}

}  // namespace homeboard::ddb
