// DynamoStore: BatchGet, BatchWrite and Transact. Every key and item is checked and
// duplicates are found before anything is sent, so a bad batch writes nothing.
//
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchGetItem.html
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchWriteItem.html
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html
#include <fmt/format.h>

#include <map>
#include <set>
#include <utility>

#include "ddb/internal/value_codec.h"
#include "store/dynamo/dynamo_store.h"
#include "store/dynamo/error_mapping.h"
#include "store/request_checks.h"

namespace homeboard::store::dynamo {
namespace {

// The identity of the item `item` (a key or a whole item, already checked) addresses in
// `spec`'s table, as DynamoDB sees it: numbers by value, so N "1" and N "1.0" are one key.
// Each part is length-prefixed, so no two keys share a fingerprint.
std::string Fingerprint(const TableSpec& spec, const Item& item) {
  std::string out = fmt::format("{}:{}", spec.name.size(), spec.name);
  auto add = [&](const KeyAttribute& key) {
    const AttributeValue& value = item.at(key.name);
    std::string text = value.IsN()   ? ddb::internal::CanonicalNumber(value.AsN())
                       : value.IsS() ? value.AsS()
                                     : value.AsB();
    out += fmt::format("|{}:{}", text.size(), text);
  };
  add(spec.partition_key);
  if (spec.sort_key) add(*spec.sort_key);
  return out;
}

ddb::KeySchema KeySchemaOf(const TableSpec& spec) {
  return {.partition_key = spec.partition_key.name,
          .sort_key = spec.sort_key ? spec.sort_key->name : std::string()};
}

Error Prefixed(std::string_view prefix, Error error) {
  error.message = fmt::format("{}: {}", prefix, error.message);
  return error;
}

}  // namespace

Result<std::vector<Item>> DynamoStore::BatchGet(const std::string& table,
                                                const std::vector<Item>& keys) {
  Result<std::shared_ptr<const TableSpec>> found = FindTable(table);
  if (!found.ok()) return found.error();
  const TableSpec& spec = **found;
  std::map<std::string, std::size_t> seen;  // fingerprint -> index
  for (std::size_t i = 0; i < keys.size(); ++i) {
    if (Status s = CheckKey(spec, keys[i]); !s.ok()) {
      return Prefixed(fmt::format("BatchGet key {}", i), s.error());
    }
    auto [it, inserted] = seen.emplace(Fingerprint(spec, keys[i]), i);
    if (!inserted) {
      return InvalidArgument(
          fmt::format("BatchGet: key {} repeats key {} of table {}", i, it->second, table));
    }
  }
  if (keys.empty()) return std::vector<Item>();

  std::map<std::string, ddb::KeysAndAttributes> reads;
  reads[table] = ddb::KeysAndAttributes{.keys = keys, .projection = {}, .consistent_read = true};
  ddb::Result<ddb::BatchGetAllResult> result = client_->BatchGetAll(reads);
  if (!result.ok()) return FromDdbError(result.error());
  if (!result->failed.empty()) {
    return Prefixed(fmt::format("BatchGet: {} of {} keys could not be read", result->failed.size(),
                                keys.size()),
                    FromDdbError(result->failed.front().error));
  }
  return std::move(result->items[table]);
}

Status DynamoStore::BatchWrite(const std::vector<store::BatchWrite>& writes) {
  std::map<std::string, std::vector<ddb::WriteRequest>> by_table;
  std::map<std::string, ddb::KeySchema> key_schemas;
  std::map<std::string, std::size_t> seen;  // fingerprint -> index
  for (std::size_t i = 0; i < writes.size(); ++i) {
    const store::BatchWrite& write = writes[i];
    Result<std::shared_ptr<const TableSpec>> found = FindTable(write.table);
    if (!found.ok()) return Prefixed(fmt::format("BatchWrite write {}", i), found.error());
    const TableSpec& spec = **found;
    const bool put = write.kind == store::BatchWrite::Kind::kPut;
    if (Status s = put ? CheckItem(spec, write.item) : CheckKey(spec, write.item); !s.ok()) {
      return Prefixed(fmt::format("BatchWrite write {}", i), s.error());
    }
    auto [it, inserted] = seen.emplace(Fingerprint(spec, write.item), i);
    if (!inserted) {
      return InvalidArgument(fmt::format(
          "BatchWrite: write {} repeats the key of write {} to table {} (a batch may write each "
          "item once)",
          i, it->second, write.table));
    }
    by_table[write.table].push_back(put ? ddb::WriteRequest::Put(write.item)
                                        : ddb::WriteRequest::Delete(write.item));
    key_schemas.emplace(write.table, KeySchemaOf(spec));
  }
  if (writes.empty()) return {};

  ddb::Result<ddb::BatchWriteAllResult> result = client_->BatchWriteAll(by_table, key_schemas);
  if (!result.ok()) return FromDdbError(result.error(), CallKind::kIdempotentWrite);
  if (!result->failed.empty()) {
    // Whole-item puts and deletes: re-running the batch converges, whatever was applied.
    return Prefixed(
        fmt::format("BatchWrite: {} of {} writes were applied, {} were not "
                    "(re-running the batch finishes it)",
                    writes.size() - result->failed.size(), writes.size(), result->failed.size()),
        FromDdbError(result->failed.front().error, CallKind::kIdempotentWrite));
  }
  return {};
}

Status DynamoStore::Transact(const std::vector<TransactAction>& actions) {
  if (actions.size() > kMaxTransactActions) {
    return InvalidArgument(fmt::format("Transact: {} actions, at most {} are allowed",
                                       actions.size(), kMaxTransactActions));
  }
  if (Status s = CheckTransactionSize(actions); !s.ok()) return s;
  if (actions.empty()) return {};

  ddb::TransactWriteItemsRequest request;
  request.items.reserve(actions.size());
  std::map<std::string, std::size_t> seen;  // fingerprint -> index
  for (std::size_t i = 0; i < actions.size(); ++i) {
    const TransactAction& action = actions[i];
    const std::string where = fmt::format("Transact action {}", i);
    Result<std::shared_ptr<const TableSpec>> found = FindTable(action.table);
    if (!found.ok()) return Prefixed(where, found.error());
    const TableSpec& spec = **found;
    using Kind = TransactAction::Kind;
    Status checked =
        action.kind == Kind::kPut ? CheckItem(spec, action.item) : CheckKey(spec, action.item);
    if (checked.ok() && action.kind == Kind::kUpdate) checked = CheckUpdate(spec, action.update);
    if (checked.ok() && action.kind == Kind::kUpdate) {
      checked = CheckIndexKeyUpdates(spec, action.update);
    }
    if (checked.ok() && action.kind == Kind::kConditionCheck && action.condition.empty()) {
      checked = InvalidArgument("a condition check needs a condition");
    }
    if (!checked.ok()) return Prefixed(where, checked.error());
    auto [it, inserted] = seen.emplace(Fingerprint(spec, action.item), i);
    if (!inserted) {
      return InvalidArgument(fmt::format(
          "Transact: actions {} and {} are on the same item of table {} (a transaction may "
          "touch each item once)",
          it->second, i, action.table));
    }
    switch (action.kind) {
      case Kind::kPut:
        request.items.emplace_back(ddb::TransactPut{
            .table_name = action.table, .item = action.item, .condition = action.condition});
        break;
      case Kind::kUpdate:
        request.items.emplace_back(ddb::TransactUpdate{.table_name = action.table,
                                                       .key = action.item,
                                                       .update = action.update,
                                                       .condition = action.condition});
        break;
      case Kind::kDelete:
        request.items.emplace_back(ddb::TransactDelete{
            .table_name = action.table, .key = action.item, .condition = action.condition});
        break;
      case Kind::kConditionCheck:
        request.items.emplace_back(ddb::TransactConditionCheck{
            .table_name = action.table, .key = action.item, .condition = action.condition});
        break;
    }
  }
  // The client sends a ClientRequestToken and reuses it on retries, so a retried transaction
  // is applied at most once: idempotent.
  ddb::Result<ddb::TransactWriteItemsResponse> response = client_->TransactWriteItems(request);
  if (!response.ok()) return FromDdbError(response.error(), CallKind::kIdempotentWrite);
  return {};
}

}  // namespace homeboard::store::dynamo
