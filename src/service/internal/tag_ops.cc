// Tagged-item writes: one transaction for an item, its associations and its owner's counts.
#include "service/internal/tag_ops.h"

#include <fmt/format.h>

#include <algorithm>
#include <iterator>
#include <set>

#include "model/attributes.h"
#include "model/tables.h"
#include "model/timestamp.h"
#include "service/internal/loaders.h"

namespace homeboard::service::internal {
namespace {

using ddb::AttributeValue;
using ddb::Condition;
using ddb::Item;
using ddb::Path;
using StoreCode = store::Error::Code;
using Kind = store::TransactAction::Kind;

// How often one item is retried alone after its transaction failed.
constexpr int kItemAttempts = 3;

std::vector<std::string> Minus(const std::vector<std::string>& a,
                               const std::vector<std::string>& b) {
  std::vector<std::string> out;
  std::set_difference(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
  return out;
}

Condition Present() { return Condition::AttributeExists(Path(model::attr::kItemRef)); }
Condition Absent() { return Condition::AttributeNotExists(Path(model::attr::kItemRef)); }
Condition VersionIs(std::int64_t version) {
  return Condition::Equal(Path(model::attr::kVersion), AttributeValue::N(version));
}

}  // namespace

Item TaggedItemWith(const TaggedRecord& record, const std::vector<std::string>& tags,
                    std::int64_t version, const std::string& updated_at) {
  Item item = record.item;
  if (tags.empty()) {
    item.erase(std::string(model::attr::kTags));
  } else {
    item[std::string(model::attr::kTags)] = AttributeValue::SS(tags);
  }
  item[std::string(model::attr::kVersion)] = AttributeValue::N(version);
  item[std::string(model::attr::kUpdatedAt)] = AttributeValue::S(updated_at);
  return item;
}

namespace {

bool Retryable(const store::Error& error) {
  return error.Is(StoreCode::kUnavailable) || error.Is(StoreCode::kOutcomeUnknown) ||
         error.Is(StoreCode::kConflict);
}

}  // namespace

TaggedRecord RecordOf(const model::Bookmark& bookmark) {
  return TaggedRecord{model::TaggedType::kBookmark,
                      bookmark.widget_id,
                      bookmark.bookmark_id,
                      bookmark.user_id,
                      bookmark.tags,
                      bookmark.version,
                      bookmark.ToItem()};
}

TaggedRecord RecordOf(const model::Note& note) {
  return TaggedRecord{model::TaggedType::kNote,
                      note.widget_id,
                      note.note_id,
                      note.user_id,
                      note.tags,
                      note.version,
                      note.ToItem()};
}

TaggedRecord RecordOf(const model::Widget& widget) {
  return TaggedRecord{model::TaggedType::kWidget,
                      widget.page_id,
                      widget.widget_id,
                      widget.user_id,
                      widget.tags,
                      widget.version,
                      widget.ToItem()};
}

std::string TaggedTable(const ServiceContext& context, model::TaggedType type) {
  switch (type) {
    case model::TaggedType::kBookmark:
      return context.Table(model::kBookmarksTable);
    case model::TaggedType::kNote:
      return context.Table(model::kNotesTable);
    case model::TaggedType::kWidget:
      return context.Table(model::kWidgetsTable);
  }
  return {};
}

Item TaggedKey(model::TaggedType type, std::string_view container_id, std::string_view item_id) {
  switch (type) {
    case model::TaggedType::kBookmark:
      return model::Bookmark::KeyOf(container_id, item_id);
    case model::TaggedType::kNote:
      return model::Note::KeyOf(container_id, item_id);
    case model::TaggedType::kWidget:
      return model::Widget::KeyOf(container_id, item_id);
  }
  return {};
}

ObjectRef TaggedObject(const TaggedRecord& record) {
  return ObjectRef{model::TaggedTypeName(record.type), "item_id", record.item_id};
}

Result<TaggedRecord> DecodeRecord(const ServiceContext& context, model::TaggedType type,
                                  const Item& item) {
  std::string table = TaggedTable(context, type);
  // The stored item itself (not the entity's ToItem) is kept: writes diff against it.
  auto with_stored = [&](TaggedRecord record) {
    record.item = item;
    return record;
  };
  switch (type) {
    case model::TaggedType::kBookmark: {
      Result<model::Bookmark> entity = Decode<model::Bookmark>(table, item);
      if (!entity.ok()) return std::move(entity).error();
      return with_stored(TaggedRecord{type,
                                      entity->widget_id,
                                      entity->bookmark_id,
                                      entity->user_id,
                                      entity->tags,
                                      entity->version,
                                      {}});
    }
    case model::TaggedType::kNote: {
      Result<model::Note> entity = Decode<model::Note>(table, item);
      if (!entity.ok()) return std::move(entity).error();
      return with_stored(TaggedRecord{type,
                                      entity->widget_id,
                                      entity->note_id,
                                      entity->user_id,
                                      entity->tags,
                                      entity->version,
                                      {}});
    }
    case model::TaggedType::kWidget: {
      Result<model::Widget> entity = Decode<model::Widget>(table, item);
      if (!entity.ok()) return std::move(entity).error();
      return with_stored(TaggedRecord{type,
                                      entity->page_id,
                                      entity->widget_id,
                                      entity->user_id,
                                      entity->tags,
                                      entity->version,
                                      {}});
    }
  }
  return Internal("unknown tagged type");
}

Result<std::optional<TaggedRecord>> ReadRecord(const ServiceContext& context,
                                               model::TaggedType type,
                                               std::string_view container_id,
                                               std::string_view item_id) {
  Result<std::optional<Item>> item =
      GetItem(context, TaggedTable(context, type), TaggedKey(type, container_id, item_id));
  if (!item.ok()) return std::move(item).error();
  if (!item->has_value()) return std::optional<TaggedRecord>();
  Result<TaggedRecord> record = DecodeRecord(context, type, **item);
  if (!record.ok()) return std::move(record).error();
  return std::optional<TaggedRecord>(std::move(record).value());
}

Result<std::vector<std::string>> QueryAssociationTags(const ServiceContext& context,
                                                      model::TaggedType type,
                                                      std::string_view item_id) {
  store::QueryRequest request;
  request.table = context.Table(model::kTagAssociationsTable);
  request.key_condition = ddb::KeyCondition::Partition(
      std::string(model::attr::kItemRef), AttributeValue::S(model::ItemRef(type, item_id)));
  request.consistent_read = true;
  Result<std::vector<Item>> items = QueryAll(context, std::move(request));
  if (!items.ok()) return std::move(items).error();
  std::vector<std::string> tags;
  for (const Item& item : *items) {
    auto it = item.find(model::attr::kTag);
    if (it != item.end() && it->second.IsS()) tags.push_back(it->second.AsS());
  }
  std::sort(tags.begin(), tags.end());
  return tags;
}

// --- TagTransaction ------------------------------------------------------------------------

std::size_t TagTransaction::SizeWith(std::string_view user_id, const std::vector<std::string>& puts,
                                     const std::vector<std::string>& deletes,
                                     bool item_action) const {
  std::size_t n = size() + puts.size() + deletes.size() + (item_action ? 1 : 0);
  std::set<std::string> fresh;
  for (const auto* list : {&puts, &deletes}) {
    for (const std::string& tag : *list) {
      if (!deltas_.contains({std::string(user_id), tag})) fresh.insert(tag);
    }
  }
  return n + fresh.size();
}

void TagTransaction::AddAction(store::TransactAction action, std::size_t owner) {
  actions_.push_back(std::move(action));
  owners_.push_back(owner);
}

void TagTransaction::PutAssociation(const model::TagAssociation& association, std::size_t owner) {
  AddAction(store::TransactAction{.kind = Kind::kPut,
                                  .table = context_->Table(model::kTagAssociationsTable),
                                  .item = association.ToItem(),
                                  .update = {},
                                  .condition = Absent()},
            owner);
  deltas_[{association.user_id, association.tag}] += 1;
}

void TagTransaction::DeleteAssociation(model::TaggedType type, std::string_view item_id,
                                       std::string_view tag, std::string_view user_id,
                                       std::size_t owner) {
  AddAction(store::TransactAction{.kind = Kind::kDelete,
                                  .table = context_->Table(model::kTagAssociationsTable),
                                  .item = model::TagAssociation::KeyOf(type, item_id, tag),
                                  .update = {},
                                  .condition = Present()},
            owner);
  deltas_[{std::string(user_id), std::string(tag)}] -= 1;
}

void TagTransaction::RepointAssociation(model::TaggedType type, std::string_view item_id,
                                        std::string_view tag, std::string_view container_id,
                                        std::size_t owner) {
  AddAction(store::TransactAction{.kind = Kind::kUpdate,
                                  .table = context_->Table(model::kTagAssociationsTable),
                                  .item = model::TagAssociation::KeyOf(type, item_id, tag),
                                  .update = ddb::Update().Set(
                                      Path(model::attr::kContainerId),
                                      AttributeValue::S(std::string(container_id))),
                                  .condition = Present()},
            owner);
}

std::vector<store::TransactAction> TagTransaction::Build() const {
  std::vector<store::TransactAction> actions = actions_;
  std::string table = context_->Table(model::kTagAssociationsTable);
  for (const auto& [key, delta] : deltas_) {
    if (delta == 0) continue;
    actions.push_back(store::TransactAction{
        .kind = Kind::kUpdate,
        .table = table,
        .item = model::TagCount::KeyOf(key.first, key.second),
        .update = ddb::Update()
                      .Add(Path(model::attr::kCount), AttributeValue::N(delta))
                      .Set(Path(model::attr::kUserId), AttributeValue::S(key.first)),
        .condition = {}});
  }
  return actions;
}

std::optional<std::size_t> TagTransaction::OwnerOf(std::size_t index) const {
  if (index < owners_.size()) return owners_[index];
  return std::nullopt;
}

std::vector<std::pair<std::string, std::string>> TagTransaction::Lowered() const {
  std::vector<std::pair<std::string, std::string>> lowered;
  for (const auto& [key, delta] : deltas_) {
    if (delta < 0) lowered.push_back(key);
  }
  return lowered;
}

void DeleteZeroCounts(const ServiceContext& context,
                      const std::vector<std::pair<std::string, std::string>>& counts) {
  std::string table = context.Table(model::kTagAssociationsTable);
  for (const auto& [user_id, tag] : counts) {
    store::DeleteRequest request{
        .table = table,
        .key = model::TagCount::KeyOf(user_id, tag),
        .condition = Condition::Equal(Path(model::attr::kCount), AttributeValue::N(0))};
    // Ignored on purpose: a raised count must stay, and a zero count left behind is harmless.
    (void)context.store->Delete(request);
  }
}

// --- Single items ------------------------------------------------------------------------

Result<std::int64_t> WriteTags(const ServiceContext& context, const TaggedRecord& record,
                               std::int64_t expected_version,
                               const std::vector<std::string>& tags) {
  Result<std::vector<std::string>> stored =
      QueryAssociationTags(context, record.type, record.item_id);
  if (!stored.ok()) return std::move(stored).error();
  if (tags == record.tags && *stored == record.tags) return record.version;
  std::string now = NowTimestamp(context);
  TagTransaction transaction(context);
  for (const std::string& tag : Minus(*stored, tags)) {
    transaction.DeleteAssociation(record.type, record.item_id, tag, record.user_id, 0);
  }
  for (const std::string& tag : Minus(tags, *stored)) {
    transaction.PutAssociation(model::TagAssociation{.item_type = record.type,
                                                     .item_id = record.item_id,
                                                     .tag = tag,
                                                     .user_id = record.user_id,
                                                     .container_id = record.container_id,
                                                     .created_at = now},
                               0);
  }
  Item after = TaggedItemWith(record, tags, expected_version + 1, now);
  Error tags_changed{Error::Code::kConflict, "tags", std::string(rule::kStaleVersion),
                     fmt::format("tags: the tags of {} {} changed concurrently; re-read and retry",
                                 model::TaggedTypeName(record.type), record.item_id)};
  Result<Item> written = ReplaceVersionedWith(
      context, TaggedTable(context, record.type),
      TaggedKey(record.type, record.container_id, record.item_id), record.item, after,
      expected_version, TaggedObject(record), transaction.Build(), tags_changed);
  if (!written.ok()) return std::move(written).error();
  DeleteZeroCounts(context, transaction.Lowered());
  return expected_version + 1;
}

namespace {

// Appends the delete of `record` (conditional on its version; none when `item_gone`) and of
// the associations `tags` to `transaction`.
void AppendDelete(const ServiceContext& context, const TaggedRecord& record,
                  const std::vector<std::string>& tags, bool item_gone, std::size_t owner,
                  TagTransaction& transaction) {
  if (!item_gone) {
    transaction.AddAction(
        store::TransactAction{.kind = Kind::kDelete,
                              .table = TaggedTable(context, record.type),
                              .item = TaggedKey(record.type, record.container_id, record.item_id),
                              .update = {},
                              .condition = VersionIs(record.version)},
        owner);
  }
  for (const std::string& tag : tags) {
    transaction.DeleteAssociation(record.type, record.item_id, tag, record.user_id, owner);
  }
}

// Deletes one item (whatever its version now) and its associations as stored; retried a
// few times against concurrent writers.
Status DeleteOneTagged(const ServiceContext& context, const TaggedRecord& original) {
  store::Error last{StoreCode::kInternal, "no attempt", {}};
  for (int attempt = 0; attempt < kItemAttempts; ++attempt) {
    Result<std::optional<TaggedRecord>> current =
        ReadRecord(context, original.type, original.container_id, original.item_id);
    if (!current.ok()) return std::move(current).error();
    Result<std::vector<std::string>> tags =
        QueryAssociationTags(context, original.type, original.item_id);
    if (!tags.ok()) return std::move(tags).error();
    bool gone = !current->has_value();
    if (gone && tags->empty()) return {};
    TaggedRecord record = gone ? original : **current;
    TagTransaction transaction(context);
    AppendDelete(context, record, *tags, gone, 0, transaction);
    store::Status status = context.store->Transact(transaction.Build());
    if (status.ok()) {
      DeleteZeroCounts(context, transaction.Lowered());
      return {};
    }
    last = status.error();
    // A condition failure (a concurrent change), a conflict or an unknown outcome: read
    // again and redo what is left. Anything else is final.
    if (!Retryable(last) && !last.Is(StoreCode::kConditionFailed)) return FromStore(last);
  }
  return FromStore(last);
}

}  // namespace

Status DeleteTaggedItems(const ServiceContext& context, const std::vector<TaggedRecord>& records) {
  std::size_t next = 0;
  while (next < records.size()) {
    TagTransaction transaction(context);
    std::size_t begin = next;
    while (next < records.size() &&
           transaction.SizeWith(records[next].user_id, {}, records[next].tags, true) <=
               store::kMaxTransactActions) {
      AppendDelete(context, records[next], records[next].tags, false, next, transaction);
      ++next;
    }
    if (next == begin) return Internal("a tagged item needs more than one transaction");
    store::Status status = context.store->Transact(transaction.Build());
    if (status.ok()) {
      DeleteZeroCounts(context, transaction.Lowered());
      continue;
    }
    if (!Retryable(status.error()) && !status.error().Is(StoreCode::kConditionFailed)) {
      return FromStore(status.error());
    }
    // Something in the chunk changed (or the outcome is unknown): each item on its own.
    for (std::size_t i = begin; i < next; ++i) {
      if (Status s = DeleteOneTagged(context, records[i]); !s.ok()) return s;
    }
    // The chunk may have been applied after all (an unknown outcome).
    DeleteZeroCounts(context, transaction.Lowered());
  }
  return {};
}

Status DeleteTaggedVersioned(const ServiceContext& context, const TaggedRecord& record,
                             std::int64_t expected_version, const ObjectRef& object) {
  for (int attempt = 0; attempt < 2; ++attempt) {
    Result<std::vector<std::string>> tags =
        QueryAssociationTags(context, record.type, record.item_id);
    if (!tags.ok()) return std::move(tags).error();
    if (tags->empty() && record.tags.empty()) {
      // Nothing to remove with it. A tagging racing with this changes the version, which
      // fails the delete's condition.
      return DeleteVersioned(context, TaggedTable(context, record.type),
                             TaggedKey(record.type, record.container_id, record.item_id),
                             expected_version, object);
    }
    TaggedRecord at_version = record;
    at_version.version = expected_version;
    TagTransaction transaction(context);
    AppendDelete(context, at_version, *tags, false, 0, transaction);
    store::Status status = context.store->Transact(transaction.Build());
    if (status.ok()) {
      DeleteZeroCounts(context, transaction.Lowered());
      return {};
    }
    const store::Error& error = status.error();
    if (!Retryable(error) && !error.Is(StoreCode::kConditionFailed)) return FromStore(error);
    Result<std::optional<TaggedRecord>> current =
        ReadRecord(context, record.type, record.container_id, record.item_id);
    if (!current.ok()) return std::move(current).error();
    if (!current->has_value()) {
      // Gone: our delete (an unknown outcome that was applied) or someone else's.
      if (error.Is(StoreCode::kConditionFailed) && attempt == 0) return NotFoundError(object);
      DeleteZeroCounts(context, transaction.Lowered());
      return {};
    }
    if ((*current)->version != expected_version) {
      return StaleVersion(object.what, expected_version, (*current)->version);
    }
    // Still at our version: the associations changed meanwhile, or nothing was applied.
  }
  return Unavailable(
      fmt::format("deleting the {} {} was not confirmed; retry", object.what, object.id));
}

Status MoveTaggedVersioned(const ServiceContext& context, const TaggedRecord& record,
                           std::int64_t expected_version, const TaggedRecord& new_record,
                           const std::vector<ConditionCheck>& checks, const ObjectRef& object) {
  std::string table = TaggedTable(context, record.type);
  Item old_key = TaggedKey(record.type, record.container_id, record.item_id);
  Item new_key = TaggedKey(new_record.type, new_record.container_id, new_record.item_id);
  Result<std::vector<std::string>> tags =
      QueryAssociationTags(context, record.type, record.item_id);
  if (!tags.ok()) return std::move(tags).error();
  if (tags->empty()) {
    return MoveVersioned(context, table, old_key, expected_version, new_key, new_record.item,
                         checks, object);
  }
  TagTransaction transaction(context);
  transaction.AddAction(store::TransactAction{.kind = Kind::kDelete,
                                              .table = table,
                                              .item = old_key,
                                              .update = {},
                                              .condition = VersionIs(expected_version)},
                        0);
  transaction.AddAction(store::TransactAction{.kind = Kind::kPut,
                                              .table = table,
                                              .item = new_record.item,
                                              .update = {},
                                              .condition = Condition::AttributeNotExists(
                                                  Path(new_key.begin()->first))},
                        1);
  for (std::size_t i = 0; i < checks.size(); ++i) transaction.AddAction(ToAction(checks[i]), 2 + i);
  std::size_t first_tag_action = 2 + checks.size();
  for (const std::string& tag : *tags) {
    transaction.RepointAssociation(record.type, record.item_id, tag, new_record.container_id,
                                   first_tag_action);
  }
  std::vector<store::TransactAction> actions = transaction.Build();
  for (int attempt = 0; attempt < 2; ++attempt) {
    store::Status status = context.store->Transact(actions);
    if (status.ok()) return {};
    const store::Error& error = status.error();
    if (error.Is(StoreCode::kConflict) && attempt == 0) continue;
    if (error.Is(StoreCode::kConditionFailed)) {
      std::optional<std::size_t> owner =
          error.failed_action ? transaction.OwnerOf(*error.failed_action) : std::nullopt;
      if (owner && *owner >= 2 && *owner < first_tag_action) return checks[*owner - 2].error;
      if (owner && *owner == first_tag_action) {
        return Error{Error::Code::kConflict, "tags", std::string(rule::kStaleVersion),
                     fmt::format("tags: the tags of {} {} changed during the move; retry",
                                 object.what, object.id)};
      }
    } else if (!error.Is(StoreCode::kOutcomeUnknown)) {
      return FromStore(error);
    }
    // A failed version / key condition, or an unknown outcome: read back.
    Result<std::optional<Item>> moved = GetItem(context, table, new_key);
    if (!moved.ok()) return std::move(moved).error();
    if (moved->has_value() && **moved == new_record.item) return {};  // applied
    Result<std::optional<TaggedRecord>> old =
        ReadRecord(context, record.type, record.container_id, record.item_id);
    if (!old.ok()) return std::move(old).error();
    if (!old->has_value()) return NotFoundError(object);
    if ((*old)->version != expected_version) {
      return StaleVersion(object.what, expected_version, (*old)->version);
    }
    if (moved->has_value()) {
      return Error{Error::Code::kConflict, "item_id", std::string(model::rule::kDuplicate),
                   fmt::format("{} {} already exists at the target", object.what, object.id)};
    }
    if (error.Is(StoreCode::kConditionFailed)) break;
    // Not applied: send once more (conditional on the version, so it cannot apply twice).
  }
  return Unavailable(
      fmt::format("moving the {} {} was not confirmed; re-read and retry", object.what, object.id));
}

}  // namespace homeboard::service::internal
