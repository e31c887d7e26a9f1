// Widget cascades: delete everything in a widget; re-point a moved widget's children.
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
  std::vector<store::BatchWrite> writes;
  Result<std::vector<model::Bookmark>> bookmarks = QueryBookmarks(context, widget_id);
  if (!bookmarks.ok()) return std::move(bookmarks).error();
  AppendDeletes(context.Table(model::kBookmarksTable), *bookmarks, writes);
  Result<std::vector<model::Note>> notes = QueryNotes(context, widget_id);
  if (!notes.ok()) return std::move(notes).error();
  AppendDeletes(context.Table(model::kNotesTable), *notes, writes);
  if (Status s = BatchWriteAll(context, writes); !s.ok()) return s;

  // Groups last, deepest first.
  Result<std::vector<model::Group>> groups = QueryGroups(context, widget_id);
  if (!groups.ok()) return std::move(groups).error();
  std::stable_sort(groups->begin(), groups->end(),
                   [](const model::Group& a, const model::Group& b) { return a.depth > b.depth; });
  writes.clear();
  AppendDeletes(context.Table(model::kGroupsTable), *groups, writes);
  return BatchWriteAll(context, writes);
}

Status DeleteWidgetAndChildren(const ServiceContext& context, std::string_view page_id,
                               std::string_view widget_id) {
  if (Status s = DeleteWidgetChildren(context, widget_id); !s.ok()) return s;
  return DeleteIfPresent(context, context.Table(model::kWidgetsTable),
                         model::Widget::KeyOf(page_id, widget_id));
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
