// SqliteStore: BatchWrite and Transact. Both check every write before touching the file,
// then apply all of them in one transaction: a batch or transaction is applied whole or
// not at all.
#include <fmt/format.h>

#include <set>
#include <utility>

#include "store/request_checks.h"
#include "store/sqlite/condition_eval.h"
#include "store/sqlite/item_format.h"
#include "store/sqlite/sqlite_store.h"
#include "store/sqlite/store_impl.h"
#include "store/sqlite/update_eval.h"

namespace homeboard::store::sqlite {
namespace {

// A write checked and ready to apply.
struct PreparedWrite {
  std::shared_ptr<const TableInfo> table;
  EncodedKey key;
  Item item;  // the normalized item (puts) or the key
};

using ItemId = std::pair<std::string, EncodedKey>;  // table name, key

}  // namespace

Status SqliteStore::BatchWrite(const std::vector<store::BatchWrite>& writes) {
  std::vector<PreparedWrite> prepared;
  std::vector<bool> is_put;
  std::set<ItemId> seen;
  for (const store::BatchWrite& write : writes) {
    auto table = impl_->FindTable(write.table);
    if (!table.ok()) return std::move(table).error();
    const TableSpec& spec = (*table)->spec;
    bool put = write.kind == store::BatchWrite::Kind::kPut;
    if (Status s = put ? CheckItem(spec, write.item) : CheckKey(spec, write.item); !s.ok()) {
      return s;
    }
    PreparedWrite& ready = prepared.emplace_back();
    ready.table = *table;
    ready.item = write.item;
    NormalizeNumbers(ready.item);
    ready.key = EncodeTableKey(spec, ready.item);
    is_put.push_back(put);
    if (!seen.emplace(write.table, ready.key).second) {
      return InvalidArgument(fmt::format(
          "batch write: two writes to one item of {} (DynamoDB: provided list of item keys "
          "contains duplicates)",
          write.table));
    }
  }
  if (prepared.empty()) return {};
  return impl_->Write([&](Connection& connection) -> Status {
    for (std::size_t i = 0; i < prepared.size(); ++i) {
      const PreparedWrite& write = prepared[i];
      Result<std::optional<Item>> old = impl_->LoadItem(connection, *write.table, write.key);
      if (!old.ok()) return std::move(old).error();
      Status status =
          is_put[i] ? impl_->StoreItem(connection, *write.table, write.key, *old, write.item)
          : old->has_value() ? impl_->RemoveItem(connection, *write.table, write.key, **old)
                             : Status();
      if (!status.ok()) return status;
    }
    return {};
  });
}

Status SqliteStore::Transact(const std::vector<TransactAction>& actions) {
  using Kind = TransactAction::Kind;
  if (actions.size() > kMaxTransactActions) {
    return InvalidArgument(fmt::format("Transact: {} actions, at most {} are allowed",
                                       actions.size(), kMaxTransactActions));
  }
  if (Status s = CheckTransactionSize(actions); !s.ok()) return s;
  // As on the DynamoDB engine (which sends nothing): an empty transaction succeeds.
  if (actions.empty()) return {};
  std::vector<PreparedWrite> prepared;
  std::set<ItemId> seen;
  for (std::size_t i = 0; i < actions.size(); ++i) {
    const TransactAction& action = actions[i];
    auto table = impl_->FindTable(action.table);
    if (!table.ok()) return std::move(table).error();
    const TableSpec& spec = (*table)->spec;
    Status check =
        action.kind == Kind::kPut ? CheckItem(spec, action.item) : CheckKey(spec, action.item);
    if (check.ok() && action.kind == Kind::kUpdate) {
      check = CheckUpdate(spec, action.update);
      if (check.ok()) check = CheckIndexKeyUpdates(spec, action.update);
      if (check.ok()) check = ValidateUpdate(action.update);
    }
    if (check.ok() && action.kind == Kind::kConditionCheck && action.condition.empty()) {
      check = InvalidArgument("a condition check action needs a condition");
    }
    if (check.ok()) check = ValidateCondition(action.condition, "condition");
    if (!check.ok()) {
      Error error = std::move(check).error();
      error.message = fmt::format("transaction action {}: {}", i, error.message);
      return error;
    }
    PreparedWrite& ready = prepared.emplace_back();
    ready.table = *table;
    ready.item = action.item;
    NormalizeNumbers(ready.item);
    ready.key = EncodeTableKey(spec, ready.item);
    if (!seen.emplace(action.table, ready.key).second) {
      return InvalidArgument(fmt::format(
          "Transaction request cannot include multiple operations on one item (action {}, "
          "table {})",
          i, action.table));
    }
  }
  // Actions are evaluated in order, as DynamoDB Local does: a false condition is noted (the
  // first one is reported) and that action's update skipped, while any other error of a
  // later action ends the transaction with that error at once.
  return impl_->Write([&](Connection& connection) -> Status {
    std::vector<std::optional<Item>> olds(actions.size());
    std::vector<Item> updated(actions.size());
    std::optional<std::size_t> failed;
    for (std::size_t i = 0; i < actions.size(); ++i) {
      const TransactAction& action = actions[i];
      Result<std::optional<Item>> old =
          impl_->LoadItem(connection, *prepared[i].table, prepared[i].key);
      if (!old.ok()) return std::move(old).error();
      olds[i] = std::move(old).value();
      bool holds = true;
      if (action.kind == Kind::kUpdate) {
        Result<std::optional<Item>> result = EvaluateUpdate(
            prepared[i].table->spec, action.update, action.condition, olds[i], prepared[i].item);
        if (!result.ok()) return std::move(result).error();
        holds = result->has_value();
        if (holds) updated[i] = std::move(**result);
      } else {
        holds = EvaluateCondition(action.condition, olds[i].value_or(Item()));
      }
      if (!holds && !failed) failed = i;
    }
    if (failed) {
      Error error = ConditionFailed();
      error.message = fmt::format("Transaction cancelled: the condition of action {} on {} failed",
                                  *failed, actions[*failed].table);
      error.failed_action = failed;
      return error;
    }
    for (std::size_t i = 0; i < actions.size(); ++i) {
      const PreparedWrite& write = prepared[i];
      Status status;
      switch (actions[i].kind) {
        case Kind::kPut:
          status = impl_->StoreItem(connection, *write.table, write.key, olds[i], write.item);
          break;
        case Kind::kUpdate:
          status = impl_->StoreItem(connection, *write.table, write.key, olds[i], updated[i]);
          break;
        case Kind::kDelete:
          if (olds[i].has_value()) {
            status = impl_->RemoveItem(connection, *write.table, write.key, *olds[i]);
          }
          break;
        case Kind::kConditionCheck:
          break;
      }
      if (!status.ok()) return status;
    }
    return {};
  });
}

}  // namespace homeboard::store::sqlite
