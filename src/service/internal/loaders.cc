// Entity loaders with the share-aware access check (service/access.h), and the container
// queries.
#include "service/internal/loaders.h"

#include <fmt/format.h>

#include "model/attributes.h"
#include "model/ids.h"
#include "model/tables.h"
#include "model/timestamp.h"
#include "service/access.h"

namespace homeboard::service::internal {
namespace {

using ddb::AttributeValue;
using ddb::Condition;
using ddb::KeyCondition;
using ddb::Path;

template <typename Entity>
Result<std::optional<Entity>> GetEntity(const ServiceContext& context, std::string_view base_table,
                                        ddb::Item key) {
  std::string table = context.Table(base_table);
  Result<std::optional<ddb::Item>> item = GetItem(context, table, std::move(key));
  if (!item.ok()) return std::move(item).error();
  if (!item->has_value()) return std::optional<Entity>();
  Result<Entity> entity = Decode<Entity>(table, **item);
  if (!entity.ok()) return std::move(entity).error();
  return std::optional<Entity>(std::move(entity).value());
}

template <typename Entity>
Result<std::vector<Entity>> QueryEntities(const ServiceContext& context,
                                          std::string_view base_table,
                                          std::string_view partition_name,
                                          std::string_view partition_value, Condition filter = {}) {
  std::string table = context.Table(base_table);
  store::QueryRequest request;
  request.table = table;
  request.key_condition = KeyCondition::Partition(std::string(partition_name),
                                                  AttributeValue::S(std::string(partition_value)));
  request.filter = std::move(filter);
  request.consistent_read = true;
  Result<std::vector<ddb::Item>> items = QueryAll(context, std::move(request));
  if (!items.ok()) return std::move(items).error();
  return DecodeAll<Entity>(table, std::move(items).value());
}

Sibling MakeSibling(std::string id, std::string order_key, std::int64_t version, ddb::Item key) {
  return Sibling{std::move(id), std::move(order_key), version, std::move(key)};
}

}  // namespace

Status CheckId(std::string_view id, std::string_view field) {
  return CheckValid(model::ValidateId(id, field));
}

Status CheckCaller(const Caller& caller) { return CheckId(caller.user_id, model::attr::kUserId); }

Status CheckVersion(std::int64_t version) {
  if (version < 1) {
    return InvalidArgument(model::attr::kVersion, model::rule::kRange,
                           fmt::format("version: must be at least 1 (got {})", version));
  }
  return {};
}

Status CheckPlacement(const Placement& placement) {
  if (placement.before_id && placement.after_id) {
    return InvalidArgument("before_id", model::rule::kInconsistent,
                           "before_id: give before_id or after_id, not both");
  }
  if (placement.before_id) return CheckId(*placement.before_id, "before_id");
  if (placement.after_id) return CheckId(*placement.after_id, "after_id");
  return {};
}

Result<model::Page> LoadPage(const ServiceContext& context, const Caller& caller,
                             std::string_view page_id, Access access, std::string_view field,
                             bool include_deleting) {
  if (Status s = CheckCaller(caller); !s.ok()) return std::move(s).error();
  if (Status s = CheckId(page_id, field); !s.ok()) return std::move(s).error();
  // Pages are keyed by owner: the caller's own partition first (the common case).
  Result<std::optional<model::Page>> own = GetEntity<model::Page>(
      context, model::kPagesTable, model::Page::KeyOf(caller.user_id, page_id));
  if (!own.ok()) return std::move(own).error();
  if (own->has_value()) {
    if ((*own)->deleting && !include_deleting) return NotFound(field, "page", page_id);
    return std::move(**own);
  }
  // Someone else's page, if it is shared with the caller: the share names the owner, whose
  // partition holds the page. Grantees never reach the delete path (include_deleting), nor
  // reshare or delete, so those need no read.
  if (include_deleting || !Permits(model::Permission::kEdit, access)) {
    return NotFound(field, "page", page_id);
  }
  Result<std::optional<model::Share>> share =
      FindUserShare(context, caller, model::ResourceKind::kPage, page_id);
  if (!share.ok()) return std::move(share).error();
  if (!share->has_value() || !Permits((*share)->permission, access)) {
    return NotFound(field, "page", page_id);
  }
  Result<model::Page> page = LoadLivePage(context, (*share)->owner_id, page_id, field);
  if (!page.ok()) return page;
  if (page->user_id != (*share)->owner_id) return NotFound(field, "page", page_id);
  return page;
}

Result<model::Page> LoadLivePage(const ServiceContext& context, std::string_view owner_id,
                                 std::string_view page_id, std::string_view field) {
  Result<std::optional<model::Page>> page =
      GetEntity<model::Page>(context, model::kPagesTable, model::Page::KeyOf(owner_id, page_id));
  if (!page.ok()) return std::move(page).error();
  if (!page->has_value() || (*page)->deleting) return NotFound(field, "page", page_id);
  return std::move(**page);
}

Result<model::Widget> LoadWidget(const ServiceContext& context, const Caller& caller,
                                 std::string_view page_id, std::string_view widget_id,
                                 Access access, std::string_view field) {
  if (Status s = CheckCaller(caller); !s.ok()) return std::move(s).error();
  if (Status s = CheckId(page_id, "page_id"); !s.ok()) return std::move(s).error();
  if (Status s = CheckId(widget_id, field); !s.ok()) return std::move(s).error();
  Result<std::optional<model::Widget>> widget = GetEntity<model::Widget>(
      context, model::kWidgetsTable, model::Widget::KeyOf(page_id, widget_id));
  if (!widget.ok()) return std::move(widget).error();
  if (!widget->has_value()) return NotFound(field, "widget", widget_id);
  const model::Widget& w = **widget;
  Result<bool> allowed = Can(context, caller, access, {w.user_id, w.page_id, w.widget_id});
  if (!allowed.ok()) return std::move(allowed).error();
  if (!*allowed) return NotFound(field, "widget", widget_id);
  return std::move(**widget);
}

Result<model::Widget> LoadContainer(const ServiceContext& context, const Caller& caller,
                                    std::string_view page_id, std::string_view widget_id,
                                    model::WidgetKind kind, Access access,
                                    std::string_view page_field, std::string_view widget_field) {
  if (Status s = CheckId(page_id, page_field); !s.ok()) return std::move(s).error();
  Result<model::Widget> widget =
      LoadWidget(context, caller, page_id, widget_id, access, widget_field);
  if (!widget.ok()) return widget;
  // The access check covered the widget (its own share or its page's); the page is read
  // only to see that it is live, from its owner's partition (a grantee of the widget alone
  // may not see the page, but may use the widget while the page lives).
  Result<model::Page> page = LoadLivePage(context, widget->user_id, page_id, page_field);
  if (!page.ok()) {
    // A widget on a page being deleted is as gone as the page.
    if (page.error().code == Error::Code::kNotFound) {
      return NotFound(widget_field, "widget", widget_id);
    }
    return std::move(page).error();
  }
  if (widget->kind != kind) {
    return InvalidArgument(
        widget_field, rule::kWrongKind,
        fmt::format("{}: widget {} is a {} widget, not a {} widget", widget_field, widget_id,
                    model::WidgetKindName(widget->kind), model::WidgetKindName(kind)));
  }
  return widget;
}

namespace {

// The access check every child loader (group, bookmark, note) makes: its widget's share or
// its page's.
template <typename Child>
Result<bool> MayAccessChild(const ServiceContext& context, const Caller& caller, Access access,
                            const Child& child) {
  return Can(context, caller, access, {child.user_id, child.page_id, child.widget_id});
}

}  // namespace

Result<model::Group> LoadGroup(const ServiceContext& context, const Caller& caller,
                               std::string_view widget_id, std::string_view group_id, Access access,
                               std::string_view field) {
  if (Status s = CheckCaller(caller); !s.ok()) return std::move(s).error();
  if (Status s = CheckId(widget_id, "widget_id"); !s.ok()) return std::move(s).error();
  if (Status s = CheckId(group_id, field); !s.ok()) return std::move(s).error();
  Result<std::optional<model::Group>> group = GetEntity<model::Group>(
      context, model::kGroupsTable, model::Group::KeyOf(widget_id, group_id));
  if (!group.ok()) return std::move(group).error();
  if (!group->has_value()) return NotFound(field, "group", group_id);
  Result<bool> allowed = MayAccessChild(context, caller, access, **group);
  if (!allowed.ok()) return std::move(allowed).error();
  if (!*allowed) return NotFound(field, "group", group_id);
  return std::move(**group);
}

Result<model::Bookmark> LoadBookmark(const ServiceContext& context, const Caller& caller,
                                     std::string_view widget_id, std::string_view bookmark_id,
                                     Access access) {
  if (Status s = CheckCaller(caller); !s.ok()) return std::move(s).error();
  if (Status s = CheckId(widget_id, "widget_id"); !s.ok()) return std::move(s).error();
  if (Status s = CheckId(bookmark_id, "bookmark_id"); !s.ok()) return std::move(s).error();
  Result<std::optional<model::Bookmark>> bookmark = GetEntity<model::Bookmark>(
      context, model::kBookmarksTable, model::Bookmark::KeyOf(widget_id, bookmark_id));
  if (!bookmark.ok()) return std::move(bookmark).error();
  if (!bookmark->has_value()) return NotFound("bookmark_id", "bookmark", bookmark_id);
  Result<bool> allowed = MayAccessChild(context, caller, access, **bookmark);
  if (!allowed.ok()) return std::move(allowed).error();
  if (!*allowed) return NotFound("bookmark_id", "bookmark", bookmark_id);
  return std::move(**bookmark);
}

Result<model::Note> LoadNote(const ServiceContext& context, const Caller& caller,
                             std::string_view widget_id, std::string_view note_id, Access access) {
  if (Status s = CheckCaller(caller); !s.ok()) return std::move(s).error();
  if (Status s = CheckId(widget_id, "widget_id"); !s.ok()) return std::move(s).error();
  if (Status s = CheckId(note_id, "note_id"); !s.ok()) return std::move(s).error();
  Result<std::optional<model::Note>> note =
      GetEntity<model::Note>(context, model::kNotesTable, model::Note::KeyOf(widget_id, note_id));
  if (!note.ok()) return std::move(note).error();
  if (!note->has_value()) return NotFound("note_id", "note", note_id);
  Result<bool> allowed = MayAccessChild(context, caller, access, **note);
  if (!allowed.ok()) return std::move(allowed).error();
  if (!*allowed) return NotFound("note_id", "note", note_id);
  return std::move(**note);
}

Result<std::vector<model::Page>> QueryPages(const ServiceContext& context,
                                            std::string_view user_id) {
  return QueryEntities<model::Page>(context, model::kPagesTable, model::attr::kUserId, user_id);
}

Result<std::vector<model::Widget>> QueryWidgets(const ServiceContext& context,
                                                std::string_view page_id) {
  return QueryEntities<model::Widget>(context, model::kWidgetsTable, model::attr::kPageId, page_id);
}

Result<std::vector<model::Group>> QueryGroups(const ServiceContext& context,
                                              std::string_view widget_id) {
  return QueryEntities<model::Group>(context, model::kGroupsTable, model::attr::kWidgetId,
                                     widget_id);
}

Result<std::vector<model::Bookmark>> QueryBookmarks(const ServiceContext& context,
                                                    std::string_view widget_id, Condition filter) {
  return QueryEntities<model::Bookmark>(context, model::kBookmarksTable, model::attr::kWidgetId,
                                        widget_id, std::move(filter));
}

Result<std::vector<model::Note>> QueryNotes(const ServiceContext& context,
                                            std::string_view widget_id) {
  return QueryEntities<model::Note>(context, model::kNotesTable, model::attr::kWidgetId, widget_id);
}

Result<std::vector<model::NoteSummary>> QueryNoteSummaries(const ServiceContext& context,
                                                           std::string_view widget_id) {
  return QueryEntities<model::NoteSummary>(context, model::kNotesTable, model::attr::kWidgetId,
                                           widget_id);
}

ConditionCheck PageIsLive(const ServiceContext& context, const model::Page& page,
                          std::string_view field) {
  return ConditionCheck{
      .table = context.Table(model::kPagesTable),
      .key = page.Key(),
      .condition = Condition::And(Condition::AttributeExists(Path(model::attr::kPageId)),
                                  Condition::AttributeNotExists(Path(model::attr::kDeleting))),
      .error = NotFound(field, "page", page.page_id),
  };
}

ConditionCheck GroupExists(const ServiceContext& context, const model::Group& group,
                           std::string_view field) {
  return ConditionCheck{
      .table = context.Table(model::kGroupsTable),
      .key = group.Key(),
      .condition = Condition::AttributeExists(Path(model::attr::kGroupId)),
      .error = NotFound(field, "group", group.group_id),
  };
}

ConditionCheck WidgetExists(const ServiceContext& context, const model::Widget& widget,
                            std::string_view field) {
  return ConditionCheck{
      .table = context.Table(model::kWidgetsTable),
      .key = widget.Key(),
      .condition = Condition::AttributeExists(Path(model::attr::kWidgetId)),
      .error = NotFound(field, "widget", widget.widget_id),
  };
}

std::vector<Sibling> SiblingsOf(const std::vector<model::Page>& pages) {
  std::vector<Sibling> siblings;
  for (const model::Page& p : pages) {
    siblings.push_back(MakeSibling(p.page_id, p.order_key, p.version, p.Key()));
  }
  return siblings;
}

std::vector<Sibling> SiblingsOf(const std::vector<model::Widget>& widgets) {
  std::vector<Sibling> siblings;
  for (const model::Widget& w : widgets) {
    siblings.push_back(MakeSibling(w.widget_id, w.order_key, w.version, w.Key()));
  }
  return siblings;
}

std::vector<Sibling> SiblingsOf(const std::vector<model::Group>& groups) {
  std::vector<Sibling> siblings;
  for (const model::Group& g : groups) {
    siblings.push_back(MakeSibling(g.group_id, g.order_key, g.version, g.Key()));
  }
  return siblings;
}

std::vector<Sibling> SiblingsOf(const std::vector<model::Bookmark>& bookmarks) {
  std::vector<Sibling> siblings;
  for (const model::Bookmark& b : bookmarks) {
    siblings.push_back(MakeSibling(b.bookmark_id, b.order_key, b.version, b.Key()));
  }
  return siblings;
}

std::vector<Sibling> SiblingsOf(const std::vector<model::Note>& notes) {
  std::vector<Sibling> siblings;
  for (const model::Note& n : notes) {
    siblings.push_back(MakeSibling(n.note_id, n.order_key, n.version, n.Key()));
  }
  return siblings;
}

std::string NowTimestamp(const ServiceContext& context) {
  return model::FormatTimestamp(context.now());
}

}  // namespace homeboard::service::internal
