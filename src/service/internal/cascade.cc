// Widget cascades: delete everything in a widget (with tags and shares); delete shares;
// re-point a moved widget's children.
#include "service/internal/cascade.h"

#include <algorithm>

#include "model/attributes.h"
#include "model/bookmark.h"
#include "model/group.h"
#include "model/note.h"
#include "model/tables.h"
#include "model/widget.h"
#include "service/internal/loaders.h"
#include "service/internal/store_ops.h"
#include "service/internal/tag_ops.h"

namespace homeboard::service::internal {
namespace {

using ddb::AttributeValue;
using ddb::Condition;
using ddb::Path;

template <typename Entity>
void AppendDeletes(const std::string& table, const std::vector<Entity>& entities,
                   std::vector<store::BatchWrite>& writes) {
  for (const Entity& entity : entities) {
    writes.push_back(store::BatchWrite{
        .table = table, .kind = store::BatchWrite::Kind::kDelete, .item = entity.Key()});
  }
}

template <typename Entity>
void AppendRecords(const std::vector<Entity>& entities, std::vector<TaggedRecord>& records) {
  for (const Entity& entity : entities) records.push_back(RecordOf(entity));
}

// One child whose page_id needs setting.
struct Repoint {
  std::string table;
  ddb::Item key;
  std::string sort_key_name;
};

template <typename Entity>
void AppendRepoints(const std::string& table, std::string_view sort_key_name,
                    const std::vector<Entity>& entities, std::string_view page_id,
                    std::vector<Repoint>& repoints) {
  for (const Entity& entity : entities) {
    if (entity.page_id == page_id) continue;
    repoints.push_back(Repoint{table, entity.Key(), std::string(sort_key_name)});
  }
}

}  // namespace

Status DeleteWidgetChildren(const ServiceContext& context, std::string_view widget_id) {
  // Bookmarks and notes with their associations: tagged items go through transactions so
  // an item and its associations disappear together.
  std::vector<TaggedRecord> records;
  Result<std::vector<model::Bookmark>> bookmarks = QueryBookmarks(context, widget_id);
  if (!bookmarks.ok()) return std::move(bookmarks).error();
  AppendRecords(*bookmarks, records);
  Result<std::vector<model::Note>> notes = QueryNotes(context, widget_id);
  if (!notes.ok()) return std::move(notes).error();
  AppendRecords(*notes, records);
  if (Status s = DeleteTaggedItems(context, records); !s.ok()) return s;

  // Groups last, deepest first.
  Result<std::vector<model::Group>> groups = QueryGroups(context, widget_id);
  if (!groups.ok()) return std::move(groups).error();
  std::stable_sort(groups->begin(), groups->end(),
                   [](const model::Group& a, const model::Group& b) { return a.depth > b.depth; });
  std::vector<store::BatchWrite> writes;
  AppendDeletes(context.Table(model::kGroupsTable), *groups, writes);
  return BatchWriteAll(context, writes);
}

Status DeleteShares(const ServiceContext& context, model::ResourceKind kind,
                    std::string_view resource_id) {
  std::string table = context.Table(model::kSharesTable);
  store::QueryRequest request;
  request.table = table;
  request.key_condition =
      ddb::KeyCondition::Partition(std::string(model::attr::kResourceRef),
                                   AttributeValue::S(model::ResourceRef(kind, resource_id)));
  request.consistent_read = true;
  Result<std::vector<ddb::Item>> shares = QueryAll(context, std::move(request));
  if (!shares.ok()) return std::move(shares).error();
  std::vector<store::BatchWrite> writes;
  for (const ddb::Item& share : *shares) {
    // The key alone: shares written by a newer version may not decode, and still go.
    ddb::Item key;
    for (std::string_view name : {model::attr::kResourceRef, model::attr::kGrantee}) {
      auto it = share.find(name);
      if (it == share.end()) return Internal("a share without its key attributes");
      key.emplace(std::string(name), it->second);
    }
    writes.push_back(store::BatchWrite{
        .table = table, .kind = store::BatchWrite::Kind::kDelete, .item = std::move(key)});
  }
  return BatchWriteAll(context, writes);
}

Status DeleteWidgetAndChildren(const ServiceContext& context, std::string_view page_id,
                               std::string_view widget_id) {
  if (Status s = DeleteShares(context, model::ResourceKind::kWidget, widget_id); !s.ok()) {
    return s;
  }
  if (Status s = DeleteWidgetChildren(context, widget_id); !s.ok()) return s;
  Result<std::optional<TaggedRecord>> widget =
      ReadRecord(context, model::TaggedType::kWidget, page_id, widget_id);
  if (!widget.ok()) return std::move(widget).error();
  if (!widget->has_value()) return {};  // deleted already (with its associations)
  return DeleteTaggedItems(context, {**widget});
}

Status RepointChildren(const ServiceContext& context, std::string_view widget_id,
                       std::string_view page_id) {
  std::vector<Repoint> repoints;
  Result<std::vector<model::Group>> groups = QueryGroups(context, widget_id);
  if (!groups.ok()) return std::move(groups).error();
  AppendRepoints(context.Table(model::kGroupsTable), model::attr::kGroupId, *groups, page_id,
                 repoints);
  Result<std::vector<model::Bookmark>> bookmarks = QueryBookmarks(context, widget_id);
  if (!bookmarks.ok()) return std::move(bookmarks).error();
  AppendRepoints(context.Table(model::kBookmarksTable), model::attr::kBookmarkId, *bookmarks,
                 page_id, repoints);
  Result<std::vector<model::Note>> notes = QueryNotes(context, widget_id);
  if (!notes.ok()) return std::move(notes).error();
  AppendRepoints(context.Table(model::kNotesTable), model::attr::kNoteId, *notes, page_id,
                 repoints);

  for (std::size_t begin = 0; begin < repoints.size(); begin += store::kMaxTransactActions) {
    std::size_t end = std::min(repoints.size(), begin + store::kMaxTransactActions);
    std::vector<store::TransactAction> actions;
    for (std::size_t i = begin; i < end; ++i) {
      actions.push_back(store::TransactAction{
          .kind = store::TransactAction::Kind::kUpdate,
          .table = repoints[i].table,
          .item = repoints[i].key,
          .update = ddb::Update().Set(Path(model::attr::kPageId),
                                      AttributeValue::S(std::string(page_id))),
          .condition = Condition::AttributeExists(Path(repoints[i].sort_key_name)),
      });
    }
    // Each round either commits or removes one vanished child (or is a conflict, retried a
    // few times): the update is idempotent, so re-sending after an unknown outcome is safe.
    int conflicts = 0;
    while (!actions.empty()) {
      store::Status status = context.store->Transact(actions);
      if (status.ok()) break;
      const store::Error& error = status.error();
      if (error.Is(store::Error::Code::kConditionFailed) && error.failed_action &&
          *error.failed_action < actions.size()) {
        actions.erase(actions.begin() + static_cast<std::ptrdiff_t>(*error.failed_action));
        continue;
      }
      bool retryable = error.Is(store::Error::Code::kConflict) ||
                       error.Is(store::Error::Code::kOutcomeUnknown) ||
                       error.Is(store::Error::Code::kUnavailable);
      if (retryable && ++conflicts < 3) continue;
      return FromStore(error);
    }
  }
  return {};
}

}  // namespace homeboard::service::internal
