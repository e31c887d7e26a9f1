// PageLoader: page + widgets, then one bounded parallel wave of container queries.
#include "service/page_loader.h"

#include <algorithm>
#include <mutex>
#include <optional>

#include "service/group_service.h"
#include "service/internal/loaders.h"
#include "service/internal/store_ops.h"

namespace homeboard::service {

Result<PageView> PageLoader::Load(const Caller& caller, std::string_view page_id) const {
  Result<model::Page> page = internal::LoadPage(context_, caller, page_id, Access::kView);
  if (!page.ok()) return std::move(page).error();
  Result<std::vector<model::Widget>> widgets = internal::QueryWidgets(context_, page_id);
  if (!widgets.ok()) return std::move(widgets).error();
  std::erase_if(*widgets, [&](const model::Widget& w) {
    return !MayAccess(caller, Access::kView, w.user_id);
  });
  std::sort(widgets->begin(), widgets->end(), [](const model::Widget& a, const model::Widget& b) {
    if (a.column != b.column) return a.column < b.column;
    if (a.order_key != b.order_key) return a.order_key < b.order_key;
    return a.widget_id < b.widget_id;
  });

  PageView view;
  view.page = std::move(page).value();
  view.widgets.reserve(widgets->size());
  for (model::Widget& widget : *widgets) view.widgets.push_back(WidgetView{std::move(widget)});

  // The wave: one task per (widget, container table). Each task writes only its own slot
  // of `view`, so the slots need no lock; the first error is kept under one.
  enum class Part { kGroups, kBookmarks, kNotes };
  struct Task {
    std::size_t widget;
    Part part;
  };
  std::vector<Task> tasks;
  for (std::size_t i = 0; i < view.widgets.size(); ++i) {
    switch (view.widgets[i].widget.kind) {
      case model::WidgetKind::kBookmarks:
        tasks.push_back({i, Part::kGroups});
        tasks.push_back({i, Part::kBookmarks});
        break;
      case model::WidgetKind::kNotes:
        tasks.push_back({i, Part::kNotes});
        break;
      default:
        break;
    }
  }
  std::mutex mu;
  std::optional<Error> first_error;  // GUARDED_BY(mu)
  auto fail = [&](Error error) {
    std::lock_guard<std::mutex> lock(mu);
    if (!first_error) first_error = std::move(error);
  };
  internal::RunBounded(tasks.size(), options_.max_in_flight, [&](std::size_t t) {
    WidgetView& slot = view.widgets[tasks[t].widget];
    const std::string& widget_id = slot.widget.widget_id;
    switch (tasks[t].part) {
      case Part::kGroups: {
        Result<std::vector<model::Group>> groups = internal::QueryGroups(context_, widget_id);
        if (!groups.ok()) return fail(std::move(groups).error());
        slot.groups = TreeOrder(std::move(groups).value());
        break;
      }
      case Part::kBookmarks: {
        Result<std::vector<model::Bookmark>> bookmarks =
            internal::QueryBookmarks(context_, widget_id);
        if (!bookmarks.ok()) return fail(std::move(bookmarks).error());
        internal::SortByOrderKey(*bookmarks, [](const model::Bookmark& b) -> const std::string& {
          return b.bookmark_id;
        });
        slot.bookmarks = std::move(bookmarks).value();
        break;
      }
      case Part::kNotes: {
        Result<std::vector<model::Note>> notes = internal::QueryNotes(context_, widget_id);
        if (!notes.ok()) return fail(std::move(notes).error());
        internal::SortByOrderKey(
            *notes, [](const model::Note& n) -> const std::string& { return n.note_id; });
        slot.notes.reserve(notes->size());
        for (const model::Note& note : *notes) slot.notes.push_back(model::NoteSummary::Of(note));
        break;
      }
    }
  });
  if (first_error) return *std::move(first_error);
  return view;
}

}  // namespace homeboard::service
