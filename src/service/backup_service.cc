// BackupService: reading a whole dashboard, restoring one into an empty account, and the
// dashboard as a Netscape bookmark tree.
#include "service/backup_service.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <tuple>

#include "model/attributes.h"
#include "model/tables.h"
#include "model/tag_association.h"
#include "model/timestamp.h"
#include "service/group_service.h"
#include "service/internal/loaders.h"
#include "service/internal/store_ops.h"

namespace homeboard::service {
namespace {

constexpr std::string_view kNotEmpty = "not_empty";
// Items per BatchWriteAll call between two progress reports.
constexpr std::size_t kRestoreStep = 500;

template <typename Entity, typename IdOf>
void SortById(std::vector<Entity>& entities, IdOf id_of) {
  internal::SortByOrderKey(entities, id_of);
}

std::optional<std::int64_t> EpochSeconds(const std::string& timestamp) {
  model::Result<model::Time> time = model::ParseTimestamp(timestamp);
  if (!time.ok()) return std::nullopt;
  return model::ToEpochSeconds(*time);
}

// One item the restore writes, with where it came from in the document.
struct Planned {
  std::string table;
  ddb::Item key;
  ddb::Item item;
  std::string path;  // JSON path, for errors
  std::string id;    // the entity's own id (unique in a document); "" for derived items
};

}  // namespace

Result<Dashboard> BackupService::Load(const Caller& caller) const {
  if (Status s = internal::CheckCaller(caller); !s.ok()) return std::move(s).error();
  Dashboard dashboard;
  Result<std::optional<ddb::Item>> prefs =
      internal::GetItem(context_, context_.Table(model::kPreferencesTable),
                        model::Preferences::KeyOf(caller.user_id));
  if (!prefs.ok()) return std::move(prefs).error();
  if (*prefs) {
    Result<model::Preferences> decoded =
        internal::Decode<model::Preferences>(model::kPreferencesTable, **prefs);
    if (!decoded.ok()) return std::move(decoded).error();
    dashboard.preferences = std::move(decoded).value();
  }
  Result<std::vector<model::Page>> pages = internal::QueryPages(context_, caller.user_id);
  if (!pages.ok()) return std::move(pages).error();
  std::erase_if(*pages, [](const model::Page& p) { return p.deleting; });
  SortById(*pages, [](const model::Page& p) -> const std::string& { return p.page_id; });
  for (model::Page& page : *pages) {
    PageBackup page_backup;
    Result<std::vector<model::Widget>> widgets = internal::QueryWidgets(context_, page.page_id);
    if (!widgets.ok()) return std::move(widgets).error();
    std::sort(widgets->begin(), widgets->end(), [](const model::Widget& a, const model::Widget& b) {
      return std::tie(a.column, a.order_key, a.widget_id) <
             std::tie(b.column, b.order_key, b.widget_id);
    });
    for (model::Widget& widget : *widgets) {
      WidgetBackup widget_backup;
      if (widget.kind == model::WidgetKind::kBookmarks) {
        Result<std::vector<model::Group>> groups =
            internal::QueryGroups(context_, widget.widget_id);
        if (!groups.ok()) return std::move(groups).error();
        widget_backup.groups = TreeOrder(std::move(groups).value());
        Result<std::vector<model::Bookmark>> bookmarks =
            internal::QueryBookmarks(context_, widget.widget_id);
        if (!bookmarks.ok()) return std::move(bookmarks).error();
        SortById(*bookmarks,
                 [](const model::Bookmark& b) -> const std::string& { return b.bookmark_id; });
        widget_backup.bookmarks = std::move(bookmarks).value();
      } else if (widget.kind == model::WidgetKind::kNotes) {
        Result<std::vector<model::Note>> notes = internal::QueryNotes(context_, widget.widget_id);
        if (!notes.ok()) return std::move(notes).error();
        SortById(*notes, [](const model::Note& n) -> const std::string& { return n.note_id; });
        widget_backup.notes = std::move(notes).value();
      }
      widget_backup.widget = std::move(widget);
      page_backup.widgets.push_back(std::move(widget_backup));
    }
    page_backup.page = std::move(page);
    dashboard.pages.push_back(std::move(page_backup));
  }
  return dashboard;
}

Result<RestoreReport> BackupService::Restore(
    const Caller& caller, const Dashboard& dashboard,
    const std::function<void(std::size_t)>& progress) const {
  if (Status s = internal::CheckCaller(caller); !s.ok()) return std::move(s).error();
  RestoreReport report;
  // Everything the restore writes, in write order, with its JSON path.
  std::vector<Planned> containers;  // pages (checked separately)
  std::vector<Planned> children;    // widgets, groups, bookmarks, notes
  std::vector<Planned> derived;     // tag associations and counts
  std::map<std::string, std::int64_t> tag_counts;
  std::string tags_table = context_.Table(model::kTagAssociationsTable);
  auto associate = [&](model::TaggedType type, const std::string& id,
                       const std::string& container, const std::vector<std::string>& tags,
                       const std::string& created_at, const std::string& path) {
    for (const std::string& tag : tags) {
      model::TagAssociation association{.item_type = type,
                                        .item_id = id,
                                        .tag = tag,
                                        .user_id = caller.user_id,
                                        .container_id = container,
                                        .created_at = created_at};
      derived.push_back({tags_table, association.Key(), association.ToItem(), path, ""});
      ++tag_counts[tag];
      ++report.tag_associations;
    }
  };
  for (std::size_t p = 0; p < dashboard.pages.size(); ++p) {
    const PageBackup& page = dashboard.pages[p];
    if (page.page.user_id != caller.user_id) {
      return InvalidArgument("user_id", model::rule::kInconsistent,
                             "user_id: the backup was read for another user");
    }
    std::string page_path = fmt::format("pages[{}]", p);
    containers.push_back({context_.Table(model::kPagesTable), page.page.Key(), page.page.ToItem(),
                          page_path, page.page.page_id});
    ++report.pages;
    for (std::size_t w = 0; w < page.widgets.size(); ++w) {
      const WidgetBackup& widget = page.widgets[w];
      std::string widget_path = fmt::format("{}.widgets[{}]", page_path, w);
      children.push_back({context_.Table(model::kWidgetsTable), widget.widget.Key(),
                          widget.widget.ToItem(), widget_path, widget.widget.widget_id});
      associate(model::TaggedType::kWidget, widget.widget.widget_id, widget.widget.page_id,
                widget.widget.tags, widget.widget.created_at, widget_path);
      ++report.widgets;
      for (std::size_t i = 0; i < widget.groups.size(); ++i) {
        const model::Group& g = widget.groups[i];
        children.push_back({context_.Table(model::kGroupsTable), g.Key(), g.ToItem(),
                            fmt::format("{}.groups[{}]", widget_path, i), g.group_id});
        ++report.groups;
      }
      for (std::size_t i = 0; i < widget.bookmarks.size(); ++i) {
        const model::Bookmark& b = widget.bookmarks[i];
        std::string path = fmt::format("{}.bookmarks[{}]", widget_path, i);
        children.push_back(
            {context_.Table(model::kBookmarksTable), b.Key(), b.ToItem(), path, b.bookmark_id});
        associate(model::TaggedType::kBookmark, b.bookmark_id, b.widget_id, b.tags, b.created_at,
                  path);
        ++report.bookmarks;
      }
      for (std::size_t i = 0; i < widget.notes.size(); ++i) {
        const model::Note& n = widget.notes[i];
        std::string path = fmt::format("{}.notes[{}]", widget_path, i);
        children.push_back(
            {context_.Table(model::kNotesTable), n.Key(), n.ToItem(), path, n.note_id});
        associate(model::TaggedType::kNote, n.note_id, n.widget_id, n.tags, n.created_at, path);
        ++report.notes;
      }
    }
  }
  for (const auto& [tag, count] : tag_counts) {
    model::TagCount tag_count{.user_id = caller.user_id, .tag = tag, .count = count};
    derived.push_back({tags_table, tag_count.Key(), tag_count.ToItem(), "tags", ""});
  }

  // The account: no pages or preferences but the backup's own (a re-run).
  Result<std::vector<model::Page>> existing = internal::QueryPages(context_, caller.user_id);
  if (!existing.ok()) return std::move(existing).error();
  std::map<std::string, const Planned*> planned_pages;
  for (const Planned& page : containers) {
    planned_pages[page.id] = &page;
  }
  for (const model::Page& page : *existing) {
    auto it = planned_pages.find(page.page_id);
    if (it == planned_pages.end() || page.ToItem() != it->second->item) {
      return Error{Error::Code::kConflict, "user_id", std::string(kNotEmpty),
                   "user_id: the account already has pages; a backup is restored into an empty "
                   "account"};
    }
  }
  std::string prefs_table = context_.Table(model::kPreferencesTable);
  Result<std::optional<ddb::Item>> prefs =
      internal::GetItem(context_, prefs_table, model::Preferences::KeyOf(caller.user_id));
  if (!prefs.ok()) return std::move(prefs).error();
  if (*prefs && (!dashboard.preferences || dashboard.preferences->ToItem() != **prefs)) {
    return Error{Error::Code::kConflict, "user_id", std::string(kNotEmpty),
                 "user_id: the account already has preferences; a backup is restored into an "
                 "empty account"};
  }
  // Ids are global: an item of another account (or an older state) under the same key must
  // not be overwritten.
  std::map<std::string, std::vector<const Planned*>> by_table;
  for (const Planned& child : children) by_table[child.table].push_back(&child);
  for (const auto& [table, planned] : by_table) {
    std::vector<ddb::Item> keys;
    keys.reserve(planned.size());
    for (const Planned* p : planned) keys.push_back(p->key);
    store::Result<std::vector<store::Item>> found = context_.store->BatchGet(table, keys);
    if (!found.ok()) return FromStore(found.error());
    if (found->empty()) continue;
    // Within one table the entity id (the sort key) is unique in a document.
    std::string id_attribute;
    if (table == context_.Table(model::kWidgetsTable)) id_attribute = model::attr::kWidgetId;
    if (table == context_.Table(model::kGroupsTable)) id_attribute = model::attr::kGroupId;
    if (table == context_.Table(model::kBookmarksTable)) id_attribute = model::attr::kBookmarkId;
    if (table == context_.Table(model::kNotesTable)) id_attribute = model::attr::kNoteId;
    std::map<std::string, const Planned*, std::less<>> by_id;
    for (const Planned* p : planned) by_id.emplace(p->id, p);
    for (const store::Item& item : *found) {
      auto id = item.find(id_attribute);
      if (id == item.end() || !id->second.IsS()) continue;
      auto it = by_id.find(id->second.AsS());
      if (it != by_id.end() && item != it->second->item) {
        const Planned& p = *it->second;
        return Error{Error::Code::kConflict, p.path, std::string(model::rule::kDuplicate),
                     p.path + ": an item with this id already exists with other content"};
      }
    }
  }

  // Write: containers before what they hold, derived items after, preferences last; each
  // kind in its own batches, so an interruption leaves a prefix of this order.
  std::vector<std::vector<store::BatchWrite>> stages;
  for (const std::vector<Planned>* list : {&containers, &children, &derived}) {
    std::vector<store::BatchWrite>& stage = stages.emplace_back();
    for (const Planned& p : *list) {
      stage.push_back({.table = p.table, .kind = store::BatchWrite::Kind::kPut, .item = p.item});
    }
  }
  if (dashboard.preferences) {
    if (dashboard.preferences->user_id != caller.user_id) {
      return InvalidArgument("user_id", model::rule::kInconsistent,
                             "user_id: the backup was read for another user");
    }
    stages.push_back({{.table = prefs_table,
                       .kind = store::BatchWrite::Kind::kPut,
                       .item = dashboard.preferences->ToItem()}});
  }
  std::size_t written = 0;
  for (const std::vector<store::BatchWrite>& stage : stages) {
    for (std::size_t begin = 0; begin < stage.size(); begin += kRestoreStep) {
      std::size_t end = std::min(stage.size(), begin + kRestoreStep);
      std::vector<store::BatchWrite> part(stage.begin() + static_cast<std::ptrdiff_t>(begin),
                                          stage.begin() + static_cast<std::ptrdiff_t>(end));
      if (Status s = internal::BatchWriteAll(context_, part); !s.ok()) {
        return std::move(s).error();
      }
      written += part.size();
      if (progress) progress(written);
    }
  }
  return report;
}

NetscapeFolder DashboardToNetscape(const Dashboard& dashboard) {
  NetscapeFolder root;
  for (const PageBackup& page : dashboard.pages) {
    NetscapeFolder page_folder;
    page_folder.title = page.page.title;
    page_folder.add_date = EpochSeconds(page.page.created_at);
    page_folder.last_modified = EpochSeconds(page.page.updated_at);
    for (const WidgetBackup& widget : page.widgets) {
      if (widget.widget.kind != model::WidgetKind::kBookmarks) continue;
      NetscapeFolder widget_folder;
      widget_folder.title = widget.widget.title;
      widget_folder.add_date = EpochSeconds(widget.widget.created_at);
      widget_folder.last_modified = EpochSeconds(widget.widget.updated_at);
      std::map<std::optional<std::string>, std::vector<const model::Bookmark*>> by_group;
      for (const model::Bookmark& b : widget.bookmarks) by_group[b.group_id].push_back(&b);
      std::map<std::optional<std::string>, std::vector<const model::Group*>> children;
      for (const model::Group& g : widget.groups) children[g.parent_group_id].push_back(&g);
      // Bookmarks of `group` (absent: the widget's top level), then its subgroups.
      std::function<void(NetscapeFolder&, const std::optional<std::string>&)> fill =
          [&](NetscapeFolder& folder, const std::optional<std::string>& group) {
            for (const model::Bookmark* b : by_group[group]) {
              NetscapeBookmark bookmark;
              bookmark.title = b->title;
              bookmark.url = b->url;
              bookmark.description = b->description;
              bookmark.tags = b->tags;
              bookmark.add_date = EpochSeconds(b->created_at);
              bookmark.last_modified = EpochSeconds(b->updated_at);
              bookmark.icon = b->icon.value_or("");
              folder.AddBookmark(std::move(bookmark));
            }
            for (const model::Group* g : children[group]) {
              NetscapeFolder sub;
              sub.title = g->name;
              sub.add_date = EpochSeconds(g->created_at);
              sub.last_modified = EpochSeconds(g->updated_at);
              fill(sub, g->group_id);
              folder.AddFolder(std::move(sub));
            }
          };
      fill(widget_folder, std::nullopt);
      page_folder.AddFolder(std::move(widget_folder));
    }
    root.AddFolder(std::move(page_folder));
  }
  return root;
}

}  // namespace homeboard::service
