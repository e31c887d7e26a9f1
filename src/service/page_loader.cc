// PageLoader: page + widgets, then one wave of container queries (bounded parallel on a
// network engine, inline on an in-process one); the same wave serves one widget (a widget
// share) and the target of a public link.
#include "service/page_loader.h"

#include <algorithm>
#include <mutex>
#include <optional>

#include "model/attributes.h"
#include "service/group_service.h"
#include "service/internal/loaders.h"
#include "service/internal/store_ops.h"
#include "service/share_service.h"

namespace homeboard::service {
namespace {

void SortWidgets(std::vector<model::Widget>& widgets) {
  std::sort(widgets.begin(), widgets.end(), [](const model::Widget& a, const model::Widget& b) {
    if (a.column != b.column) return a.column < b.column;
    if (a.order_key != b.order_key) return a.order_key < b.order_key;
    return a.widget_id < b.widget_id;
  });
}

// The page view of `page` with its widgets: only widgets of the page's owner (whoever views
// the page sees what its owner put there, nothing a third party wrote into its partition).
Result<PageView> PageWithWidgets(const ServiceContext& context, model::Page page) {
  Result<std::vector<model::Widget>> widgets = internal::QueryWidgets(context, page.page_id);
  if (!widgets.ok()) return std::move(widgets).error();
  std::erase_if(*widgets, [&](const model::Widget& w) { return w.user_id != page.user_id; });
  SortWidgets(*widgets);
  PageView view;
  view.page = std::move(page);
  view.widgets.reserve(widgets->size());
  for (model::Widget& widget : *widgets) view.widgets.push_back(WidgetView{std::move(widget)});
  return view;
}

}  // namespace

Result<PageView> PageLoader::Load(const Caller& caller, std::string_view page_id) const {
  Result<model::Page> page = Open(caller, page_id);
  if (!page.ok()) return std::move(page).error();
  return Expand(std::move(page).value());
}

Result<model::Page> PageLoader::Open(const Caller& caller, std::string_view page_id) const {
  return internal::LoadPage(context_, caller, page_id, Access::kView);
}

Result<PageView> PageLoader::Expand(model::Page page) const {
  Result<PageView> view = PageWithWidgets(context_, std::move(page));
  if (!view.ok()) return view;
  std::vector<WidgetView*> slots;
  for (WidgetView& widget : view->widgets) slots.push_back(&widget);
  if (Status s = LoadContents(std::move(slots)); !s.ok()) return std::move(s).error();
  return view;
}

Result<WidgetView> PageLoader::LoadWidget(const Caller& caller, std::string_view page_id,
                                          std::string_view widget_id) const {
  Result<model::Widget> widget =
      internal::LoadWidget(context_, caller, page_id, widget_id, Access::kView);
  if (!widget.ok()) return std::move(widget).error();
  // Access covered the widget; the page is read only to see that it is live.
  Result<model::Page> page = internal::LoadLivePage(context_, widget->user_id, page_id);
  if (!page.ok()) {
    if (page.error().code == Error::Code::kNotFound) {
      return NotFound(model::attr::kWidgetId, "widget", widget_id);
    }
    return std::move(page).error();
  }
  WidgetView view{std::move(widget).value()};
  if (Status s = LoadContents({&view}); !s.ok()) return std::move(s).error();
  return view;
}

Result<SharedTarget> PageLoader::OpenShared(std::string_view token) const {
  Result<ShareEntry> entry = ShareService(context_).OpenLink(token);
  if (!entry.ok()) return std::move(entry).error();
  // The share names the owner; everything is read from the owner's items and must still be
  // theirs. Anything gone is kNotFound naming the token, like a revoked link.
  Result<model::Page> page =
      internal::LoadLivePage(context_, entry->share.owner_id, entry->page_id);
  if (!page.ok()) {
    if (page.error().code == Error::Code::kNotFound) return NotFound("token", "link", "");
    return std::move(page).error();
  }
  return SharedTarget{.share = std::move(entry->share), .page = std::move(page).value()};
}

Result<SharedView> PageLoader::LoadShared(std::string_view token) const {
  Result<SharedTarget> target = OpenShared(token);
  if (!target.ok()) return std::move(target).error();
  return LoadShared(std::move(target).value());
}

Result<SharedView> PageLoader::LoadShared(SharedTarget target) const {
  const model::Share& share = target.share;
  SharedView shared;
  shared.share = share;
  if (share.resource_kind == model::ResourceKind::kPage) {
    Result<PageView> view = Expand(std::move(target.page));
    if (!view.ok()) return std::move(view).error();
    shared.page = std::move(view).value();
    return shared;
  }
  Result<std::optional<ddb::Item>> item =
      internal::GetItem(context_, context_.Table(model::kWidgetsTable),
                        model::Widget::KeyOf(target.page.page_id, share.resource_id));
  if (!item.ok()) return std::move(item).error();
  if (!item->has_value()) return NotFound("token", "link", "");
  Result<model::Widget> widget =
      internal::Decode<model::Widget>(context_.Table(model::kWidgetsTable), **item);
  if (!widget.ok()) return std::move(widget).error();
  if (widget->user_id != share.owner_id) return NotFound("token", "link", "");
  WidgetView view{std::move(widget).value()};
  if (Status s = LoadContents({&view}); !s.ok()) return std::move(s).error();
  shared.widget = std::move(view);
  return shared;
}

Status PageLoader::LoadContents(std::vector<WidgetView*> views) const {
  // The wave: one task per (widget, container table). Each task writes only its own slot,
  // so the slots need no lock; the first error is kept under one.
  enum class Part { kGroups, kBookmarks, kNotes };
  struct Task {
    WidgetView* slot;
    Part part;
  };
  std::vector<Task> tasks;
  for (WidgetView* view : views) {
    switch (view->widget.kind) {
      case model::WidgetKind::kBookmarks:
        tasks.push_back({view, Part::kGroups});
        tasks.push_back({view, Part::kBookmarks});
        break;
      case model::WidgetKind::kNotes:
        tasks.push_back({view, Part::kNotes});
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
  // RunBounded with one thread runs every task on this thread and starts none.
  bool on_workers =
      options_.wave == WaveThreads::kWorkers ||
      (options_.wave == WaveThreads::kByEngine && context_.store->engine() != "sqlite");
  std::size_t threads = on_workers ? options_.max_in_flight : 1;
  internal::RunBounded(tasks.size(), threads, [&](std::size_t t) {
    WidgetView& slot = *tasks[t].slot;
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
        // Summaries straight from the items: the stored preview, bodies left alone.
        Result<std::vector<model::NoteSummary>> notes =
            internal::QueryNoteSummaries(context_, widget_id);
        if (!notes.ok()) return fail(std::move(notes).error());
        internal::SortByOrderKey(
            *notes, [](const model::NoteSummary& n) -> const std::string& { return n.note_id; });
        slot.notes = std::move(notes).value();
        break;
      }
    }
  });
  if (first_error) return *std::move(first_error);
  return {};
}

}  // namespace homeboard::service
