// WidgetService: widgets in columns, their moves (within a page: one write; across pages: a
// transaction plus re-pointing the children) and their cascading delete.
#include "service/widget_service.h"

#include <fmt/format.h>

#include <algorithm>

#include "model/ids.h"
#include "model/limits.h"
#include "model/page.h"
#include "model/tables.h"
#include "model/text.h"
#include "service/internal/cascade.h"
#include "service/internal/loaders.h"
#include "service/internal/store_ops.h"
#include "service/internal/tag_ops.h"
#include "service/share_service.h"

namespace homeboard::service {
namespace {

using internal::ObjectRef;

ObjectRef WidgetRef(const model::Widget& widget) {
  return ObjectRef{"widget", "widget_id", widget.widget_id};
}

Status CheckColumn(int column) {
  if (column < 0 || column >= model::kMaxColumns) {
    return InvalidArgument(
        "column", model::rule::kRange,
        fmt::format("column: must be between 0 and {} (got {})", model::kMaxColumns - 1, column));
  }
  return {};
}

Status CheckRoom(const std::vector<model::Widget>& widgets) {
  if (widgets.size() >= model::kMaxWidgetsPerPage) {
    return LimitExceeded(
        "widgets", rule::kMaxCount,
        fmt::format("widgets: at most {} widgets per page", model::kMaxWidgetsPerPage));
  }
  return {};
}

// The order plan for a widget going into `column` among `widgets` (the moved widget, if it is
// among them, excluded).
Result<internal::OrderPlan> PlanInColumn(const std::vector<model::Widget>& widgets, int column,
                                         std::string_view exclude_id, const Placement& placement) {
  std::vector<model::Widget> in_column;
  for (const model::Widget& w : widgets) {
    if (w.column == column && w.widget_id != exclude_id) in_column.push_back(w);
  }
  return internal::PlanPlacement(internal::SiblingsOf(in_column), placement);
}

struct LiveWidget {
  model::Page page;
  model::Widget widget;
};

// A widget the caller may access (`access`) on a page that is not being deleted. The access
// check is the widget's (its own share or its page's); the page is read from the widget
// owner's partition only to see that it is live, because a grantee of the widget alone may
// use the widget without access to the rest of its page.
Result<LiveWidget> LoadLiveWidget(const ServiceContext& context, const Caller& caller,
                                  std::string_view page_id, std::string_view widget_id,
                                  Access access) {
  Result<model::Widget> widget =
      internal::LoadWidget(context, caller, page_id, widget_id, access, "widget_id");
  if (!widget.ok()) return std::move(widget).error();
  Result<model::Page> page = internal::LoadLivePage(context, widget->user_id, page_id);
  if (!page.ok()) {
    if (page.error().code == Error::Code::kNotFound) {
      return NotFound("widget_id", "widget", widget_id);
    }
    return std::move(page).error();
  }
  return LiveWidget{std::move(page).value(), std::move(widget).value()};
}

// The second, idempotent step of a move to another page: the widget's shares (so its
// grantees and links find it on its new page) and its children take the new page_id.
Status RepointAfterMove(const ServiceContext& context, std::string_view widget_id,
                        std::string_view page_id) {
  if (Status s = RepointWidgetShares(context, widget_id, page_id); !s.ok()) return s;
  return internal::RepointChildren(context, widget_id, page_id);
}

void SortWidgets(std::vector<model::Widget>& widgets) {
  std::sort(widgets.begin(), widgets.end(), [](const model::Widget& a, const model::Widget& b) {
    if (a.column != b.column) return a.column < b.column;
    if (a.order_key != b.order_key) return a.order_key < b.order_key;
    return a.widget_id < b.widget_id;
  });
}

}  // namespace

Result<model::Widget> WidgetService::Add(const Caller& caller, std::string_view page_id,
                                         const NewWidget& input) const {
  if (Status s = internal::CheckCaller(caller); !s.ok()) return std::move(s).error();
  if (Status s = internal::CheckId(page_id, "page_id"); !s.ok()) return std::move(s).error();
  if (Status s = CheckColumn(input.column); !s.ok()) return std::move(s).error();
  if (Status s = internal::CheckPlacement(input.placement); !s.ok()) return std::move(s).error();
  model::Time now = context_.now();
  model::Widget widget;
  widget.page_id = std::string(page_id);
  widget.widget_id = model::NewId(now);
  widget.user_id = caller.user_id;
  widget.kind = input.kind;
  widget.title = model::NormalizeWhitespace(input.title);
  widget.column = input.column;
  widget.order_key = "V";  // placeholder until the placement is planned
  widget.settings = input.settings;
  widget.created_at = widget.updated_at = model::FormatTimestamp(now);
  widget.version = 1;
  if (Status s = internal::CheckValid(widget.Validate()); !s.ok()) return std::move(s).error();

  Result<model::Page> page = internal::LoadPage(context_, caller, page_id, Access::kEdit);
  if (!page.ok()) return std::move(page).error();
  // The page's owner owns what is put on it (the caller may be someone it is shared with).
  widget.user_id = page->user_id;
  Result<std::vector<model::Widget>> widgets = internal::QueryWidgets(context_, page_id);
  if (!widgets.ok()) return std::move(widgets).error();
  if (Status s = CheckRoom(*widgets); !s.ok()) return std::move(s).error();
  Result<internal::OrderPlan> plan = PlanInColumn(*widgets, widget.column, "", input.placement);
  if (!plan.ok()) return std::move(plan).error();
  std::string table = context_.Table(model::kWidgetsTable);
  if (Status s = internal::ApplyRekeys(context_, table, plan->rekeys, widget.created_at); !s.ok()) {
    return std::move(s).error();
  }
  widget.order_key = plan->order_key;
  // Checked in the same transaction: a page whose delete has started (and so may have
  // listed its widgets already) can never gain a widget.
  if (Status s = internal::CreateItemChecked(context_, table, widget.Key(), widget.ToItem(),
                                             {internal::PageIsLive(context_, *page, "page_id")},
                                             WidgetRef(widget));
      !s.ok()) {
    return std::move(s).error();
  }
  return widget;
}

Result<model::Widget> WidgetService::Get(const Caller& caller, std::string_view page_id,
                                         std::string_view widget_id) const {
  Result<LiveWidget> live = LoadLiveWidget(context_, caller, page_id, widget_id, Access::kView);
  if (!live.ok()) return std::move(live).error();
  return std::move(live->widget);
}

Result<std::vector<model::Widget>> WidgetService::List(const Caller& caller,
                                                       std::string_view page_id) const {
  Result<model::Page> page = internal::LoadPage(context_, caller, page_id, Access::kView);
  if (!page.ok()) return std::move(page).error();
  Result<std::vector<model::Widget>> widgets = internal::QueryWidgets(context_, page_id);
  if (!widgets.ok()) return widgets;
  SortWidgets(*widgets);
  return widgets;
}

Result<model::Widget> WidgetService::Update(const Caller& caller, std::string_view page_id,
                                            std::string_view widget_id,
                                            std::int64_t expected_version,
                                            const WidgetChanges& changes) const {
  if (Status s = internal::CheckVersion(expected_version); !s.ok()) return std::move(s).error();
  Result<LiveWidget> live = LoadLiveWidget(context_, caller, page_id, widget_id, Access::kEdit);
  if (!live.ok()) return std::move(live).error();
  const model::Widget& widget = live->widget;
  model::Widget changed = widget;
  if (changes.title) changed.title = model::NormalizeWhitespace(*changes.title);
  if (changes.settings) changed.settings = *changes.settings;
  if (Status s = internal::CheckValid(changed.Validate()); !s.ok()) return std::move(s).error();
  if (widget.version != expected_version) {
    return StaleVersion("widget", expected_version, widget.version);
  }
  changed.version = expected_version + 1;
  changed.updated_at = internal::NowTimestamp(context_);
  Result<ddb::Item> stored = internal::ReplaceVersioned(
      context_, context_.Table(model::kWidgetsTable), widget.Key(), widget.ToItem(),
      changed.ToItem(), expected_version, WidgetRef(widget));
  if (!stored.ok()) return std::move(stored).error();
  return changed;
}

Result<model::Widget> WidgetService::Move(const Caller& caller, std::string_view page_id,
                                          std::string_view widget_id, std::int64_t expected_version,
                                          const WidgetPlacement& placement) const {
  if (Status s = internal::CheckVersion(expected_version); !s.ok()) return std::move(s).error();
  if (Status s = CheckColumn(placement.column); !s.ok()) return std::move(s).error();
  if (Status s = internal::CheckPlacement(placement.placement); !s.ok()) {
    return std::move(s).error();
  }
  Result<LiveWidget> live = LoadLiveWidget(context_, caller, page_id, widget_id, Access::kEdit);
  if (!live.ok()) return std::move(live).error();
  const model::Widget& widget = live->widget;
  if (widget.version != expected_version) {
    return StaleVersion("widget", expected_version, widget.version);
  }
  Result<std::vector<model::Widget>> widgets = internal::QueryWidgets(context_, page_id);
  if (!widgets.ok()) return std::move(widgets).error();
  Result<internal::OrderPlan> plan =
      PlanInColumn(*widgets, placement.column, widget.widget_id, placement.placement);
  if (!plan.ok()) return std::move(plan).error();
  std::string table = context_.Table(model::kWidgetsTable);
  std::string now = internal::NowTimestamp(context_);
  if (Status s = internal::ApplyRekeys(context_, table, plan->rekeys, now); !s.ok()) {
    return std::move(s).error();
  }
  model::Widget moved = widget;
  moved.column = placement.column;
  moved.order_key = plan->order_key;
  moved.version = expected_version + 1;
  moved.updated_at = now;
  Result<ddb::Item> stored =
      internal::ReplaceVersioned(context_, table, widget.Key(), widget.ToItem(), moved.ToItem(),
                                 expected_version, WidgetRef(widget));
  if (!stored.ok()) return std::move(stored).error();
  return moved;
}

Result<model::Widget> WidgetService::MoveToPage(const Caller& caller, std::string_view page_id,
                                                std::string_view widget_id,
                                                std::int64_t expected_version,
                                                std::string_view target_page_id,
                                                const WidgetPlacement& placement) const {
  if (Status s = internal::CheckId(target_page_id, "target_page_id"); !s.ok()) {
    return std::move(s).error();
  }
  if (target_page_id == page_id) {
    return Move(caller, page_id, widget_id, expected_version, placement);
  }
  if (Status s = internal::CheckVersion(expected_version); !s.ok()) return std::move(s).error();
  if (Status s = CheckColumn(placement.column); !s.ok()) return std::move(s).error();
  if (Status s = internal::CheckPlacement(placement.placement); !s.ok()) {
    return std::move(s).error();
  }
  Result<LiveWidget> live = LoadLiveWidget(context_, caller, page_id, widget_id, Access::kEdit);
  if (!live.ok()) return std::move(live).error();
  const model::Widget& widget = live->widget;
  Result<model::Page> target =
      internal::LoadPage(context_, caller, target_page_id, Access::kEdit, "target_page_id");
  if (!target.ok()) return std::move(target).error();
  // A widget belongs to its page's owner: it moves among that owner's pages only, even for
  // a caller who may edit someone else's page too.
  if (target->user_id != widget.user_id) {
    return NotFound("target_page_id", "page", target_page_id);
  }
  if (widget.version != expected_version) {
    return StaleVersion("widget", expected_version, widget.version);
  }
  Result<std::vector<model::Widget>> widgets = internal::QueryWidgets(context_, target_page_id);
  if (!widgets.ok()) return std::move(widgets).error();
  if (Status s = CheckRoom(*widgets); !s.ok()) return std::move(s).error();
  Result<internal::OrderPlan> plan =
      PlanInColumn(*widgets, placement.column, widget.widget_id, placement.placement);
  if (!plan.ok()) return std::move(plan).error();
  std::string table = context_.Table(model::kWidgetsTable);
  std::string now = internal::NowTimestamp(context_);
  if (Status s = internal::ApplyRekeys(context_, table, plan->rekeys, now); !s.ok()) {
    return std::move(s).error();
  }
  model::Widget moved = widget;
  moved.page_id = std::string(target_page_id);
  moved.column = placement.column;
  moved.order_key = plan->order_key;
  moved.version = expected_version + 1;
  moved.updated_at = now;
  // The widget's tag associations name its page: re-pointed in the move's transaction.
  if (Status s = internal::MoveTaggedVersioned(
          context_, internal::RecordOf(widget), expected_version, internal::RecordOf(moved),
          {internal::PageIsLive(context_, *target, "target_page_id")}, WidgetRef(widget));
      !s.ok()) {
    return std::move(s).error();
  }
  if (Status s = RepointAfterMove(context_, moved.widget_id, moved.page_id); !s.ok()) {
    Error error = std::move(s).error();
    error.message = fmt::format(
        "widget {} moved to page {}, but its children or shares still name the old page ({}); "
        "call RepairChildren",
        moved.widget_id, moved.page_id, error.message);
    return error;
  }
  return moved;
}

Status WidgetService::RepairChildren(const Caller& caller, std::string_view page_id,
                                     std::string_view widget_id) const {
  Result<model::Widget> widget =
      internal::LoadWidget(context_, caller, page_id, widget_id, Access::kEdit);
  if (!widget.ok()) return std::move(widget).error();
  return RepointAfterMove(context_, widget->widget_id, widget->page_id);
}

Status WidgetService::Delete(const Caller& caller, std::string_view page_id,
                             std::string_view widget_id, std::int64_t expected_version) const {
  if (Status s = internal::CheckVersion(expected_version); !s.ok()) return s;
  // kDelete, not kEdit: the widget may be shared on its own, and deleting it ends those
  // shares, which only its owner may do (access.h).
  Result<model::Widget> widget =
      internal::LoadWidget(context_, caller, page_id, widget_id, Access::kDelete);
  if (!widget.ok()) return std::move(widget).error();
  if (widget->version != expected_version) {
    return StaleVersion("widget", expected_version, widget->version);
  }
  return internal::DeleteWidgetAndChildren(context_, page_id, widget_id);
}

}  // namespace homeboard::service
