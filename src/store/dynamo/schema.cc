// TableSpec <-> DynamoDB table descriptions.
#include "store/dynamo/schema.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

namespace homeboard::store::dynamo {
namespace {

ddb::ScalarType ToScalar(KeyType type) {
  switch (type) {
    case KeyType::kString:
      return ddb::ScalarType::kS;
    case KeyType::kNumber:
      return ddb::ScalarType::kN;
    case KeyType::kBinary:
      return ddb::ScalarType::kB;
  }
  return ddb::ScalarType::kS;
}

std::string_view ScalarName(ddb::ScalarType type) {
  switch (type) {
    case ddb::ScalarType::kS:
      return "S";
    case ddb::ScalarType::kN:
      return "N";
    case ddb::ScalarType::kB:
      return "B";
  }
  return "S";
}

ddb::KeySchema ToKeySchema(const KeyAttribute& partition, const std::optional<KeyAttribute>& sort) {
  return {partition.name, sort ? sort->name : std::string()};
}

ddb::IndexProjection ToProjection(const IndexSpec& index) {
  ddb::IndexProjection projection;
  switch (index.projection) {
    case IndexSpec::Projection::kAll:
      projection.type = ddb::IndexProjection::Type::kAll;
      break;
    case IndexSpec::Projection::kKeysOnly:
      projection.type = ddb::IndexProjection::Type::kKeysOnly;
      break;
    case IndexSpec::Projection::kInclude:
      projection.type = ddb::IndexProjection::Type::kInclude;
      projection.non_key_attributes = index.included_attributes;
      break;
  }
  return projection;
}

std::string DescribeKeys(const ddb::KeySchema& keys) {
  return keys.sort_key.empty() ? fmt::format("HASH {}", keys.partition_key)
                               : fmt::format("HASH {}, RANGE {}", keys.partition_key, keys.sort_key);
}

std::string DescribeProjection(const ddb::IndexProjection& projection) {
  switch (projection.type) {
    case ddb::IndexProjection::Type::kAll:
      return "ALL";
    case ddb::IndexProjection::Type::kKeysOnly:
      return "KEYS_ONLY";
    case ddb::IndexProjection::Type::kInclude: {
      std::vector<std::string> sorted = projection.non_key_attributes;
      std::sort(sorted.begin(), sorted.end());
      return fmt::format("INCLUDE [{}]", fmt::join(sorted, ", "));
    }
  }
  return "?";
}

}  // namespace

ddb::CreateTableRequest ToCreateTableRequest(const TableSpec& spec) {
  ddb::CreateTableRequest request;
  request.table_name = spec.name;
  request.key_schema = ToKeySchema(spec.partition_key, spec.sort_key);
  std::set<std::string> defined;
  auto define = [&](const KeyAttribute& key) {
    if (defined.insert(key.name).second) {
      request.attribute_definitions.push_back({key.name, ToScalar(key.type)});
    }
  };
  define(spec.partition_key);
  if (spec.sort_key) define(*spec.sort_key);
  for (const IndexSpec& index : spec.global_secondary_indexes) {
    define(index.partition_key);
    if (index.sort_key) define(*index.sort_key);
    request.global_secondary_indexes.push_back(
        {index.name, ToKeySchema(index.partition_key, index.sort_key), ToProjection(index),
         std::nullopt});
  }
  request.billing_mode = ddb::BillingMode::kPayPerRequest;
  return request;
}

std::vector<std::string> DescribeDrift(const TableSpec& spec, const ddb::TableDescription& table,
                                       const ddb::TimeToLiveDescription& ttl) {
  std::vector<std::string> drift;
  ddb::CreateTableRequest want = ToCreateTableRequest(spec);

  if (!(table.key_schema == want.key_schema)) {
    drift.push_back(fmt::format("key schema is ({}), spec wants ({})",
                                DescribeKeys(table.key_schema), DescribeKeys(want.key_schema)));
  }
  for (const ddb::AttributeDefinition& wanted : want.attribute_definitions) {
    auto it = std::find_if(table.attribute_definitions.begin(), table.attribute_definitions.end(),
                           [&](const auto& d) { return d.name == wanted.name; });
    if (it != table.attribute_definitions.end() && it->type != wanted.type) {
      drift.push_back(fmt::format("attribute {} has type {}, spec wants {}", wanted.name,
                                  ScalarName(it->type), ScalarName(wanted.type)));
    }
  }
  for (const ddb::SecondaryIndex& wanted : want.global_secondary_indexes) {
    auto it = std::find_if(table.global_secondary_indexes.begin(),
                           table.global_secondary_indexes.end(),
                           [&](const auto& d) { return d.index.name == wanted.name; });
    if (it == table.global_secondary_indexes.end()) {
      drift.push_back(fmt::format("GSI {} is missing (spec: {}, projection {})", wanted.name,
                                  DescribeKeys(wanted.key_schema),
                                  DescribeProjection(wanted.projection)));
      continue;
    }
    if (!(it->index.key_schema == wanted.key_schema)) {
      drift.push_back(fmt::format("GSI {} has keys ({}), spec wants ({})", wanted.name,
                                  DescribeKeys(it->index.key_schema),
                                  DescribeKeys(wanted.key_schema)));
    }
    if (DescribeProjection(it->index.projection) != DescribeProjection(wanted.projection)) {
      drift.push_back(fmt::format("GSI {} has projection {}, spec wants {}", wanted.name,
                                  DescribeProjection(it->index.projection),
                                  DescribeProjection(wanted.projection)));
    }
  }
  for (const ddb::IndexDescription& existing : table.global_secondary_indexes) {
    if (spec.FindIndex(existing.index.name) == nullptr) {
      drift.push_back(fmt::format("GSI {} exists but is not in the spec", existing.index.name));
    }
  }
  if (!table.local_secondary_indexes.empty()) {
    drift.push_back(fmt::format("table has {} local secondary index(es); the spec has none",
                                table.local_secondary_indexes.size()));
  }
  if (table.billing_mode != ddb::BillingMode::kPayPerRequest) {
    drift.push_back("billing mode is PROVISIONED, spec wants PAY_PER_REQUEST");
  }
  bool ttl_on = ttl.status == "ENABLED" || ttl.status == "ENABLING";
  if (ttl_on && ttl.attribute_name != spec.ttl_attribute) {
    drift.push_back(spec.ttl_attribute.empty()
                        ? fmt::format("TTL is on ({}), the spec has none", ttl.attribute_name)
                        : fmt::format("TTL is on attribute {}, spec wants {}", ttl.attribute_name,
                                      spec.ttl_attribute));
  }
  return drift;
}

ddb::Result<EnsureReport> EnsureTables(ddb::Client& client, const std::vector<TableSpec>& specs,
                                       const EnsureOptions& options) {
  EnsureReport report;
  std::vector<std::size_t> to_create;
  std::vector<std::size_t> ttl_to_enable;
  // Existing tables that need TTL but are not ACTIVE yet (another run is creating them, or
  // an interrupted run left them CREATING): UpdateTimeToLive fails on them until they are.
  std::vector<std::size_t> to_await;

  for (std::size_t i = 0; i < specs.size(); ++i) {
    const TableSpec& spec = specs[i];
    TableOutcome& outcome = report.tables.emplace_back();
    outcome.table = spec.name;
    ddb::Result<ddb::TableDescription> table = client.DescribeTable(spec.name);
    if (!table.ok()) {
      if (!table.error().Is(ddb::errc::kResourceNotFound)) return std::move(table).error();
      outcome.action = options.dry_run ? TableOutcome::Action::kWouldCreate
                                       : TableOutcome::Action::kCreated;
      outcome.details.push_back(fmt::format("{} with {} GSI(s)",
                                            DescribeKeys(ToCreateTableRequest(spec).key_schema),
                                            spec.global_secondary_indexes.size()));
      to_create.push_back(i);
      continue;
    }
    ddb::Result<ddb::TimeToLiveDescription> ttl = client.DescribeTimeToLive(spec.name);
    if (!ttl.ok()) return std::move(ttl).error();
    outcome.details = DescribeDrift(spec, *table, *ttl);
    if (!outcome.details.empty()) {
      outcome.action = TableOutcome::Action::kDrift;
      continue;
    }
    bool ttl_on = ttl->status == "ENABLED" || ttl->status == "ENABLING";
    if (!spec.ttl_attribute.empty() && !ttl_on) {
      outcome.action = options.dry_run ? TableOutcome::Action::kWouldEnableTtl
                                       : TableOutcome::Action::kTtlEnabled;
      outcome.details.push_back(fmt::format("TTL on {}", spec.ttl_attribute));
      ttl_to_enable.push_back(i);
      bool active = table->status == "ACTIVE" &&
                    std::all_of(table->global_secondary_indexes.begin(),
                                table->global_secondary_indexes.end(),
                                [](const auto& index) { return index.status == "ACTIVE"; });
      if (!active) to_await.push_back(i);
    }
  }
  if (options.dry_run) return report;

  for (std::size_t i : to_create) {
    ddb::Result<ddb::TableDescription> created = client.CreateTable(ToCreateTableRequest(specs[i]));
    // Someone else created it between our describe and create: fine if it matches, which
    // the next run's drift check will tell; wait for it like our own.
    if (!created.ok() && !created.error().Is(ddb::errc::kResourceInUse)) {
      return std::move(created).error();
    }
  }
  for (std::size_t i : to_create) {
    ddb::Result<ddb::TableDescription> active =
        client.WaitUntilTableActive(specs[i].name, options.wait_timeout, options.poll_interval);
    if (!active.ok()) return std::move(active).error();
    if (!specs[i].ttl_attribute.empty()) ttl_to_enable.push_back(i);
  }
  for (std::size_t i : to_await) {
    ddb::Result<ddb::TableDescription> active =
        client.WaitUntilTableActive(specs[i].name, options.wait_timeout, options.poll_interval);
    if (!active.ok()) return std::move(active).error();
  }
  for (std::size_t i : ttl_to_enable) {
    ddb::Result<ddb::TimeToLiveDescription> enabled = client.UpdateTimeToLive(
        {.table_name = specs[i].name, .attribute_name = specs[i].ttl_attribute, .enabled = true});
    if (!enabled.ok()) return std::move(enabled).error();
    if (report.tables[i].action == TableOutcome::Action::kCreated) {
      report.tables[i].details.push_back(fmt::format("TTL on {}", specs[i].ttl_attribute));
    }
  }
  return report;
}

}  // namespace homeboard::store::dynamo
