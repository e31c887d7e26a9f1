// DynamoStore: construction, the table registry, table operations and the single-item
// operations. Query is in dynamo_store_query.cc; batches and transactions in
// dynamo_store_batch.cc.
#include "store/dynamo/dynamo_store.h"

#include <fmt/format.h>

#include <chrono>
#include <mutex>
#include <set>
#include <utility>

#include "ddb/internal/crypto.h"
#include "store/dynamo/error_mapping.h"
#include "store/dynamo/schema.h"
#include "store/request_checks.h"

namespace homeboard::store::dynamo {
namespace {

constexpr std::size_t kMinSecretBytes = 16;
constexpr std::size_t kRandomSecretBytes = 32;

// A write is safe to send twice when it has no condition and its update (if any) is
// idempotent; only then may the client re-send it after an ambiguous failure.
CallKind WriteKind(const Condition& condition, bool update_is_idempotent = true) {
  return condition.empty() && update_is_idempotent ? CallKind::kIdempotentWrite
                                                   : CallKind::kNonIdempotentWrite;
}

ddb::IdempotencyHint Hint(CallKind kind) {
  return kind == CallKind::kNonIdempotentWrite ? ddb::IdempotencyHint::kNotIdempotent
                                               : ddb::IdempotencyHint::kIdempotent;
}

}  // namespace

Result<std::unique_ptr<DynamoStore>> DynamoStore::Create(DynamoStoreOptions options) {
  if (options.client == nullptr) return InvalidArgument("DynamoStoreOptions::client is null");
  if (!options.cursor_secret.empty() && options.cursor_secret.size() < kMinSecretBytes) {
    return InvalidArgument(
        fmt::format("DynamoStoreOptions::cursor_secret must be at least {} "
                    "bytes (or empty for a random one), got {}",
                    kMinSecretBytes, options.cursor_secret.size()));
  }
  std::set<std::string, std::less<>> names;
  for (const TableSpec& spec : options.tables) {
    if (spec.name.empty()) return InvalidArgument("DynamoStoreOptions::tables: a spec has no name");
    if (!names.insert(spec.name).second) {
      return InvalidArgument(
          fmt::format("DynamoStoreOptions::tables: table {} is listed twice", spec.name));
    }
  }
  std::string secret = options.cursor_secret.empty()
                           ? ddb::internal::RandomBytes(kRandomSecretBytes)
                           : std::move(options.cursor_secret);
  std::unique_ptr<DynamoStore> store(new DynamoStore(std::move(options.client), std::move(secret)));
  for (const TableSpec& spec : options.tables) store->Register(spec);
  return store;
}

DynamoStore::DynamoStore(std::shared_ptr<ddb::Client> client, std::string cursor_secret)
    : client_(std::move(client)), cursors_(std::move(cursor_secret)) {}

Result<std::shared_ptr<const TableSpec>> DynamoStore::FindTable(std::string_view table) const {
  if (table.empty()) return InvalidArgument("the table name is empty");
  std::shared_lock lock(mutex_);
  auto it = tables_.find(table);
  if (it == tables_.end()) {
    return Error{.code = Error::Code::kNotFound,
                 .message = fmt::format("table {} is unknown to this store (neither in "
                                        "DynamoStoreOptions::tables nor created by EnsureTables)",
                                        table)};
  }
  return it->second;
}

void DynamoStore::Register(const TableSpec& spec) {
  auto shared = std::make_shared<const TableSpec>(spec);
  std::unique_lock lock(mutex_);
  tables_.insert_or_assign(spec.name, std::move(shared));
}

Status DynamoStore::CheckIndexKeyUpdates(const TableSpec& spec, const ddb::Update& update) {
  using Kind = ddb::Update::ActionKind;
  using Type = AttributeValue::Type;
  for (const IndexSpec& index : spec.global_secondary_indexes) {
    for (const KeyAttribute* key :
         {&index.partition_key, index.sort_key ? &*index.sort_key : nullptr}) {
      if (key == nullptr) continue;
      for (const ddb::Update::Action& action : update.actions()) {
        const auto& segments = action.path.segments();
        if (segments.size() != 1 || segments[0].is_index || segments[0].name != key->name) {
          continue;
        }
        Type result;  // the attribute's type after the action
        switch (action.kind) {
          case Kind::kSet:
          case Kind::kAdd:  // a number or a set, as given
            result = action.value.type();
            break;
          case Kind::kIncrement:
          case Kind::kIncrementExisting:
            result = Type::kN;
            break;
          case Kind::kAppendToList:
          case Kind::kPrependToList:
            result = Type::kL;
            break;
          case Kind::kSetIfNotExists:
          case Kind::kRemove:         // leaves the sparse index: fine
          case Kind::kDeleteFromSet:  // only shrinks an existing set; a no-op when absent
            continue;
        }
        const Type wanted = key->type == KeyType::kString   ? Type::kS
                            : key->type == KeyType::kNumber ? Type::kN
                                                            : Type::kB;
        if (result != wanted) {
          return InvalidArgument(fmt::format(
              "{} index {}: key attribute \"{}\" must be of type {}, the update makes it {}",
              spec.name, index.name, key->name, KeyTypeName(key->type),
              AttributeValue::TypeName(result)));
        }
        if ((action.value.IsS() && action.value.AsS().empty()) ||
            (action.value.IsB() && action.value.AsB().empty())) {
          return InvalidArgument(fmt::format("{} index {}: key attribute \"{}\" would be empty",
                                             spec.name, index.name, key->name));
        }
      }
    }
  }
  return {};
}

// --- Tables -------------------------------------------------------------------------------

Result<EnsureReport> DynamoStore::EnsureTables(const std::vector<TableSpec>& specs,
                                               const EnsureOptions& options) {
  // Refuse what CreateTable would refuse before touching anything, as the SQLite engine does.
  for (const TableSpec& spec : specs) {
    if (Status s = CheckTableSpec(spec); !s.ok()) return s.error();
  }
  ddb::Result<EnsureReport> report = dynamo::EnsureTables(*client_, specs, options);
  if (!report.ok()) return FromDdbError(report.error());
  if (!options.dry_run) {
    for (const TableSpec& spec : specs) Register(spec);
  }
  return std::move(report).value();
}

Status DynamoStore::DeleteTable(const std::string& table) {
  Result<std::shared_ptr<const TableSpec>> spec = FindTable(table);
  if (!spec.ok()) return spec.error();
  ddb::Result<ddb::TableDescription> deleted = client_->DeleteTable(table);
  if (!deleted.ok()) {
    Error error = FromDdbError(deleted.error());
    if (error.Is(Error::Code::kNotFound)) {
      std::unique_lock lock(mutex_);
      tables_.erase(table);
    }
    return error;
  }
  // DynamoDB deletes asynchronously (DELETING); wait, so that EnsureTables right after can
  // create the table afresh.
  if (ddb::Status gone = client_->WaitUntilTableDeleted(table, std::chrono::minutes(5),
                                                        std::chrono::milliseconds(250));
      !gone.ok()) {
    return FromDdbError(gone.error());
  }
  std::unique_lock lock(mutex_);
  tables_.erase(table);
  return {};
}

// --- Single items ---------------------------------------------------------------------------

Result<std::optional<Item>> DynamoStore::Get(const GetRequest& request) {
  Result<std::shared_ptr<const TableSpec>> spec = FindTable(request.table);
  if (!spec.ok()) return spec.error();
  if (Status s = CheckKey(**spec, request.key); !s.ok()) return s.error();
  ddb::GetItemRequest get{
      .table_name = request.table, .key = request.key, .consistent_read = request.consistent_read};
  ddb::Result<ddb::GetItemResponse> response = client_->GetItem(get);
  if (!response.ok()) return FromDdbError(response.error());
  return std::move(response->item);
}

Status DynamoStore::Put(const PutRequest& request) {
  Result<std::shared_ptr<const TableSpec>> spec = FindTable(request.table);
  if (!spec.ok()) return spec.error();
  if (Status s = CheckItem(**spec, request.item); !s.ok()) return s;
  const CallKind kind = WriteKind(request.condition);
  ddb::PutItemRequest put{.table_name = request.table,
                          .item = request.item,
                          .condition = request.condition,
                          .idempotency = Hint(kind)};
  ddb::Result<ddb::PutItemResponse> response = client_->PutItem(put);
  if (!response.ok()) return FromDdbError(response.error(), kind);
  return {};
}

Result<Item> DynamoStore::Update(const UpdateRequest& request) {
  Result<std::shared_ptr<const TableSpec>> spec = FindTable(request.table);
  if (!spec.ok()) return spec.error();
  if (Status s = CheckKey(**spec, request.key); !s.ok()) return s.error();
  if (Status s = CheckUpdate(**spec, request.update); !s.ok()) return s.error();
  if (Status s = CheckIndexKeyUpdates(**spec, request.update); !s.ok()) return s.error();
  const CallKind kind = WriteKind(request.condition, request.update.IsIdempotent());
  ddb::UpdateItemRequest update{.table_name = request.table,
                                .key = request.key,
                                .update = request.update,
                                .condition = request.condition,
                                .return_values = ddb::ReturnValues::kAllNew,
                                .idempotency = Hint(kind)};
  ddb::Result<ddb::UpdateItemResponse> response = client_->UpdateItem(update);
  if (!response.ok()) return FromDdbError(response.error(), kind);
  // ALL_NEW always returns the item: an update leaves at least its key behind.
  if (!response->attributes) {
    return Error{
        .code = Error::Code::kInternal,
        .message = fmt::format("UpdateItem on {} returned no item for ALL_NEW", request.table)};
  }
  return std::move(*response->attributes);
}

Result<std::optional<Item>> DynamoStore::Delete(const DeleteRequest& request) {
  Result<std::shared_ptr<const TableSpec>> spec = FindTable(request.table);
  if (!spec.ok()) return spec.error();
  if (Status s = CheckKey(**spec, request.key); !s.ok()) return s.error();
  const CallKind kind = WriteKind(request.condition);
  ddb::DeleteItemRequest del{.table_name = request.table,
                             .key = request.key,
                             .condition = request.condition,
                             .return_values = ddb::ReturnValues::kAllOld,
                             .idempotency = Hint(kind)};
  ddb::Result<ddb::DeleteItemResponse> response = client_->DeleteItem(del);
  if (!response.ok()) return FromDdbError(response.error(), kind);
  return std::move(response->attributes);
}

}  // namespace homeboard::store::dynamo
