// Table-level operations on the wire. Descriptions are decoded with simdjson's DOM API: they
// are small, rare, and nested in ways the on-demand API makes verbose.
#include "ddb/internal/table_codec.h"

#include <fmt/format.h>
#include <simdjson.h>

#include "ddb/internal/json_writer.h"
#include "ddb/internal/value_decoder.h"

namespace homeboard::ddb::internal {
namespace {

using simdjson::dom::element;
using simdjson::dom::object;

Error InvalidArgument(std::string message) {
  return Error(errc::kInvalidArgument, std::move(message));
}

std::string_view ScalarTypeName(ScalarType type) {
  switch (type) {
    case ScalarType::kS:
      return "S";
    case ScalarType::kN:
      return "N";
    case ScalarType::kB:
      return "B";
  }
  return "S";
}

void WriteKeySchema(JsonWriter& writer, const KeySchema& schema) {
  writer.Key("KeySchema");
  writer.BeginArray();
  writer.BeginObject();
  writer.Key("AttributeName");
  writer.String(schema.partition_key);
  writer.Key("KeyType");
  writer.String("HASH");
  writer.EndObject();
  if (!schema.sort_key.empty()) {
    writer.BeginObject();
    writer.Key("AttributeName");
    writer.String(schema.sort_key);
    writer.Key("KeyType");
    writer.String("RANGE");
    writer.EndObject();
  }
  writer.EndArray();
}

void WriteThroughput(JsonWriter& writer, const ProvisionedThroughput& throughput) {
  writer.Key("ProvisionedThroughput");
  writer.BeginObject();
  writer.Key("ReadCapacityUnits");
  writer.Int(throughput.read_capacity_units);
  writer.Key("WriteCapacityUnits");
  writer.Int(throughput.write_capacity_units);
  writer.EndObject();
}

void WriteIndexes(JsonWriter& writer, std::string_view field,
                  const std::vector<SecondaryIndex>& indexes) {
  if (indexes.empty()) return;
  writer.Key(field);
  writer.BeginArray();
  for (const SecondaryIndex& index : indexes) {
    writer.BeginObject();
    writer.Key("IndexName");
    writer.String(index.name);
    WriteKeySchema(writer, index.key_schema);
    writer.Key("Projection");
    writer.BeginObject();
    writer.Key("ProjectionType");
    switch (index.projection.type) {
      case IndexProjection::Type::kAll:
        writer.String("ALL");
        break;
      case IndexProjection::Type::kKeysOnly:
        writer.String("KEYS_ONLY");
        break;
      case IndexProjection::Type::kInclude:
        writer.String("INCLUDE");
        writer.Key("NonKeyAttributes");
        writer.BeginArray();
        for (const std::string& name : index.projection.non_key_attributes) writer.String(name);
        writer.EndArray();
        break;
    }
    writer.EndObject();
    if (index.provisioned_throughput.has_value()) {
      WriteThroughput(writer, *index.provisioned_throughput);
    }
    writer.EndObject();
  }
  writer.EndArray();
}

Status CheckKeySchema(const KeySchema& schema, const std::vector<AttributeDefinition>& defs,
                      std::string_view where) {
  auto defined = [&](const std::string& name) {
    return std::any_of(defs.begin(), defs.end(),
                       [&](const AttributeDefinition& d) { return d.name == name; });
  };
  if (schema.partition_key.empty()) {
    return InvalidArgument(fmt::format("{}: partition key name is empty", where));
  }
  if (!defined(schema.partition_key)) {
    return InvalidArgument(fmt::format("{}: key attribute \"{}\" has no AttributeDefinition",
                                       where, schema.partition_key));
  }
  if (!schema.sort_key.empty() && !defined(schema.sort_key)) {
    return InvalidArgument(fmt::format("{}: key attribute \"{}\" has no AttributeDefinition",
                                       where, schema.sort_key));
  }
  return OkStatus();
}

}  // namespace

Result<std::string> EncodeCreateTable(const CreateTableRequest& request) {
  if (request.table_name.empty()) return InvalidArgument("CreateTable: TableName is empty");
  if (Status s = CheckKeySchema(request.key_schema, request.attribute_definitions, "CreateTable");
      !s.ok()) {
    return std::move(s).error();
  }
  for (const SecondaryIndex& index : request.global_secondary_indexes) {
    if (Status s = CheckKeySchema(index.key_schema, request.attribute_definitions,
                                  "GlobalSecondaryIndex " + index.name);
        !s.ok()) {
      return std::move(s).error();
    }
  }
  if (request.billing_mode == BillingMode::kProvisioned &&
      !request.provisioned_throughput.has_value()) {
    return InvalidArgument("CreateTable: PROVISIONED billing needs ProvisionedThroughput");
  }
  std::string body;
  JsonWriter writer(&body);
  writer.BeginObject();
  writer.Key("TableName");
  writer.String(request.table_name);
  writer.Key("AttributeDefinitions");
  writer.BeginArray();
  for (const AttributeDefinition& def : request.attribute_definitions) {
    writer.BeginObject();
    writer.Key("AttributeName");
    writer.String(def.name);
    writer.Key("AttributeType");
    writer.String(ScalarTypeName(def.type));
    writer.EndObject();
  }
  writer.EndArray();
  WriteKeySchema(writer, request.key_schema);
  WriteIndexes(writer, "GlobalSecondaryIndexes", request.global_secondary_indexes);
  WriteIndexes(writer, "LocalSecondaryIndexes", request.local_secondary_indexes);
  writer.Key("BillingMode");
  if (request.billing_mode == BillingMode::kPayPerRequest) {
    writer.String("PAY_PER_REQUEST");
  } else {
    writer.String("PROVISIONED");
    WriteThroughput(writer, *request.provisioned_throughput);
  }
  writer.EndObject();
  return body;
}

Result<std::string> EncodeTableName(const std::string& table_name) {
  if (table_name.empty()) return InvalidArgument("TableName is empty");
  std::string body;
  JsonWriter writer(&body);
  writer.BeginObject();
  writer.Key("TableName");
  writer.String(table_name);
  writer.EndObject();
  return body;
}

Result<std::string> EncodeListTables(const ListTablesRequest& request) {
  if (request.limit.has_value() && (*request.limit < 1 || *request.limit > 100)) {
    return InvalidArgument(fmt::format("ListTables: Limit must be 1 to 100, got {}", *request.limit));
  }
  std::string body;
  JsonWriter writer(&body);
  writer.BeginObject();
  if (!request.exclusive_start_table_name.empty()) {
    writer.Key("ExclusiveStartTableName");
    writer.String(request.exclusive_start_table_name);
  }
  if (request.limit.has_value()) {
    writer.Key("Limit");
    writer.Int(*request.limit);
  }
  writer.EndObject();
  return body;
}

Result<std::string> EncodeUpdateTimeToLive(const UpdateTimeToLiveRequest& request) {
  if (request.table_name.empty()) return InvalidArgument("UpdateTimeToLive: TableName is empty");
  if (request.attribute_name.empty()) {
    return InvalidArgument("UpdateTimeToLive: AttributeName is empty");
  }
  std::string body;
  JsonWriter writer(&body);
  writer.BeginObject();
  writer.Key("TableName");
  writer.String(request.table_name);
  writer.Key("TimeToLiveSpecification");
  writer.BeginObject();
  writer.Key("AttributeName");
  writer.String(request.attribute_name);
  writer.Key("Enabled");
  writer.Bool(request.enabled);
  writer.EndObject();
  writer.EndObject();
  return body;
}

namespace {

// The DOM parser for table responses: one per thread, like the on-demand one.
simdjson::dom::parser& DomParser() {
  thread_local simdjson::dom::parser parser;
  return parser;
}

Result<object> ParseObject(std::string& body) {
  element root;
  if (auto error = DomParser().parse(PadForParsing(body)).get(root)) return JsonError(error);
  object root_object;
  if (auto error = root.get_object().get(root_object)) return JsonError(error, "response");
  return root_object;
}

std::string StringField(object o, std::string_view key) {
  std::string_view text;
  if (o[key].get_string().get(text) != simdjson::SUCCESS) return {};
  return std::string(text);
}

std::int64_t IntField(object o, std::string_view key) {
  std::int64_t number = 0;
  if (o[key].get_int64().get(number) != simdjson::SUCCESS) return 0;
  return number;
}

Result<KeySchema> ReadKeySchema(element e) {
  simdjson::dom::array array;
  if (auto error = e.get_array().get(array)) return JsonError(error, "KeySchema");
  KeySchema schema;
  for (element entry : array) {
    object o;
    if (auto error = entry.get_object().get(o)) return JsonError(error, "KeySchema");
    std::string name = StringField(o, "AttributeName");
    std::string type = StringField(o, "KeyType");
    if (type == "HASH") {
      schema.partition_key = std::move(name);
    } else if (type == "RANGE") {
      schema.sort_key = std::move(name);
    } else {
      return InvalidResponse(fmt::format("KeySchema: unknown KeyType \"{}\"", type));
    }
  }
  return schema;
}

std::optional<ProvisionedThroughput> ReadThroughput(object o) {
  object t;
  if (o["ProvisionedThroughput"].get_object().get(t) != simdjson::SUCCESS) return std::nullopt;
  return ProvisionedThroughput{IntField(t, "ReadCapacityUnits"), IntField(t, "WriteCapacityUnits")};
}

Result<std::vector<IndexDescription>> ReadIndexes(object table, std::string_view key) {
  std::vector<IndexDescription> indexes;
  simdjson::dom::array array;
  if (table[key].get_array().get(array) != simdjson::SUCCESS) return indexes;
  for (element entry : array) {
    object o;
    if (auto error = entry.get_object().get(o)) return JsonError(error, key);
    IndexDescription& d = indexes.emplace_back();
    d.index.name = StringField(o, "IndexName");
    d.status = StringField(o, "IndexStatus");
    d.item_count = IntField(o, "ItemCount");
    d.size_bytes = IntField(o, "IndexSizeBytes");
    element schema;
    if (o["KeySchema"].get(schema) == simdjson::SUCCESS) {
      Result<KeySchema> key_schema = ReadKeySchema(schema);
      if (!key_schema.ok()) return std::move(key_schema).error();
      d.index.key_schema = std::move(key_schema).value();
    }
    object projection;
    if (o["Projection"].get_object().get(projection) == simdjson::SUCCESS) {
      std::string type = StringField(projection, "ProjectionType");
      if (type == "KEYS_ONLY") {
        d.index.projection.type = IndexProjection::Type::kKeysOnly;
      } else if (type == "INCLUDE") {
        d.index.projection.type = IndexProjection::Type::kInclude;
        simdjson::dom::array names;
        if (projection["NonKeyAttributes"].get_array().get(names) == simdjson::SUCCESS) {
          for (element name : names) {
            std::string_view text;
            if (name.get_string().get(text) == simdjson::SUCCESS) {
              d.index.projection.non_key_attributes.emplace_back(text);
            }
          }
        }
      }
    }
    std::optional<ProvisionedThroughput> throughput = ReadThroughput(o);
    // On-demand tables report zeros; only real numbers describe provisioned indexes.
    if (throughput.has_value() && throughput->read_capacity_units > 0) {
      d.index.provisioned_throughput = throughput;
    }
  }
  return indexes;
}

}  // namespace

Result<TableDescription> DecodeTableDescription(std::string& body, std::string_view member) {
  Result<object> root = ParseObject(body);
  if (!root.ok()) return std::move(root).error();
  object table;
  if (auto error = (*root)[member].get_object().get(table)) return JsonError(error, member);
  TableDescription d;
  d.table_name = StringField(table, "TableName");
  d.table_arn = StringField(table, "TableArn");
  d.status = StringField(table, "TableStatus");
  d.item_count = IntField(table, "ItemCount");
  d.size_bytes = IntField(table, "TableSizeBytes");
  double created = 0;
  if (table["CreationDateTime"].get_double().get(created) == simdjson::SUCCESS) {
    d.creation_date_time = created;
  }
  simdjson::dom::array definitions;
  if (table["AttributeDefinitions"].get_array().get(definitions) == simdjson::SUCCESS) {
    for (element entry : definitions) {
      object o;
      if (auto error = entry.get_object().get(o)) return JsonError(error, "AttributeDefinitions");
      std::string type = StringField(o, "AttributeType");
      ScalarType scalar = type == "N" ? ScalarType::kN : type == "B" ? ScalarType::kB : ScalarType::kS;
      if (type != "S" && type != "N" && type != "B") {
        return InvalidResponse(fmt::format("AttributeDefinitions: unknown type \"{}\"", type));
      }
      d.attribute_definitions.push_back({StringField(o, "AttributeName"), scalar});
    }
  }
  element schema;
  if (table["KeySchema"].get(schema) == simdjson::SUCCESS) {
    Result<KeySchema> key_schema = ReadKeySchema(schema);
    if (!key_schema.ok()) return std::move(key_schema).error();
    d.key_schema = std::move(key_schema).value();
  }
  Result<std::vector<IndexDescription>> gsis = ReadIndexes(table, "GlobalSecondaryIndexes");
  if (!gsis.ok()) return std::move(gsis).error();
  d.global_secondary_indexes = std::move(gsis).value();
  Result<std::vector<IndexDescription>> lsis = ReadIndexes(table, "LocalSecondaryIndexes");
  if (!lsis.ok()) return std::move(lsis).error();
  d.local_secondary_indexes = std::move(lsis).value();
  object billing;
  if (table["BillingModeSummary"].get_object().get(billing) == simdjson::SUCCESS &&
      StringField(billing, "BillingMode") == "PAY_PER_REQUEST") {
    d.billing_mode = BillingMode::kPayPerRequest;
  }
  std::optional<ProvisionedThroughput> throughput = ReadThroughput(table);
  if (throughput.has_value() && d.billing_mode == BillingMode::kProvisioned) {
    d.provisioned_throughput = throughput;
  }
  return d;
}

Result<ListTablesResponse> DecodeListTables(std::string& body) {
  Result<object> root = ParseObject(body);
  if (!root.ok()) return std::move(root).error();
  ListTablesResponse response;
  simdjson::dom::array names;
  if (auto error = (*root)["TableNames"].get_array().get(names)) {
    return JsonError(error, "TableNames");
  }
  for (element name : names) {
    std::string_view text;
    if (auto error = name.get_string().get(text)) return JsonError(error, "TableNames");
    response.table_names.emplace_back(text);
  }
  response.last_evaluated_table_name = StringField(*root, "LastEvaluatedTableName");
  return response;
}

Result<TimeToLiveDescription> DecodeUpdateTimeToLive(std::string& body) {
  Result<object> root = ParseObject(body);
  if (!root.ok()) return std::move(root).error();
  object spec;
  if (auto error = (*root)["TimeToLiveSpecification"].get_object().get(spec)) {
    return JsonError(error, "TimeToLiveSpecification");
  }
  bool enabled = false;
  if (auto error = spec["Enabled"].get_bool().get(enabled)) return JsonError(error, "Enabled");
  TimeToLiveDescription d;
  d.status = enabled ? "ENABLED" : "DISABLED";
  d.attribute_name = StringField(spec, "AttributeName");
  return d;
}

Result<TimeToLiveDescription> DecodeDescribeTimeToLive(std::string& body) {
  Result<object> root = ParseObject(body);
  if (!root.ok()) return std::move(root).error();
  object description;
  if (auto error = (*root)["TimeToLiveDescription"].get_object().get(description)) {
    return JsonError(error, "TimeToLiveDescription");
  }
  TimeToLiveDescription d;
  d.status = StringField(description, "TimeToLiveStatus");
  d.attribute_name = StringField(description, "AttributeName");
  if (d.status.empty()) d.status = "DISABLED";
  return d;
}

}  // namespace homeboard::ddb::internal
