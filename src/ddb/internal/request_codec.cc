// Request encoding for the item operations. Wire names appear only here.
#include "ddb/internal/request_codec.h"

#include <fmt/format.h>

#include <set>

#include "ddb/expression.h"
#include "ddb/internal/json_writer.h"
#include "ddb/internal/value_codec.h"

namespace homeboard::ddb::internal {
namespace {

Error InvalidArgument(std::string message) {
  return Error(errc::kInvalidArgument, std::move(message));
}

std::string_view ReturnValuesName(ReturnValues value) {
  switch (value) {
    case ReturnValues::kNone:
      return "NONE";
    case ReturnValues::kAllOld:
      return "ALL_OLD";
    case ReturnValues::kUpdatedOld:
      return "UPDATED_OLD";
    case ReturnValues::kAllNew:
      return "ALL_NEW";
    case ReturnValues::kUpdatedNew:
      return "UPDATED_NEW";
  }
  return "NONE";
}

std::string_view SelectName(Select select) {
  switch (select) {
    case Select::kAllAttributes:
      return "ALL_ATTRIBUTES";
    case Select::kAllProjectedAttributes:
      return "ALL_PROJECTED_ATTRIBUTES";
    case Select::kSpecificAttributes:
      return "SPECIFIC_ATTRIBUTES";
    case Select::kCount:
      return "COUNT";
    case Select::kDefault:
      break;
  }
  return "";
}

// The expressions of one request (or of one transaction action): rendered against one
// alias map so names and values are shared, then written as the wire fields. Errors name
// the field they come from, prefixed with `where` ("PutItem.ConditionExpression: ...",
// "TransactItems[2].UpdateExpression: ...").
class Expressions {
 public:
  explicit Expressions(std::string_view where) : where_(where) {}

  Status AddCondition(std::string_view field, const Condition& condition) {
    return Add(field, condition);
  }
  Status AddUpdate(const Update& update) { return Add("UpdateExpression", update); }
  Status AddProjection(const Projection& projection) {
    return Add("ProjectionExpression", projection);
  }
  Status AddKeyCondition(const KeyCondition& key_condition) {
    return Add("KeyConditionExpression", key_condition);
  }

  // Writes the rendered expressions and, only when non-empty, the alias maps.
  void Write(JsonWriter& writer) const {
    for (const auto& [field, text] : rendered_) {
      writer.Key(field);
      writer.String(text);
    }
    if (!aliases_.names().empty()) {
      writer.Key("ExpressionAttributeNames");
      writer.BeginObject();
      for (const auto& [alias, name] : aliases_.names()) {
        writer.Key(alias);
        writer.String(name);
      }
      writer.EndObject();
    }
    if (!aliases_.values().empty()) {
      writer.Key("ExpressionAttributeValues");
      WriteItem(writer, aliases_.values());
    }
  }

 private:
  template <typename Expression>
  Status Add(std::string_view field, const Expression& expression) {
    if (expression.empty()) return OkStatus();
    Result<std::string> text = Render(expression, aliases_);
    if (!text.ok()) return Prefixed(field, std::move(text).error());
    // Render checks types and shapes, not number syntax or string encoding: check the
    // values this expression added here, so the error can say which field they are in.
    for (const auto& [alias, value] : aliases_.values()) {
      if (!validated_.insert(alias).second) continue;
      if (Status s = ValidateForWrite(value, alias); !s.ok()) {
        return Prefixed(field, std::move(s).error());
      }
    }
    if (!text->empty()) rendered_.emplace_back(field, std::move(*text));
    return OkStatus();
  }

  Error Prefixed(std::string_view field, Error error) const {
    error.set_message(fmt::format("{}.{}: {}", where_, field, error.message()));
    return error;
  }

  std::string where_;
  ExpressionAliases aliases_;
  std::set<std::string, std::less<>> validated_;  // value aliases already checked
  std::vector<std::pair<std::string_view, std::string>> rendered_;
};

Status CheckTableName(std::string_view table_name, std::string_view where = "TableName") {
  // https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.NamingRulesDataTypes.html
  if (table_name.size() < 3 || table_name.size() > 255) {
    return InvalidArgument(
        fmt::format("{}: table name \"{}\" must be 3 to 255 characters", where, table_name));
  }
  for (char c : table_name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '-' || c == '.';
    if (!ok) {
      return InvalidArgument(fmt::format(
          "{}: table name \"{}\" may only contain a-z, A-Z, 0-9, '_', '-' and '.'", where,
          table_name));
    }
  }
  return OkStatus();
}

Status CheckItem(const Item& item, std::string_view what) {
  if (item.empty()) return InvalidArgument(fmt::format("{} is empty", what));
  if (Status s = ValidateItemForWrite(item); !s.ok()) {
    Error error = std::move(s).error();
    error.set_message(fmt::format("{}: {}", what, error.message()));
    return error;
  }
  if (ItemSize(item) > kMaxItemBytes) {
    return InvalidArgument(
        fmt::format("{} is {} bytes, over DynamoDB's 400 KB item limit", what, ItemSize(item)));
  }
  return OkStatus();
}

void WriteCommonTail(JsonWriter& writer, ReturnConsumedCapacity capacity) {
  if (capacity == ReturnConsumedCapacity::kTotal) {
    writer.Key("ReturnConsumedCapacity");
    writer.String("TOTAL");
  } else if (capacity == ReturnConsumedCapacity::kIndexes) {
    writer.Key("ReturnConsumedCapacity");
    writer.String("INDEXES");
  }
}

void WriteReturnValues(JsonWriter& writer, ReturnValues return_values,
                       bool return_item_on_condition_failure) {
  if (return_values != ReturnValues::kNone) {
    writer.Key("ReturnValues");
    writer.String(ReturnValuesName(return_values));
  }
  if (return_item_on_condition_failure) {
    writer.Key("ReturnValuesOnConditionCheckFailure");
    writer.String("ALL_OLD");
  }
}

// Shared shape of Put/Delete/Update/ConditionCheck (alone or inside a transaction).
struct WriteAction {
  std::string_view table_name;
  const Item* item = nullptr;  // Put
  const Item* key = nullptr;   // others
  const Update* update = nullptr;
  const Condition* condition = nullptr;
  bool condition_required = false;
};

Status EncodeWriteAction(const WriteAction& action, std::string_view where, JsonWriter& writer) {
  if (Status s = CheckTableName(action.table_name, fmt::format("{}.TableName", where)); !s.ok()) {
    return s;
  }
  Expressions expressions(where);
  if (action.update != nullptr) {
    if (action.update->empty()) {
      return InvalidArgument(fmt::format("{}: update has no actions", where));
    }
    if (Status s = expressions.AddUpdate(*action.update); !s.ok()) return s;
  }
  if (action.condition != nullptr) {
    if (action.condition_required && action.condition->empty()) {
      return InvalidArgument(fmt::format("{}: a condition check needs a condition", where));
    }
    if (Status s = expressions.AddCondition("ConditionExpression", *action.condition); !s.ok()) {
      return s;
    }
  }

  writer.Key("TableName");
  writer.String(action.table_name);
  if (action.item != nullptr) {
    if (Status s = CheckItem(*action.item, fmt::format("{}.Item", where)); !s.ok()) return s;
    writer.Key("Item");
    WriteItem(writer, *action.item);
  }
  if (action.key != nullptr) {
    if (Status s = CheckItem(*action.key, fmt::format("{}.Key", where)); !s.ok()) return s;
    writer.Key("Key");
    WriteItem(writer, *action.key);
  }
  expressions.Write(writer);
  return OkStatus();
}

Status CheckLimit(const std::optional<int>& limit) {
  if (limit.has_value() && *limit < 1) {
    return InvalidArgument(fmt::format("Limit must be at least 1, got {}", *limit));
  }
  return OkStatus();
}

void WriteReadOptions(JsonWriter& writer, const std::string& index_name,
                      const std::optional<int>& limit, bool consistent_read, Select select,
                      const std::optional<Item>& exclusive_start_key) {
  if (!index_name.empty()) {
    writer.Key("IndexName");
    writer.String(index_name);
  }
  if (limit.has_value()) {
    writer.Key("Limit");
    writer.Int(*limit);
  }
  if (consistent_read) {
    writer.Key("ConsistentRead");
    writer.Bool(true);
  }
  if (select != Select::kDefault) {
    writer.Key("Select");
    writer.String(SelectName(select));
  }
  if (exclusive_start_key.has_value()) {
    writer.Key("ExclusiveStartKey");
    WriteItem(writer, *exclusive_start_key);
  }
}

}  // namespace

Result<std::string> EncodePutItem(const PutItemRequest& request) {
  if (request.return_values != ReturnValues::kNone &&
      request.return_values != ReturnValues::kAllOld) {
    return InvalidArgument("PutItem: ReturnValues must be NONE or ALL_OLD");
  }
  std::string body;
  JsonWriter writer(&body);
  writer.BeginObject();
  WriteAction action{.table_name = request.table_name,
                     .item = &request.item,
                     .condition = &request.condition};
  if (Status s = EncodeWriteAction(action, "PutItem", writer); !s.ok()) return std::move(s).error();
  WriteReturnValues(writer, request.return_values, request.return_item_on_condition_failure);
  WriteCommonTail(writer, request.return_consumed_capacity);
  writer.EndObject();
  return body;
}

Result<std::string> EncodeGetItem(const GetItemRequest& request) {
  if (Status s = CheckTableName(request.table_name); !s.ok()) return std::move(s).error();
  if (Status s = CheckItem(request.key, "GetItem.Key"); !s.ok()) return std::move(s).error();
  Expressions expressions("GetItem");
  if (Status s = expressions.AddProjection(request.projection); !s.ok()) {
    return std::move(s).error();
  }
  std::string body;
  JsonWriter writer(&body);
  writer.BeginObject();
  writer.Key("TableName");
  writer.String(request.table_name);
  writer.Key("Key");
  WriteItem(writer, request.key);
  if (request.consistent_read) {
    writer.Key("ConsistentRead");
    writer.Bool(true);
  }
  expressions.Write(writer);
  WriteCommonTail(writer, request.return_consumed_capacity);
  writer.EndObject();
  return body;
}

Result<std::string> EncodeUpdateItem(const UpdateItemRequest& request) {
  std::string body;
  JsonWriter writer(&body);
  writer.BeginObject();
  WriteAction action{.table_name = request.table_name,
                     .key = &request.key,
                     .update = &request.update,
                     .condition = &request.condition};
  if (Status s = EncodeWriteAction(action, "UpdateItem", writer); !s.ok()) {
    return std::move(s).error();
  }
  WriteReturnValues(writer, request.return_values, request.return_item_on_condition_failure);
  WriteCommonTail(writer, request.return_consumed_capacity);
  writer.EndObject();
  return body;
}

Result<std::string> EncodeDeleteItem(const DeleteItemRequest& request) {
  if (request.return_values != ReturnValues::kNone &&
      request.return_values != ReturnValues::kAllOld) {
    return InvalidArgument("DeleteItem: ReturnValues must be NONE or ALL_OLD");
  }
  std::string body;
  JsonWriter writer(&body);
  writer.BeginObject();
  WriteAction action{.table_name = request.table_name,
                     .key = &request.key,
                     .condition = &request.condition};
  if (Status s = EncodeWriteAction(action, "DeleteItem", writer); !s.ok()) {
    return std::move(s).error();
  }
  WriteReturnValues(writer, request.return_values, request.return_item_on_condition_failure);
  WriteCommonTail(writer, request.return_consumed_capacity);
  writer.EndObject();
  return body;
}

Result<std::string> EncodeQuery(const QueryRequest& request) {
  if (Status s = CheckTableName(request.table_name); !s.ok()) return std::move(s).error();
  if (request.key_condition.empty()) {
    return InvalidArgument("Query: a key condition on the partition key is required");
  }
  if (Status s = CheckLimit(request.limit); !s.ok()) return std::move(s).error();
  Expressions expressions("Query");
  if (Status s = expressions.AddKeyCondition(request.key_condition); !s.ok()) {
    return std::move(s).error();
  }
  if (Status s = expressions.AddCondition("FilterExpression", request.filter); !s.ok()) {
    return std::move(s).error();
  }
  if (Status s = expressions.AddProjection(request.projection); !s.ok()) {
    return std::move(s).error();
  }
  std::string body;
  JsonWriter writer(&body);
  writer.BeginObject();
  writer.Key("TableName");
  writer.String(request.table_name);
  expressions.Write(writer);
  WriteReadOptions(writer, request.index_name, request.limit, request.consistent_read,
                   request.select, request.exclusive_start_key);
  if (!request.scan_index_forward) {
    writer.Key("ScanIndexForward");
    writer.Bool(false);
  }
  WriteCommonTail(writer, request.return_consumed_capacity);
  writer.EndObject();
  return body;
}

Result<std::string> EncodeScan(const ScanRequest& request) {
  if (Status s = CheckTableName(request.table_name); !s.ok()) return std::move(s).error();
  if (Status s = CheckLimit(request.limit); !s.ok()) return std::move(s).error();
  if (request.segment.has_value() != request.total_segments.has_value()) {
    return InvalidArgument("Scan: Segment and TotalSegments must be given together");
  }
  if (request.total_segments.has_value() &&
      (*request.total_segments < 1 || *request.total_segments > 1000000 ||
       *request.segment < 0 || *request.segment >= *request.total_segments)) {
    return InvalidArgument(fmt::format(
        "Scan: Segment {} of TotalSegments {} is out of range (0 <= Segment < TotalSegments "
        "<= 1000000)",
        *request.segment, *request.total_segments));
  }
  Expressions expressions("Scan");
  if (Status s = expressions.AddCondition("FilterExpression", request.filter); !s.ok()) {
    return std::move(s).error();
  }
  if (Status s = expressions.AddProjection(request.projection); !s.ok()) {
    return std::move(s).error();
  }
  std::string body;
  JsonWriter writer(&body);
  writer.BeginObject();
  writer.Key("TableName");
  writer.String(request.table_name);
  expressions.Write(writer);
  WriteReadOptions(writer, request.index_name, request.limit, request.consistent_read,
                   request.select, request.exclusive_start_key);
  if (request.total_segments.has_value()) {
    writer.Key("Segment");
    writer.Int(*request.segment);
    writer.Key("TotalSegments");
    writer.Int(*request.total_segments);
  }
  WriteCommonTail(writer, request.return_consumed_capacity);
  writer.EndObject();
  return body;
}

namespace {

void WriteWriteRequest(JsonWriter& writer, const WriteRequest& request) {
  writer.BeginObject();
  if (request.kind == WriteRequest::Kind::kPut) {
    writer.Key("PutRequest");
    writer.BeginObject();
    writer.Key("Item");
  } else {
    writer.Key("DeleteRequest");
    writer.BeginObject();
    writer.Key("Key");
  }
  WriteItem(writer, request.item);
  writer.EndObject();
  writer.EndObject();
}

}  // namespace

std::size_t EncodedWriteRequestSize(const WriteRequest& request) {
  std::string text;
  JsonWriter writer(&text);
  WriteWriteRequest(writer, request);
  return text.size() + 1;  // the separating comma
}

Result<std::string> EncodeBatchWriteItem(const BatchWriteItemRequest& request) {
  std::size_t total = 0;
  for (const auto& [table, writes] : request.request_items) {
    if (Status s = CheckTableName(table, "BatchWriteItem.RequestItems"); !s.ok()) {
      return std::move(s).error();
    }
    if (writes.empty()) {
      return InvalidArgument(fmt::format("BatchWriteItem: no writes for table {}", table));
    }
    for (std::size_t i = 0; i < writes.size(); ++i) {
      const char* what = writes[i].kind == WriteRequest::Kind::kPut ? "Item" : "Key";
      if (Status s = CheckItem(writes[i].item, fmt::format("BatchWriteItem {}[{}].{}", table, i,
                                                           what));
          !s.ok()) {
        return std::move(s).error();
      }
    }
    total += writes.size();
  }
  if (total == 0) return InvalidArgument("BatchWriteItem: no writes");
  if (total > kMaxBatchWrites) {
    return InvalidArgument(
        fmt::format("BatchWriteItem: {} writes, at most {} per request", total, kMaxBatchWrites));
  }
  std::string body;
  JsonWriter writer(&body);
  writer.BeginObject();
  writer.Key("RequestItems");
  writer.BeginObject();
  for (const auto& [table, writes] : request.request_items) {
    writer.Key(table);
    writer.BeginArray();
    for (const WriteRequest& write : writes) WriteWriteRequest(writer, write);
    writer.EndArray();
  }
  writer.EndObject();
  WriteCommonTail(writer, request.return_consumed_capacity);
  writer.EndObject();
  return body;
}

Result<std::string> EncodeBatchGetItem(const BatchGetItemRequest& request) {
  std::size_t total = 0;
  std::string body;
  JsonWriter writer(&body);
  writer.BeginObject();
  writer.Key("RequestItems");
  writer.BeginObject();
  for (const auto& [table, reads] : request.request_items) {
    if (Status s = CheckTableName(table, "BatchGetItem.RequestItems"); !s.ok()) {
      return std::move(s).error();
    }
    if (reads.keys.empty()) {
      return InvalidArgument(fmt::format("BatchGetItem: no keys for table {}", table));
    }
    total += reads.keys.size();
    Expressions expressions(fmt::format("BatchGetItem {}", table));
    if (Status s = expressions.AddProjection(reads.projection); !s.ok()) {
      return std::move(s).error();
    }
    writer.Key(table);
    writer.BeginObject();
    writer.Key("Keys");
    writer.BeginArray();
    for (std::size_t i = 0; i < reads.keys.size(); ++i) {
      if (Status s = CheckItem(reads.keys[i], fmt::format("BatchGetItem {}.Keys[{}]", table, i));
          !s.ok()) {
        return std::move(s).error();
      }
      WriteItem(writer, reads.keys[i]);
    }
    writer.EndArray();
    expressions.Write(writer);
    if (reads.consistent_read) {
      writer.Key("ConsistentRead");
      writer.Bool(true);
    }
    writer.EndObject();
  }
  writer.EndObject();
  if (total == 0) return InvalidArgument("BatchGetItem: no keys");
  if (total > kMaxBatchGetKeys) {
    return InvalidArgument(
        fmt::format("BatchGetItem: {} keys, at most {} per request", total, kMaxBatchGetKeys));
  }
  WriteCommonTail(writer, request.return_consumed_capacity);
  writer.EndObject();
  return body;
}

Result<std::string> EncodeTransactWriteItems(const TransactWriteItemsRequest& request,
                                             std::string_view client_request_token) {
  if (request.items.empty()) return InvalidArgument("TransactWriteItems: no actions");
  if (request.items.size() > kMaxTransactItems) {
    return InvalidArgument(fmt::format("TransactWriteItems: {} actions, at most {}",
                                       request.items.size(), kMaxTransactItems));
  }
  if (client_request_token.empty() || client_request_token.size() > 36) {
    return InvalidArgument("TransactWriteItems: ClientRequestToken must be 1 to 36 characters");
  }
  // "The aggregate size of the items in the transaction cannot exceed 4 MB": item sizes,
  // binary counted raw, not the JSON body (base64 and escaping make that larger, so a body
  // check refused transactions the service accepts). The Put items alone are a lower bound
  // of what the service counts: this never refuses a transaction the service would take.
  // https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html
  constexpr std::size_t kMaxTransactionBytes = 4 * 1024 * 1024;
  std::size_t put_bytes = 0;
  for (const TransactWriteItem& action : request.items) {
    if (const auto* put = std::get_if<TransactPut>(&action)) put_bytes += ItemSize(put->item);
  }
  if (put_bytes > kMaxTransactionBytes) {
    return InvalidArgument(fmt::format(
        "TransactWriteItems: the items to put are {} bytes, over the 4 MB transaction limit",
        put_bytes));
  }
  std::string body;
  JsonWriter writer(&body);
  writer.BeginObject();
  writer.Key("TransactItems");
  writer.BeginArray();
  for (std::size_t i = 0; i < request.items.size(); ++i) {
    std::string where = fmt::format("TransactItems[{}]", i);
    writer.BeginObject();
    Status status = std::visit(
        [&](const auto& action) -> Status {
          using T = std::decay_t<decltype(action)>;
          WriteAction wire{.table_name = action.table_name, .condition = &action.condition};
          if constexpr (std::is_same_v<T, TransactPut>) {
            writer.Key("Put");
            wire.item = &action.item;
          } else if constexpr (std::is_same_v<T, TransactUpdate>) {
            writer.Key("Update");
            wire.key = &action.key;
            wire.update = &action.update;
          } else if constexpr (std::is_same_v<T, TransactDelete>) {
            writer.Key("Delete");
            wire.key = &action.key;
          } else {
            writer.Key("ConditionCheck");
            wire.key = &action.key;
            wire.condition_required = true;
          }
          writer.BeginObject();
          if (Status s = EncodeWriteAction(wire, where, writer); !s.ok()) return s;
          if (action.return_item_on_condition_failure) {
            writer.Key("ReturnValuesOnConditionCheckFailure");
            writer.String("ALL_OLD");
          }
          writer.EndObject();
          return OkStatus();
        },
        request.items[i]);
    if (!status.ok()) return std::move(status).error();
    writer.EndObject();
  }
  writer.EndArray();
  writer.Key("ClientRequestToken");
  writer.String(client_request_token);
  WriteCommonTail(writer, request.return_consumed_capacity);
  writer.EndObject();
  return body;
}

Result<std::string> EncodeTransactGetItems(const TransactGetItemsRequest& request) {
  if (request.items.empty()) return InvalidArgument("TransactGetItems: no items");
  if (request.items.size() > kMaxTransactItems) {
    return InvalidArgument(fmt::format("TransactGetItems: {} items, at most {}",
                                       request.items.size(), kMaxTransactItems));
  }
  std::string body;
  JsonWriter writer(&body);
  writer.BeginObject();
  writer.Key("TransactItems");
  writer.BeginArray();
  for (std::size_t i = 0; i < request.items.size(); ++i) {
    const TransactGet& get = request.items[i];
    std::string where = fmt::format("TransactItems[{}]", i);
    if (Status s = CheckTableName(get.table_name, where + ".TableName"); !s.ok()) {
      return std::move(s).error();
    }
    if (Status s = CheckItem(get.key, where + ".Key"); !s.ok()) return std::move(s).error();
    Expressions expressions(where);
    if (Status s = expressions.AddProjection(get.projection); !s.ok()) {
      return std::move(s).error();
    }
    writer.BeginObject();
    writer.Key("Get");
    writer.BeginObject();
    writer.Key("TableName");
    writer.String(get.table_name);
    writer.Key("Key");
    WriteItem(writer, get.key);
    expressions.Write(writer);
    writer.EndObject();
    writer.EndObject();
  }
  writer.EndArray();
  WriteCommonTail(writer, request.return_consumed_capacity);
  writer.EndObject();
  return body;
}

}  // namespace homeboard::ddb::internal
