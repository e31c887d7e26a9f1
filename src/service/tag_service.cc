// TagService: single-item tag changes, bulk assignment, tag lists with counts, items by tag,
// and tag renames / deletes across a user's items (see tag_service.h for the contract and
// internal/tag_ops.h for the transactions that keep items, associations and counts in step).
#include "service/tag_service.h"

#include <fmt/format.h>

#include <algorithm>
#include <iterator>
#include <map>
#include <set>
#include <utility>

#include "model/attributes.h"
#include "model/limits.h"
#include "model/tables.h"
#include "model/tag.h"
#include "service/internal/loaders.h"
#include "service/internal/shared_ops.h"
#include "service/internal/store_ops.h"
#include "service/internal/tag_ops.h"

namespace homeboard::service {
namespace {

using ddb::AttributeValue;
using ddb::Condition;
using ddb::Item;
using ddb::Path;
using internal::TaggedRecord;
using internal::TagTransaction;
using StoreCode = store::Error::Code;

// Items per rename / delete transaction: 3 actions each plus two counts stay under 100.
constexpr int kRetagChunk = 30;
// Passes over a tag's items before a rename / delete gives up on items that keep changing.
constexpr int kRetagPasses = 4;

// The error of entry `prefix` ("assignments[3]") of a batch.
Error Prefixed(Error error, const std::string& prefix) {
  return internal::InBatchEntry(std::move(error), prefix);
}

Status CheckRef(const TaggedItemRef& ref) {
  if (Status s = internal::CheckId(ref.container_id, "container_id"); !s.ok()) return s;
  return internal::CheckId(ref.item_id, "item_id");
}

// The item the caller may access, as a record. kNotFound names "item_id".
Result<TaggedRecord> LoadRecord(const ServiceContext& context, const Caller& caller,
                                const TaggedItemRef& ref, Access access) {
  auto not_found = [&](Error error) {
    if (error.code == Error::Code::kNotFound) {
      error.field = "item_id";
    }
    return error;
  };
  switch (ref.type) {
    case model::TaggedType::kBookmark: {
      Result<model::Bookmark> bookmark =
          internal::LoadBookmark(context, caller, ref.container_id, ref.item_id, access);
      if (!bookmark.ok()) return not_found(std::move(bookmark).error());
      return internal::RecordOf(*bookmark);
    }
    case model::TaggedType::kNote: {
      Result<model::Note> note =
          internal::LoadNote(context, caller, ref.container_id, ref.item_id, access);
      if (!note.ok()) return not_found(std::move(note).error());
      return internal::RecordOf(*note);
    }
    case model::TaggedType::kWidget: {
      Result<model::Widget> widget =
          internal::LoadWidget(context, caller, ref.container_id, ref.item_id, access, "item_id");
      if (!widget.ok()) return not_found(std::move(widget).error());
      return internal::RecordOf(*widget);
    }
  }
  return InvalidArgument("type", model::rule::kPattern, "type: not a taggable type");
}

// Loads the item, checks the version, computes its new tags with `change` and writes them.
template <typename Change>
Result<ItemTags> ChangeTags(const ServiceContext& context, const Caller& caller,
                            const TaggedItemRef& ref, std::int64_t expected_version,
                            Change change) {
  if (Status s = internal::CheckCaller(caller); !s.ok()) return std::move(s).error();
  if (Status s = CheckRef(ref); !s.ok()) return std::move(s).error();
  if (Status s = internal::CheckVersion(expected_version); !s.ok()) return std::move(s).error();
  Result<TaggedRecord> record = LoadRecord(context, caller, ref, Access::kEdit);
  if (!record.ok()) return std::move(record).error();
  if (record->version != expected_version) {
    return StaleVersion(model::TaggedTypeName(ref.type), expected_version, record->version);
  }
  Result<std::vector<std::string>> tags = change(record->tags);
  if (!tags.ok()) return std::move(tags).error();
  Result<std::int64_t> version = internal::WriteTags(context, *record, expected_version, *tags);
  if (!version.ok()) return std::move(version).error();
  return ItemTags{std::move(tags).value(), *version};
}

// BatchGet of `refs` (one call per table); the stored items by (type, item_id).
Result<std::map<std::pair<model::TaggedType, std::string>, Item>> FetchItems(
    const ServiceContext& context, const std::vector<TaggedItemRef>& refs) {
  std::map<model::TaggedType, std::vector<Item>> keys;
  std::set<std::pair<model::TaggedType, std::string>> seen;
  for (const TaggedItemRef& ref : refs) {
    if (!seen.insert({ref.type, ref.item_id}).second) continue;
    keys[ref.type].push_back(internal::TaggedKey(ref.type, ref.container_id, ref.item_id));
  }
  std::map<std::pair<model::TaggedType, std::string>, Item> found;
  for (const auto& [type, type_keys] : keys) {
    store::Result<std::vector<Item>> items =
        context.store->BatchGet(internal::TaggedTable(context, type), type_keys);
    if (!items.ok()) return FromStore(items.error());
    std::string_view id_name = type == model::TaggedType::kBookmark ? model::attr::kBookmarkId
                               : type == model::TaggedType::kNote   ? model::attr::kNoteId
                                                                    : model::attr::kWidgetId;
    for (Item& item : *items) {
      auto id = item.find(id_name);
      if (id == item.end() || !id->second.IsS()) continue;
      found.emplace(std::make_pair(type, id->second.AsS()), std::move(item));
    }
  }
  return found;
}

bool Carries(const std::vector<std::string>& tags, std::string_view tag) {
  return std::binary_search(tags.begin(), tags.end(), tag);
}

}  // namespace

Result<ItemTags> TagService::SetTags(const Caller& caller, const TaggedItemRef& item,
                                     std::int64_t expected_version,
                                     const std::vector<std::string>& tags) const {
  model::Result<std::vector<std::string>> normalized = model::NormalizeTags(tags, "tags");
  if (!normalized.ok()) return FromValidation(normalized.error());
  return ChangeTags(context_, caller, item, expected_version,
                    [&](const std::vector<std::string>&) -> Result<std::vector<std::string>> {
                      return *normalized;
                    });
}

Result<ItemTags> TagService::AddTag(const Caller& caller, const TaggedItemRef& item,
                                    std::int64_t expected_version, std::string_view tag) const {
  model::Result<std::string> normalized = model::NormalizeTag(tag, "tag");
  if (!normalized.ok()) return FromValidation(normalized.error());
  return ChangeTags(
      context_, caller, item, expected_version,
      [&](const std::vector<std::string>& current) -> Result<std::vector<std::string>> {
        std::vector<std::string> tags = current;
        if (Carries(tags, *normalized)) return tags;
        if (tags.size() >= model::kMaxTagsPerItem) {
          return InvalidArgument("tag", model::rule::kMaxCount,
                                 fmt::format("tag: the item already carries {} tags, the most "
                                             "allowed",
                                             tags.size()));
        }
        tags.insert(std::upper_bound(tags.begin(), tags.end(), *normalized), *normalized);
        return tags;
      });
}

Result<ItemTags> TagService::RemoveTag(const Caller& caller, const TaggedItemRef& item,
                                       std::int64_t expected_version, std::string_view tag) const {
  model::Result<std::string> normalized = model::NormalizeTag(tag, "tag");
  if (!normalized.ok()) return FromValidation(normalized.error());
  return ChangeTags(
      context_, caller, item, expected_version,
      [&](const std::vector<std::string>& current) -> Result<std::vector<std::string>> {
        std::vector<std::string> tags = current;
        std::erase(tags, *normalized);
        return tags;
      });
}

Result<TagAssignmentReport> TagService::SetTagsMany(
    const Caller& caller, const std::vector<TagAssignment>& assignments) const {
  if (Status s = internal::CheckCaller(caller); !s.ok()) return std::move(s).error();
  if (assignments.size() > kMaxTagAssignments) {
    return LimitExceeded("assignments", rule::kMaxCount,
                         fmt::format("assignments: at most {} per call (got {})",
                                     kMaxTagAssignments, assignments.size()));
  }
  // Everything is checked before anything is written.
  std::vector<std::vector<std::string>> wanted;
  wanted.reserve(assignments.size());
  std::set<std::pair<model::TaggedType, std::string>> seen;
  std::vector<TaggedItemRef> refs;
  refs.reserve(assignments.size());
  for (std::size_t i = 0; i < assignments.size(); ++i) {
    std::string prefix = fmt::format("assignments[{}]", i);
    const TagAssignment& assignment = assignments[i];
    if (Status s = CheckRef(assignment.item); !s.ok())
      return Prefixed(std::move(s).error(), prefix);
    if (!seen.insert({assignment.item.type, assignment.item.item_id}).second) {
      return Prefixed(InvalidArgument("item_id", model::rule::kDuplicate,
                                      "item_id: the item appears twice in the batch"),
                      prefix);
    }
    model::Result<std::vector<std::string>> tags =
        model::NormalizeTags(assignment.tags, prefix + ".tags");
    if (!tags.ok()) return FromValidation(tags.error());
    wanted.push_back(std::move(tags).value());
    refs.push_back(assignment.item);
  }
  TagAssignmentReport report;
  if (assignments.empty()) return report;

  Result<std::map<std::pair<model::TaggedType, std::string>, Item>> items =
      FetchItems(context_, refs);
  if (!items.ok()) return std::move(items).error();
  std::vector<TaggedRecord> records;
  records.reserve(refs.size());
  for (std::size_t i = 0; i < refs.size(); ++i) {
    auto it = items->find({refs[i].type, refs[i].item_id});
    std::optional<TaggedRecord> record;
    if (it != items->end()) {
      Result<TaggedRecord> decoded = internal::DecodeRecord(context_, refs[i].type, it->second);
      if (!decoded.ok()) return std::move(decoded).error();
      if (MayAccess(caller, Access::kEdit, decoded->user_id)) record = std::move(decoded).value();
    }
    if (!record) {
      return Prefixed(NotFound("item_id", model::TaggedTypeName(refs[i].type), refs[i].item_id),
                      fmt::format("assignments[{}]", i));
    }
    records.push_back(std::move(*record));
  }

  // Items whose transaction failed are written alone, from a fresh read.
  auto write_alone = [&](std::size_t i) -> Status {
    Result<std::optional<TaggedRecord>> fresh =
        internal::ReadRecord(context_, refs[i].type, refs[i].container_id, refs[i].item_id);
    if (!fresh.ok()) return std::move(fresh).error();
    if (!fresh->has_value()) {
      return Prefixed(NotFound("item_id", model::TaggedTypeName(refs[i].type), refs[i].item_id),
                      fmt::format("assignments[{}]", i));
    }
    Result<std::int64_t> version =
        internal::WriteTags(context_, **fresh, (*fresh)->version, wanted[i]);
    if (!version.ok()) return std::move(version).error();
    return {};
  };

  std::string now = internal::NowTimestamp(context_);
  TagTransaction transaction(context_);
  std::vector<std::size_t> members;
  auto flush = [&]() -> Status {
    if (transaction.empty()) return {};
    store::Status status = context_.store->Transact(transaction.Build());
    if (status.ok()) {
      internal::DeleteZeroCounts(context_, transaction.Lowered());
    } else {
      const store::Error& error = status.error();
      bool redo = error.Is(StoreCode::kConditionFailed) || error.Is(StoreCode::kConflict) ||
                  error.Is(StoreCode::kOutcomeUnknown) || error.Is(StoreCode::kUnavailable);
      if (!redo) return FromStore(error);
      for (std::size_t i : members) {
        if (Status s = write_alone(i); !s.ok()) return s;
      }
      // The transaction may have been applied after all (an unknown outcome).
      internal::DeleteZeroCounts(context_, transaction.Lowered());
    }
    report.items_changed += members.size();
    transaction = TagTransaction(context_);
    members.clear();
    return {};
  };

  for (std::size_t i = 0; i < records.size(); ++i) {
    const TaggedRecord& record = records[i];
    if (record.tags == wanted[i]) {
      ++report.items_unchanged;
      continue;
    }
    std::vector<std::string> puts;
    std::vector<std::string> deletes;
    std::set_difference(wanted[i].begin(), wanted[i].end(), record.tags.begin(), record.tags.end(),
                        std::back_inserter(puts));
    std::set_difference(record.tags.begin(), record.tags.end(), wanted[i].begin(), wanted[i].end(),
                        std::back_inserter(deletes));
    if (transaction.SizeWith(record.user_id, puts, deletes, true) > store::kMaxTransactActions) {
      if (Status s = flush(); !s.ok()) return std::move(s).error();
    }
    Item key = internal::TaggedKey(record.type, record.container_id, record.item_id);
    Item after = internal::TaggedItemWith(record, wanted[i], record.version + 1, now);
    transaction.AddAction(
        store::TransactAction{.kind = store::TransactAction::Kind::kUpdate,
                              .table = internal::TaggedTable(context_, record.type),
                              .item = key,
                              .update = internal::DiffUpdate(record.item, after, key),
                              .condition = Condition::Equal(Path(model::attr::kVersion),
                                                            AttributeValue::N(record.version))},
        i);
    for (const std::string& tag : deletes) {
      transaction.DeleteAssociation(record.type, record.item_id, tag, record.user_id, i);
    }
    for (const std::string& tag : puts) {
      transaction.PutAssociation(model::TagAssociation{.item_type = record.type,
                                                       .item_id = record.item_id,
                                                       .tag = tag,
                                                       .user_id = record.user_id,
                                                       .container_id = record.container_id,
                                                       .created_at = now},
                                 i);
    }
    members.push_back(i);
  }
  if (Status s = flush(); !s.ok()) return std::move(s).error();
  return report;
}

Result<TagCountPage> TagService::ListTags(const Caller& caller, std::string_view prefix, int limit,
                                          std::string_view cursor) const {
  if (Status s = internal::CheckCaller(caller); !s.ok()) return std::move(s).error();
  if (Status s = internal::CheckLimit(limit); !s.ok()) return std::move(s).error();
  std::string normalized_prefix;
  if (prefix.find_first_not_of(" \t\r\n\f\v") != std::string_view::npos) {
    model::Result<std::string> normalized = model::NormalizeTag(prefix, "prefix");
    if (!normalized.ok()) return FromValidation(normalized.error());
    normalized_prefix = std::move(normalized).value();
  }
  std::string table = context_.Table(model::kTagAssociationsTable);
  store::QueryRequest request;
  request.table = table;
  request.key_condition = ddb::KeyCondition::Partition(
      std::string(model::attr::kItemRef), AttributeValue::S(model::TagCountRef(caller.user_id)));
  if (!normalized_prefix.empty()) {
    request.key_condition.SortBeginsWith(std::string(model::attr::kTag),
                                         AttributeValue::S(normalized_prefix));
  }
  // Counts left at 0 by an interrupted cleanup are not tags anyone carries.
  request.filter = Condition::Greater(Path(model::attr::kCount), AttributeValue::N(0));
  Result<store::QueryPage> page =
      internal::QueryOnePage(context_, std::move(request), limit, cursor);
  if (!page.ok()) return std::move(page).error();
  TagCountPage result;
  result.tags.reserve(page->items.size());
  for (const Item& item : page->items) {
    Result<model::TagCount> count = internal::Decode<model::TagCount>(table, item);
    if (!count.ok()) return std::move(count).error();
    result.tags.push_back(std::move(count).value());
  }
  result.next_cursor = std::move(page->next_cursor);
  return result;
}

Result<TaggedItemsPage> TagService::ItemsWithTag(const Caller& caller, std::string_view tag,
                                                 int limit, std::string_view cursor) const {
  if (Status s = internal::CheckCaller(caller); !s.ok()) return std::move(s).error();
  model::Result<std::string> normalized = model::NormalizeTag(tag, "tag");
  if (!normalized.ok()) return FromValidation(normalized.error());
  if (Status s = internal::CheckLimit(limit); !s.ok()) return std::move(s).error();
  std::string table = context_.Table(model::kTagAssociationsTable);
  store::QueryRequest request;
  request.table = table;
  request.index = std::string(model::kTagItemsIndex);
  request.key_condition =
      ddb::KeyCondition::Partition(std::string(model::attr::kUserTag),
                                   AttributeValue::S(model::UserTag(caller.user_id, *normalized)));
  Result<store::QueryPage> page =
      internal::QueryOnePage(context_, std::move(request), limit, cursor);
  if (!page.ok()) return std::move(page).error();
  Result<std::vector<model::TagAssociation>> associations =
      internal::DecodeAll<model::TagAssociation>(table, page->items);
  if (!associations.ok()) return std::move(associations).error();
  std::vector<TaggedItemRef> refs;
  refs.reserve(associations->size());
  for (const model::TagAssociation& a : *associations) {
    refs.push_back(TaggedItemRef{a.item_type, a.container_id, a.item_id});
  }
  Result<std::map<std::pair<model::TaggedType, std::string>, Item>> items =
      FetchItems(context_, refs);
  if (!items.ok()) return std::move(items).error();

  TaggedItemsPage result;
  for (const TaggedItemRef& ref : refs) {
    auto it = items->find({ref.type, ref.item_id});
    if (it == items->end()) continue;  // the item is gone
    TaggedEntity entity{.ref = ref, .bookmark = {}, .note = {}, .widget = {}};
    std::string item_table = internal::TaggedTable(context_, ref.type);
    const std::vector<std::string>* tags = nullptr;
    const std::string* owner = nullptr;
    switch (ref.type) {
      case model::TaggedType::kBookmark: {
        Result<model::Bookmark> b = internal::Decode<model::Bookmark>(item_table, it->second);
        if (!b.ok()) return std::move(b).error();
        entity.bookmark = std::move(b).value();
        tags = &entity.bookmark->tags;
        owner = &entity.bookmark->user_id;
        break;
      }
      case model::TaggedType::kNote: {
        Result<model::Note> n = internal::Decode<model::Note>(item_table, it->second);
        if (!n.ok()) return std::move(n).error();
        entity.note = std::move(n).value();
        tags = &entity.note->tags;
        owner = &entity.note->user_id;
        break;
      }
      case model::TaggedType::kWidget: {
        Result<model::Widget> w = internal::Decode<model::Widget>(item_table, it->second);
        if (!w.ok()) return std::move(w).error();
        entity.widget = std::move(w).value();
        tags = &entity.widget->tags;
        owner = &entity.widget->user_id;
        break;
      }
    }
    // An association outliving a change of the item (only possible for data written
    // outside the service) is not shown.
    if (tags == nullptr || !Carries(*tags, *normalized) || *owner != caller.user_id) continue;
    result.items.push_back(std::move(entity));
  }
  result.next_cursor = std::move(page->next_cursor);
  return result;
}

namespace {

// Removes `from` from every item of `user_id` carrying it, adding `to` (if given and not
// carried yet). One pass over the TagItemsIndex partition, chunk by chunk; returns the
// number of items changed and sets `incomplete` if some items could not be written (they
// changed concurrently, or an outcome was unknown), so another pass is needed.
Result<std::size_t> RetagPass(const ServiceContext& context, const std::string& user_id,
                              const std::string& from, const std::optional<std::string>& to,
                              bool& incomplete) {
  std::string table = context.Table(model::kTagAssociationsTable);
  store::QueryRequest request;
  request.table = table;
  request.index = std::string(model::kTagItemsIndex);
  request.key_condition = ddb::KeyCondition::Partition(
      std::string(model::attr::kUserTag), AttributeValue::S(model::UserTag(user_id, from)));
  request.limit = kRetagChunk;
  std::size_t changed = 0;
  std::string now = internal::NowTimestamp(context);
  while (true) {
    store::Result<store::QueryPage> page = context.store->Query(request);
    if (!page.ok()) return FromStore(page.error());
    Result<std::vector<model::TagAssociation>> associations =
        internal::DecodeAll<model::TagAssociation>(table, page->items);
    if (!associations.ok()) return std::move(associations).error();
    std::vector<TaggedItemRef> refs;
    for (const model::TagAssociation& a : *associations) {
      refs.push_back(TaggedItemRef{a.item_type, a.container_id, a.item_id});
    }
    Result<std::map<std::pair<model::TaggedType, std::string>, Item>> items =
        FetchItems(context, refs);
    if (!items.ok()) return std::move(items).error();

    // Build the chunk's transaction; a failed condition drops its item and retries the rest.
    std::vector<bool> dropped(refs.size(), false);
    for (int round = 0; round <= kRetagChunk; ++round) {
      TagTransaction transaction(context);
      std::size_t item_writes = 0;
      // The index of each item's association delete: when that is the failed condition, the
      // association is gone already (a stale index entry, or an earlier attempt that was
      // applied), so there is nothing left to do for the item.
      std::vector<std::size_t> delete_action(refs.size(), 0);
      for (std::size_t i = 0; i < refs.size(); ++i) {
        if (dropped[i]) continue;
        delete_action[i] = transaction.action_count();
        const model::TagAssociation& a = (*associations)[i];
        std::optional<TaggedRecord> record;
        if (auto it = items->find({a.item_type, a.item_id}); it != items->end()) {
          Result<TaggedRecord> decoded = internal::DecodeRecord(context, a.item_type, it->second);
          if (!decoded.ok()) return std::move(decoded).error();
          record = std::move(decoded).value();
        }
        transaction.DeleteAssociation(a.item_type, a.item_id, from, a.user_id, i);
        if (!record || !Carries(record->tags, from) || record->user_id != a.user_id) {
          continue;  // an orphaned association: removing it (and its count) heals the data
        }
        std::vector<std::string> tags = record->tags;
        std::erase(tags, from);
        if (to && !Carries(tags, *to)) {
          tags.insert(std::upper_bound(tags.begin(), tags.end(), *to), *to);
          transaction.PutAssociation(model::TagAssociation{.item_type = a.item_type,
                                                           .item_id = a.item_id,
                                                           .tag = *to,
                                                           .user_id = a.user_id,
                                                           .container_id = record->container_id,
                                                           .created_at = now},
                                     i);
        }
        Item key = internal::TaggedKey(a.item_type, record->container_id, a.item_id);
        Item after = internal::TaggedItemWith(*record, tags, record->version + 1, now);
        transaction.AddAction(
            store::TransactAction{
                .kind = store::TransactAction::Kind::kUpdate,
                .table = internal::TaggedTable(context, a.item_type),
                .item = key,
                .update = internal::DiffUpdate(record->item, after, key),
                .condition = Condition::Equal(Path(model::attr::kVersion),
                                              AttributeValue::N(record->version))},
            i);
        ++item_writes;
      }
      if (transaction.empty()) break;
      store::Status status = context.store->Transact(transaction.Build());
      if (status.ok()) {
        changed += item_writes;
        internal::DeleteZeroCounts(context, transaction.Lowered());
        break;
      }
      const store::Error& error = status.error();
      if (error.Is(StoreCode::kConditionFailed) && error.failed_action) {
        if (std::optional<std::size_t> owner = transaction.OwnerOf(*error.failed_action)) {
          dropped[*owner] = true;
          if (*error.failed_action != delete_action[*owner]) incomplete = true;
          continue;
        }
      }
      if (error.Is(StoreCode::kConflict) || error.Is(StoreCode::kOutcomeUnknown)) {
        incomplete = true;  // the next pass re-reads whatever is left
        break;
      }
      return FromStore(error);
    }
    if (page->next_cursor.empty()) break;
    request.cursor = std::move(page->next_cursor);
  }
  return changed;
}

Result<std::size_t> Retag(const ServiceContext& context, const Caller& caller,
                          const std::string& from, const std::optional<std::string>& to) {
  std::size_t changed = 0;
  for (int pass = 0; pass < kRetagPasses; ++pass) {
    bool incomplete = false;
    Result<std::size_t> n = RetagPass(context, caller.user_id, from, to, incomplete);
    if (!n.ok()) return std::move(n).error();
    changed += *n;
    if (!incomplete) {
      internal::DeleteZeroCounts(context, {{caller.user_id, from}});
      return changed;
    }
  }
  return Error{Error::Code::kConflict, "tag", std::string(rule::kStaleVersion),
               fmt::format("tag: items carrying \"{}\" kept changing; {} changed so far, run "
                           "again to finish",
                           from, changed)};
}

}  // namespace

Result<std::size_t> TagService::RenameTag(const Caller& caller, std::string_view from,
                                          std::string_view to) const {
  if (Status s = internal::CheckCaller(caller); !s.ok()) return std::move(s).error();
  model::Result<std::string> old_tag = model::NormalizeTag(from, "from");
  if (!old_tag.ok()) return FromValidation(old_tag.error());
  model::Result<std::string> new_tag = model::NormalizeTag(to, "to");
  if (!new_tag.ok()) return FromValidation(new_tag.error());
  if (*old_tag == *new_tag) return std::size_t{0};
  return Retag(context_, caller, *old_tag, *new_tag);
}

Result<std::size_t> TagService::DeleteTag(const Caller& caller, std::string_view tag) const {
  if (Status s = internal::CheckCaller(caller); !s.ok()) return std::move(s).error();
  model::Result<std::string> normalized = model::NormalizeTag(tag, "tag");
  if (!normalized.ok()) return FromValidation(normalized.error());
  return Retag(context_, caller, *normalized, std::nullopt);
}

}  // namespace homeboard::service
