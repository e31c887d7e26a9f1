// Response decoding for the item operations with simdjson's on-demand API: one pass over
// the body, items built directly from the parser's values. Wire names appear only here.
#include "ddb/internal/response_codec.h"

#include <fmt/format.h>

#include "ddb/internal/value_decoder.h"

namespace homeboard::ddb::internal {
namespace {

using simdjson::ondemand::object;
using simdjson::ondemand::value;

// Parses `body` and calls `on_field(key, value)` for each top-level member. on_field
// returns a Status; the first failure stops decoding.
template <typename OnField>
Status ForEachField(std::string& body, OnField&& on_field) {
  simdjson::ondemand::parser& parser = ThreadLocalParser();
  simdjson::ondemand::document document;
  if (auto error = parser.iterate(PadForParsing(body)).get(document)) return JsonError(error);
  object root;
  if (auto error = document.get_object().get(root)) return JsonError(error, "response");
  for (auto field : root) {
    std::string_view key;
    if (auto error = field.unescaped_key().get(key)) return JsonError(error, "response");
    value member;
    if (auto error = field.value().get(member)) return JsonError(error, key);
    if (Status s = on_field(key, member); !s.ok()) return s;
  }
  // Consumed to the end: current_location() reports OUT_OF_BOUNDS.
  auto location = document.current_location();
  if (location.error() == simdjson::OUT_OF_BOUNDS) return OkStatus();
  if (location.error() != simdjson::SUCCESS) return JsonError(location.error(), "response");
  return InvalidResponse("unexpected content after the response object");
}

Status ReadInt(value member, std::string_view name, int& out) {
  int64_t number = 0;
  if (auto error = member.get_int64().get(number)) return JsonError(error, name);
  if (number < 0 || number > INT32_MAX) {
    return InvalidResponse(fmt::format("{} out of range: {}", name, number));
  }
  out = static_cast<int>(number);
  return OkStatus();
}

Status ReadDouble(value member, std::string_view name, double& out) {
  if (auto error = member.get_double().get(out)) return JsonError(error, name);
  return OkStatus();
}

Status ReadString(value member, std::string_view name, std::string& out) {
  std::string_view text;
  if (auto error = member.get_string().get(text)) return JsonError(error, name);
  out.assign(text);
  return OkStatus();
}

Status ReadOptionalItem(value member, std::string_view name, std::optional<Item>& out) {
  Result<Item> item = ReadItem(member);
  if (!item.ok()) {
    Error error = std::move(item).error();
    error.set_message(fmt::format("{}: {}", name, error.message()));
    return error;
  }
  out = std::move(item).value();
  return OkStatus();
}

Status ReadCapacityMap(value member, std::string_view name, std::map<std::string, double>& out) {
  object indexes;
  if (auto error = member.get_object().get(indexes)) return JsonError(error, name);
  for (auto index : indexes) {
    std::string_view index_name;
    if (auto error = index.unescaped_key().get(index_name)) return JsonError(error, name);
    object capacity;
    if (auto error = index.value().get_object().get(capacity)) return JsonError(error, name);
    double units = 0;
    for (auto field : capacity) {
      std::string_view key;
      if (auto error = field.unescaped_key().get(key)) return JsonError(error, name);
      if (key == "CapacityUnits") {
        if (Status s = ReadDouble(field.value(), key, units); !s.ok()) return s;
      }
    }
    out[std::string(index_name)] = units;
  }
  return OkStatus();
}

Status ReadCapacity(value member, ConsumedCapacity& out) {
  object capacity;
  if (auto error = member.get_object().get(capacity)) return JsonError(error, "ConsumedCapacity");
  for (auto field : capacity) {
    std::string_view key;
    if (auto error = field.unescaped_key().get(key)) return JsonError(error, "ConsumedCapacity");
    value v;
    if (auto error = field.value().get(v)) return JsonError(error, key);
    Status s;
    if (key == "TableName") {
      s = ReadString(v, key, out.table_name);
    } else if (key == "CapacityUnits") {
      s = ReadDouble(v, key, out.capacity_units);
    } else if (key == "ReadCapacityUnits") {
      s = ReadDouble(v, key, out.read_capacity_units);
    } else if (key == "WriteCapacityUnits") {
      s = ReadDouble(v, key, out.write_capacity_units);
    } else if (key == "Table") {
      std::map<std::string, double> table;
      object table_object;
      if (auto error = v.get_object().get(table_object)) return JsonError(error, key);
      for (auto table_field : table_object) {
        std::string_view table_key;
        if (auto error = table_field.unescaped_key().get(table_key)) return JsonError(error, key);
        if (table_key == "CapacityUnits") {
          s = ReadDouble(table_field.value(), table_key, out.table_capacity_units);
          if (!s.ok()) return s;
        }
      }
    } else if (key == "GlobalSecondaryIndexes") {
      s = ReadCapacityMap(v, key, out.global_secondary_indexes);
    } else if (key == "LocalSecondaryIndexes") {
      s = ReadCapacityMap(v, key, out.local_secondary_indexes);
    }
    if (!s.ok()) return s;
  }
  return OkStatus();
}

// ConsumedCapacity is an object for single-table operations and an array for batches and
// transactions.
Status ReadCapacityList(value member, std::vector<ConsumedCapacity>& out) {
  simdjson::ondemand::array array;
  if (auto error = member.get_array().get(array)) return JsonError(error, "ConsumedCapacity");
  for (auto element : array) {
    value v;
    if (auto error = element.get(v)) return JsonError(error, "ConsumedCapacity");
    if (Status s = ReadCapacity(v, out.emplace_back()); !s.ok()) return s;
  }
  return OkStatus();
}

// Put, Update and Delete answer with the same shape.
template <typename Response>
Result<Response> DecodeWriteResponse(std::string& body) {
  Response response;
  Status status = ForEachField(body, [&](std::string_view key, value member) -> Status {
    if (key == "Attributes") return ReadOptionalItem(member, key, response.attributes);
    if (key == "ConsumedCapacity") {
      return ReadCapacity(member, response.consumed_capacity.emplace());
    }
    return OkStatus();
  });
  if (!status.ok()) return std::move(status).error();
  return response;
}

Result<WriteRequest> ReadWriteRequest(value member) {
  object wrapper;
  if (auto error = member.get_object().get(wrapper)) return JsonError(error, "UnprocessedItems");
  std::optional<WriteRequest> request;
  for (auto field : wrapper) {
    std::string_view kind;
    if (auto error = field.unescaped_key().get(kind)) return JsonError(error, "UnprocessedItems");
    bool put = kind == "PutRequest";
    if (!put && kind != "DeleteRequest") continue;
    object inner;
    if (auto error = field.value().get_object().get(inner)) return JsonError(error, kind);
    for (auto inner_field : inner) {
      std::string_view inner_key;
      if (auto error = inner_field.unescaped_key().get(inner_key)) return JsonError(error, kind);
      if (inner_key != (put ? "Item" : "Key")) continue;
      Result<Item> item = ReadItem(inner_field.value());
      if (!item.ok()) return std::move(item).error();
      request = put ? WriteRequest::Put(std::move(item).value())
                    : WriteRequest::Delete(std::move(item).value());
    }
  }
  if (!request.has_value()) {
    return InvalidResponse("UnprocessedItems entry without a PutRequest.Item or DeleteRequest.Key");
  }
  return std::move(*request);
}

Result<KeysAndAttributes> ReadKeysAndAttributes(value member) {
  object entry;
  if (auto error = member.get_object().get(entry)) return JsonError(error, "UnprocessedKeys");
  KeysAndAttributes keys;
  for (auto field : entry) {
    std::string_view key;
    if (auto error = field.unescaped_key().get(key)) return JsonError(error, "UnprocessedKeys");
    if (key == "Keys") {
      Result<std::vector<Item>> items = ReadItems(field.value());
      if (!items.ok()) return std::move(items).error();
      keys.keys = std::move(items).value();
    } else if (key == "ConsistentRead") {
      bool consistent = false;
      if (auto error = field.value().get_bool().get(consistent)) return JsonError(error, key);
      keys.consistent_read = consistent;
    }
    // ProjectionExpression and its names come back as sent; the caller re-sends the
    // projection it asked for, so they are not decoded here.
  }
  return keys;
}

}  // namespace

Result<PutItemResponse> DecodePutItem(std::string& body) {
  return DecodeWriteResponse<PutItemResponse>(body);
}

Result<UpdateItemResponse> DecodeUpdateItem(std::string& body) {
  return DecodeWriteResponse<UpdateItemResponse>(body);
}

Result<DeleteItemResponse> DecodeDeleteItem(std::string& body) {
  return DecodeWriteResponse<DeleteItemResponse>(body);
}

Result<GetItemResponse> DecodeGetItem(std::string& body) {
  GetItemResponse response;
  Status status = ForEachField(body, [&](std::string_view key, value member) -> Status {
    if (key == "Item") return ReadOptionalItem(member, key, response.item);
    if (key == "ConsumedCapacity") {
      return ReadCapacity(member, response.consumed_capacity.emplace());
    }
    return OkStatus();
  });
  if (!status.ok()) return std::move(status).error();
  return response;
}

Result<QueryResponse> DecodeQuery(std::string& body) {
  QueryResponse response;
  bool has_items = false;  // Select=COUNT answers leave Items out
  Status status = ForEachField(body, [&](std::string_view key, value member) -> Status {
    if (key == "Items") {
      Result<std::vector<Item>> items = ReadItems(member);
      if (!items.ok()) return std::move(items).error();
      response.items = std::move(items).value();
      has_items = true;
      return OkStatus();
    }
    if (key == "Count") return ReadInt(member, key, response.count);
    if (key == "ScannedCount") return ReadInt(member, key, response.scanned_count);
    if (key == "LastEvaluatedKey") return ReadOptionalItem(member, key, response.last_evaluated_key);
    if (key == "ConsumedCapacity") {
      return ReadCapacity(member, response.consumed_capacity.emplace());
    }
    return OkStatus();
  });
  if (!status.ok()) return std::move(status).error();
  // Count is the number of items returned, so an Items array (even an empty one) must have
  // exactly Count entries.
  if (has_items && static_cast<std::size_t>(response.count) != response.items.size()) {
    return InvalidResponse(fmt::format("Count {} disagrees with {} Items", response.count,
                                       response.items.size()));
  }
  return response;
}

Result<BatchWriteItemResponse> DecodeBatchWriteItem(std::string& body) {
  BatchWriteItemResponse response;
  Status status = ForEachField(body, [&](std::string_view key, value member) -> Status {
    if (key == "UnprocessedItems") {
      object tables;
      if (auto error = member.get_object().get(tables)) return JsonError(error, key);
      for (auto table : tables) {
        std::string_view table_name;
        if (auto error = table.unescaped_key().get(table_name)) return JsonError(error, key);
        auto& writes = response.unprocessed_items[std::string(table_name)];
        simdjson::ondemand::array array;
        if (auto error = table.value().get_array().get(array)) return JsonError(error, key);
        for (auto element : array) {
          value v;
          if (auto error = element.get(v)) return JsonError(error, key);
          Result<WriteRequest> write = ReadWriteRequest(v);
          if (!write.ok()) return std::move(write).error();
          writes.push_back(std::move(write).value());
        }
      }
      return OkStatus();
    }
    if (key == "ConsumedCapacity") return ReadCapacityList(member, response.consumed_capacity);
    return OkStatus();
  });
  if (!status.ok()) return std::move(status).error();
  // The service may name a table with an empty list; that is nothing unprocessed.
  std::erase_if(response.unprocessed_items, [](const auto& entry) { return entry.second.empty(); });
  return response;
}

Result<BatchGetItemResponse> DecodeBatchGetItem(std::string& body) {
  BatchGetItemResponse response;
  Status status = ForEachField(body, [&](std::string_view key, value member) -> Status {
    if (key == "Responses" || key == "UnprocessedKeys") {
      object tables;
      if (auto error = member.get_object().get(tables)) return JsonError(error, key);
      for (auto table : tables) {
        std::string_view table_name;
        if (auto error = table.unescaped_key().get(table_name)) return JsonError(error, key);
        if (key == "Responses") {
          Result<std::vector<Item>> items = ReadItems(table.value());
          if (!items.ok()) return std::move(items).error();
          auto& found = response.responses[std::string(table_name)];
          for (Item& item : *items) found.push_back(std::move(item));
        } else {
          Result<KeysAndAttributes> keys = ReadKeysAndAttributes(table.value());
          if (!keys.ok()) return std::move(keys).error();
          if (!keys->keys.empty()) {
            response.unprocessed_keys[std::string(table_name)] = std::move(keys).value();
          }
        }
      }
      return OkStatus();
    }
    if (key == "ConsumedCapacity") return ReadCapacityList(member, response.consumed_capacity);
    return OkStatus();
  });
  if (!status.ok()) return std::move(status).error();
  return response;
}

Result<TransactWriteItemsResponse> DecodeTransactWriteItems(std::string& body) {
  TransactWriteItemsResponse response;
  Status status = ForEachField(body, [&](std::string_view key, value member) -> Status {
    if (key == "ConsumedCapacity") return ReadCapacityList(member, response.consumed_capacity);
    return OkStatus();
  });
  if (!status.ok()) return std::move(status).error();
  return response;
}

Result<TransactGetItemsResponse> DecodeTransactGetItems(std::string& body, std::size_t expected) {
  TransactGetItemsResponse response;
  Status status = ForEachField(body, [&](std::string_view key, value member) -> Status {
    if (key == "Responses") {
      simdjson::ondemand::array array;
      if (auto error = member.get_array().get(array)) return JsonError(error, key);
      for (auto element : array) {
        object entry;
        if (auto error = element.get_object().get(entry)) return JsonError(error, key);
        std::optional<Item>& item = response.items.emplace_back();
        for (auto field : entry) {
          std::string_view entry_key;
          if (auto error = field.unescaped_key().get(entry_key)) return JsonError(error, key);
          if (entry_key == "Item") {
            if (Status s = ReadOptionalItem(field.value(), "Responses.Item", item); !s.ok()) {
              return s;
            }
          }
        }
      }
      return OkStatus();
    }
    if (key == "ConsumedCapacity") return ReadCapacityList(member, response.consumed_capacity);
    return OkStatus();
  });
  if (!status.ok()) return std::move(status).error();
  if (response.items.size() != expected) {
    return InvalidResponse(fmt::format("TransactGetItems answered {} responses for {} items",
                                       response.items.size(), expected));
  }
  return response;
}

}  // namespace homeboard::ddb::internal
