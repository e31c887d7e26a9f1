// SqliteStore: Get, Put, Update and Delete. Each write reads the old item, evaluates the
// condition against it (or against an empty item when there is none) and writes, all inside
// one BEGIN IMMEDIATE transaction, so no other write can slip in between.
#include <fmt/format.h>

#include "store/request_checks.h"
#include "store/sqlite/condition_eval.h"
#include "store/sqlite/item_format.h"
#include "store/sqlite/sqlite_store.h"
#include "store/sqlite/store_impl.h"
#include "store/sqlite/update_eval.h"

namespace homeboard::store::sqlite {

Result<std::optional<Item>> SqliteStore::Get(const GetRequest& request) {
  auto table = impl_->FindTable(request.table);
  if (!table.ok()) return std::move(table).error();
  if (Status s = CheckKey((*table)->spec, request.key); !s.ok()) return std::move(s).error();
  EncodedKey key = EncodeTableKey((*table)->spec, request.key);
  std::optional<Item> item;
  Status status = impl_->Read(false, [&](Connection& connection) -> Status {
    Result<std::optional<Item>> loaded = impl_->LoadItem(connection, **table, key);
    if (!loaded.ok()) return std::move(loaded).error();
    item = std::move(loaded).value();
    return {};
  });
  if (!status.ok()) return std::move(status).error();
  return item;
}

Status SqliteStore::Put(const PutRequest& request) {
  auto table = impl_->FindTable(request.table);
  if (!table.ok()) return std::move(table).error();
  const TableInfo& info = **table;
  if (Status s = CheckItem(info.spec, request.item); !s.ok()) return s;
  if (Status s = ValidateCondition(request.condition, "condition"); !s.ok()) return s;
  Item item = request.item;
  NormalizeNumbers(item);
  EncodedKey key = EncodeTableKey(info.spec, item);
  return impl_->Write([&](Connection& connection) -> Status {
    Result<std::optional<Item>> old = impl_->LoadItem(connection, info, key);
    if (!old.ok()) return std::move(old).error();
    if (!EvaluateCondition(request.condition, old->value_or(Item()))) return ConditionFailed();
    return impl_->StoreItem(connection, info, key, *old, item);
  });
}

Result<Item> SqliteStore::Update(const UpdateRequest& request) {
  auto table = impl_->FindTable(request.table);
  if (!table.ok()) return std::move(table).error();
  const TableInfo& info = **table;
  if (Status s = CheckKey(info.spec, request.key); !s.ok()) return std::move(s).error();
  if (Status s = CheckUpdate(info.spec, request.update); !s.ok()) return std::move(s).error();
  if (Status s = CheckIndexKeyUpdates(info.spec, request.update); !s.ok()) {
    return std::move(s).error();
  }
  if (Status s = ValidateUpdate(request.update); !s.ok()) return std::move(s).error();
  if (Status s = ValidateCondition(request.condition, "condition"); !s.ok()) {
    return std::move(s).error();
  }
  EncodedKey key = EncodeTableKey(info.spec, request.key);
  Item result;
  Status status = impl_->Write([&](Connection& connection) -> Status {
    Result<std::optional<Item>> old = impl_->LoadItem(connection, info, key);
    if (!old.ok()) return std::move(old).error();
    Result<std::optional<Item>> updated =
        EvaluateUpdate(info.spec, request.update, request.condition, *old, request.key);
    if (!updated.ok()) return std::move(updated).error();
    if (!updated->has_value()) return ConditionFailed();
    if (Status s = impl_->StoreItem(connection, info, key, *old, **updated); !s.ok()) return s;
    result = std::move(**updated);
    return {};
  });
  if (!status.ok()) return std::move(status).error();
  return result;
}

Result<std::optional<Item>> SqliteStore::Delete(const DeleteRequest& request) {
  auto table = impl_->FindTable(request.table);
  if (!table.ok()) return std::move(table).error();
  const TableInfo& info = **table;
  if (Status s = CheckKey(info.spec, request.key); !s.ok()) return std::move(s).error();
  if (Status s = ValidateCondition(request.condition, "condition"); !s.ok()) {
    return std::move(s).error();
  }
  EncodedKey key = EncodeTableKey(info.spec, request.key);
  std::optional<Item> deleted;
  Status status = impl_->Write([&](Connection& connection) -> Status {
    Result<std::optional<Item>> old = impl_->LoadItem(connection, info, key);
    if (!old.ok()) return std::move(old).error();
    if (!EvaluateCondition(request.condition, old->value_or(Item()))) return ConditionFailed();
    if (!old->has_value()) return {};
    if (Status s = impl_->RemoveItem(connection, info, key, **old); !s.ok()) return s;
    deleted = std::move(*old);
    return {};
  });
  if (!status.ok()) return std::move(status).error();
  return deleted;
}

}  // namespace homeboard::store::sqlite
