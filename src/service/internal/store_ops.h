// The store calls every domain service makes, with the service's error rules applied once:
// reads that map store errors, queries drained page by page, entity decoding that reports a
// bad stored item as kInternal, and writes that resolve their ambiguous outcomes.
//
// Writes and ambiguity. Every write of an existing object is conditional on the version the
// caller read (`version = :expected`) and sets version to expected + 1. When the store says
// kConditionFailed, the item is read back to say why: gone (kNotFound) or changed
// (kConflict, "stale_version"). When the store says kOutcomeUnknown (the write may or may
// not have been applied: a lost answer), the item is read back as well:
//   - it holds exactly what the write produces  -> the write was applied: success;
//   - it is unchanged (still at the expected version) -> not applied: the write is sent once
//     more (safe: it is conditional on that version, so it cannot apply twice), and a second
//     unknown outcome that still reads back unchanged is kUnavailable;
//   - it was changed by someone else to expected + 1 -> that writer won and ours was refused
//     (both were conditional on the same version): kConflict;
//   - it moved past expected + 1, so ours may or may not have been one of the changes ->
//     kUnavailable, "outcome unknown" (the caller re-reads and decides);
//   - it is gone -> kNotFound (what a retry would report), except for deletes, for which
//     gone means done.
// Creates (conditional on the key being free) and moves (a transaction deleting the old item
// and putting the new one) are resolved the same way by reading the new and old items.
//
// Thread safety: stateless functions over a thread-safe store.
#ifndef HOMEBOARD_SERVICE_INTERNAL_STORE_OPS_H_
#define HOMEBOARD_SERVICE_INTERNAL_STORE_OPS_H_

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ddb/attribute_value.h"
#include "model/error.h"
#include "service/context.h"
#include "service/error.h"
#include "store/item_store.h"

namespace homeboard::service::internal {

// Names one object in error messages: NotFound("widget_id", "widget", <id>).
struct ObjectRef {
  std::string_view what;      // "page", "widget", ...
  std::string_view id_field;  // "page_id", "widget_id", ...
  std::string_view id;
};

Error NotFoundError(const ObjectRef& object);

// --- Reads ------------------------------------------------------------------------------

// The item (consistent read), or nullopt. Store errors via FromStore.
Result<std::optional<ddb::Item>> GetItem(const ServiceContext& context, const std::string& table,
                                         ddb::Item key);

// Every item of the query, following cursors through pages of 1000 (request.limit and
// request.cursor are overwritten). Store errors via FromStore.
Result<std::vector<ddb::Item>> QueryAll(const ServiceContext& context, store::QueryRequest request);

// The entity in `item`; an item FromItem refuses is kInternal ("corrupt").
template <typename Entity>
Result<Entity> Decode(std::string_view table, const ddb::Item& item) {
  model::Result<Entity> entity = Entity::FromItem(item);
  if (!entity.ok()) return FromCorruptItem(table, entity.error());
  return std::move(entity).value();
}

template <typename Entity>
Result<std::vector<Entity>> DecodeAll(std::string_view table, const std::vector<ddb::Item>& items) {
  std::vector<Entity> entities;
  entities.reserve(items.size());
  for (const ddb::Item& item : items) {
    Result<Entity> entity = Decode<Entity>(table, item);
    if (!entity.ok()) return std::move(entity).error();
    entities.push_back(std::move(entity).value());
  }
  return entities;
}

// The same, consuming `items`: each item is freed as soon as it is decoded, so the next
// entity's strings reuse its memory while it is still in cache (and the allocator keeps
// small blocks ready instead of consolidating a whole page of them later).
template <typename Entity>
Result<std::vector<Entity>> DecodeAll(std::string_view table, std::vector<ddb::Item>&& items) {
  std::vector<Entity> entities;
  entities.reserve(items.size());
  for (ddb::Item& item : items) {
    Result<Entity> entity = Decode<Entity>(table, item);
    if (!entity.ok()) return std::move(entity).error();
    entities.push_back(std::move(entity).value());
    ddb::Item().swap(item);
  }
  items.clear();
  return entities;
}

// kInvalidArgument with the model error's field and rule if `status` failed.
inline Status CheckValid(const model::Status& status) {
  if (!status.ok()) return FromValidation(status.error());
  return {};
}

// --- Single-item writes -----------------------------------------------------------------

// The UpdateItem changes that turn `before` into `after`: SET every non-key attribute that is
// new or different, REMOVE every one `after` lacks. Attributes named in `key` are skipped.
ddb::Update DiffUpdate(const ddb::Item& before, const ddb::Item& after, const ddb::Item& key);

// Replaces the stored item `before` (read at `expected_version`) by `after`, which must
// carry version expected_version + 1, with one UpdateItem of DiffUpdate(before, after)
// conditional on `version = expected_version` (or, when expected_version is 0, on the item
// not existing: a first write). Returns `after` as stored. Errors: kNotFound (gone),
// kConflict (stale version), kUnavailable (unresolved outcome or store down).
Result<ddb::Item> ReplaceVersioned(const ServiceContext& context, const std::string& table,
                                   const ddb::Item& key, const ddb::Item& before,
                                   const ddb::Item& after, std::int64_t expected_version,
                                   const ObjectRef& object);

// As ReplaceVersioned, in one transaction with `extra` actions (e.g. derived attributes of
// other items). A false condition of an extra action is `extra_failed`.
Result<ddb::Item> ReplaceVersionedWith(const ServiceContext& context, const std::string& table,
                                       const ddb::Item& key, const ddb::Item& before,
                                       const ddb::Item& after, std::int64_t expected_version,
                                       const ObjectRef& object,
                                       std::vector<store::TransactAction> extra,
                                       const Error& extra_failed);

// Puts `item` (whose key is `key`) if no item has that key. An existing item equal to `item`
// counts as success (a retried create); a different one is kConflict (rule "duplicate").
Status CreateItem(const ServiceContext& context, const std::string& table, const ddb::Item& key,
                  const ddb::Item& item, const ObjectRef& object);

// Deletes the item if it is at `expected_version`. kNotFound if it is gone, kConflict if it
// changed; an unknown outcome that reads back as gone is success.
Status DeleteVersioned(const ServiceContext& context, const std::string& table,
                       const ddb::Item& key, std::int64_t expected_version,
                       const ObjectRef& object);

// Deletes the item if present, whatever it holds (idempotent; cascades). Retries once after
// kUnavailable / kOutcomeUnknown / kConflict.
Status DeleteIfPresent(const ServiceContext& context, const std::string& table,
                       const ddb::Item& key);

// A condition another item must meet for a move to happen (e.g. the target page exists and
// is not being deleted), checked in the same transaction.
struct ConditionCheck {
  std::string table;
  ddb::Item key;
  ddb::Condition condition;
  Error error;  // reported when the condition is false
};

// The check as a transaction action.
store::TransactAction ToAction(const ConditionCheck& check);

// Moves an object to another partition in one transaction: deletes `old_key` if it is at
// `expected_version`, puts `new_item` (version expected_version + 1) if its key
// `new_key` is free, and checks `checks`. Resolved as described at the top of this file.
Status MoveVersioned(const ServiceContext& context, const std::string& table,
                     const ddb::Item& old_key, std::int64_t expected_version,
                     const ddb::Item& new_key, const ddb::Item& new_item,
                     const std::vector<ConditionCheck>& checks, const ObjectRef& object);

// Writes `item` with `checks` in one transaction: a create under a container that must
// still be there (see ConditionCheck). The key must be free; resolution as CreateItem.
Status CreateItemChecked(const ServiceContext& context, const std::string& table,
                         const ddb::Item& key, const ddb::Item& item,
                         const std::vector<ConditionCheck>& checks, const ObjectRef& object);

// --- Many items ---------------------------------------------------------------------------

// Whole-item puts and deletes (idempotent), in calls of at most `chunk` writes; a failed
// chunk is retried once (kUnavailable / kOutcomeUnknown / kConflict) before giving up, so a
// re-run after a failure finishes the job.
Status BatchWriteAll(const ServiceContext& context, const std::vector<store::BatchWrite>& writes,
                     std::size_t chunk = 25);

// One sibling whose order key a rebalance rewrites.
struct Rekey {
  ddb::Item key;
  std::int64_t version = 0;  // as read; the write is conditional on it
  std::string order_key;     // the new key
};

// Rewrites the siblings' order keys (and bumps their versions, sets updated_at) in
// transactions of at most store::kMaxTransactActions, each conditional on the version read.
// A sibling changed meanwhile is kConflict (the caller's move is then retried by its client).
Status ApplyRekeys(const ServiceContext& context, const std::string& table,
                   const std::vector<Rekey>& rekeys, std::string_view updated_at);

// --- Ordering -----------------------------------------------------------------------------

// One member of a hand-ordered list.
struct Sibling {
  std::string id;
  std::string order_key;
  std::int64_t version = 0;
  ddb::Item key;
};

// Where a moved or new object goes: its order key, and the siblings to rekey first (empty
// unless the gap was exhausted: KeyBetween reported max_length, or two siblings share a key).
struct OrderPlan {
  std::string order_key;
  std::vector<Rekey> rekeys;
};

// Plans placing one object among `siblings` (which must not include it) as `placement`
// asks. Anchors name siblings by id; unknown anchors are kNotFound naming "before_id" or
// "after_id". Normally one KeyBetween; when that fails, the smallest window of siblings
// around the gap (doubling) whose keys, spread over the window's outer neighbours with
// KeysBetween, stay within half of model::kMaxOrderKeyLength is planned for rekeying.
Result<OrderPlan> PlanPlacement(std::vector<Sibling> siblings, const Placement& placement);

// `count` keys after the last of `siblings` (for batch appends). Deterministic.
Result<std::vector<std::string>> PlanAppend(const std::vector<Sibling>& siblings,
                                            std::size_t count);

// Sorts by (order_key, id): ties (two keys made concurrently) break the same way everywhere.
template <typename Entity, typename IdOf>
void SortByOrderKey(std::vector<Entity>& entities, IdOf id_of) {
  std::sort(entities.begin(), entities.end(), [&](const Entity& a, const Entity& b) {
    if (a.order_key != b.order_key) return a.order_key < b.order_key;
    return id_of(a) < id_of(b);
  });
}

// --- Cursors over in-memory ordered lists --------------------------------------------------

// "<order_key>.<id>": the position after which the next page starts.
std::string EncodePositionCursor(std::string_view order_key, std::string_view id);
// The position, or kInvalidArgument (field "cursor", rule "pattern").
Result<std::pair<std::string, std::string>> DecodePositionCursor(std::string_view cursor);

// A query limit from a caller: 1..1000, else kInvalidArgument naming "limit".
Status CheckLimit(int limit);

// --- Parallel waves -----------------------------------------------------------------------

// Runs task(0) .. task(count - 1) on at most `max_in_flight` threads and waits for all. The
// calling thread is one of them: with max_in_flight <= 1 (or count <= 1) every task runs on
// it, in index order, and no thread is started.
void RunBounded(std::size_t count, std::size_t max_in_flight,
                const std::function<void(std::size_t)>& task);

}  // namespace homeboard::service::internal

#endif  // HOMEBOARD_SERVICE_INTERNAL_STORE_OPS_H_
