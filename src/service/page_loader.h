// PageLoader: everything one page shows, in the fewest round trips (docs/data-model.md,
// access pattern "load a whole page"): GetItem of the page, a Query of its widgets, then ONE
// wave of Queries for the widgets' contents — groups and bookmarks of each bookmarks widget,
// notes of each notes widget. Every Query is drained (pages of 1000), so a widget with
// 10,000 bookmarks loads whole.
//
// Where the wave runs (PageLoaderOptions::wave): on a network engine (DynamoDB) each Query
// is a round trip of milliseconds spent waiting, so the wave runs at most `max_in_flight` (8)
// Queries at a time on short-lived worker threads (ItemStore has no asynchronous API); the
// page costs about one round trip instead of forty. On an in-process engine (SQLite) a Query
// is CPU work on this machine: workers would add thread creation (clone, stack mmap/munmap)
// and contention to every request while the server's request threads already keep the
// cores busy, so the wave runs on the calling thread, one Query after another. Measured on
// a 20 x 50 page (bench/page_render_bench.cc, BM_LoadAndRender, 2 shared cores): inline
// costs ~4.1 ms of CPU per page against ~4.7-4.9 ms on workers, and pages/s with four
// requests at once are the same within noise. A lone request on an idle machine may take
// longer inline (it no longer spreads over both cores); under load, CPU is what bounds it.
//
// Ordering of the result: widgets by (column, order_key, widget_id); within a widget, groups
// in tree order (group_service.h, TreeOrder), bookmarks and notes by (order_key, id). A
// bookmark's order key orders it among the bookmarks of its own group; the flat list sorts
// them all by key, and the client files them under their group_id.
//
// Notes come as NoteSummary (title and preview, no body): a notes widget shows previews, and
// the whole page stays small; opening a note is NoteService::Get.
//
// Who may load what (service/access.h): the owner; a user the page is shared with (view or
// edit), who sees the whole page; a user only a widget is shared with, who may load that
// widget (LoadWidget) but not the page; and anyone holding a public link token, who may load
// exactly the shared page or widget, read-only (LoadShared), and nothing else.
//
// Errors: kInvalidArgument for bad ids; kNotFound (field "page_id" / "widget_id" / "token")
// for a page or widget that is missing, the caller may not view, or being deleted, and for
// an unknown, revoked or expired link; kUnavailable / kInternal from any query of the wave
// (the first one reported; the others are awaited, never abandoned).
//
// Thread safety: stateless; safe to call from any number of threads (a Load that uses
// workers runs its own and joins them before returning).
#ifndef HOMEBOARD_SERVICE_PAGE_LOADER_H_
#define HOMEBOARD_SERVICE_PAGE_LOADER_H_

#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

#include "model/bookmark.h"
#include "model/group.h"
#include "model/note.h"
#include "model/page.h"
#include "model/share.h"
#include "model/widget.h"
#include "service/context.h"
#include "service/error.h"

namespace homeboard::service {

struct WidgetView {
  model::Widget widget;
  std::vector<model::Group> groups;        // bookmarks widgets only
  std::vector<model::Bookmark> bookmarks;  // bookmarks widgets only
  std::vector<model::NoteSummary> notes;   // notes widgets only
};

struct PageView {
  model::Page page;
  std::vector<WidgetView> widgets;
};

// What a public link opens, before its contents are loaded: the share and the owner's live
// page it is on (the shared page itself, or the page of the shared widget).
struct SharedTarget {
  model::Share share;
  model::Page page;
};

// What a public link shows: the share, and exactly one of the page (a page link) or the
// widget (a widget link).
struct SharedView {
  model::Share share;
  std::optional<PageView> page;
  std::optional<WidgetView> widget;
};

// Where the wave of content Queries runs (see the file comment).
enum class WaveThreads {
  kByEngine,       // kCallingThread on SQLite (store->engine() == "sqlite"), else kWorkers
  kCallingThread,  // one Query after another on the caller's thread
  kWorkers,        // up to max_in_flight at once, on short-lived workers
};

struct PageLoaderOptions {
  // Queries of the wave in flight at once when it runs on workers (at least 1).
  std::size_t max_in_flight = 8;
  WaveThreads wave = WaveThreads::kByEngine;
};

class PageLoader {
 public:
  explicit PageLoader(ServiceContext context, PageLoaderOptions options = {})
      : context_(std::move(context)), options_(options) {}

  // The page and all its widgets, for its owner or a user the page is shared with:
  // Open, then Expand.
  [[nodiscard]] Result<PageView> Load(const Caller& caller, std::string_view page_id) const;

  // The page alone, if `caller` may view it and it is live (not being deleted). Store calls:
  // one GetItem for the owner, three for a grantee (see internal::LoadPage). Lets a caller
  // (the server's page cache) decide between a cached view and Expand after the check.
  [[nodiscard]] Result<model::Page> Open(const Caller& caller, std::string_view page_id) const;

  // The view of `page` (as Open returned it): a Query of its widgets, then the wave.
  [[nodiscard]] Result<PageView> Expand(model::Page page) const;

  // One widget and its contents, for anyone who may view it: its owner, a user its page or
  // the widget itself is shared with. kNotFound also when its page is being deleted.
  [[nodiscard]] Result<WidgetView> LoadWidget(const Caller& caller, std::string_view page_id,
                                              std::string_view widget_id) const;

  // What the public link `token` shares (ShareService::OpenLink, then the page or widget of
  // the share's owner), read-only. Nothing else is reachable through a token.
  [[nodiscard]] Result<SharedView> LoadShared(std::string_view token) const;

  // LoadShared in two halves: OpenShared checks the link and reads its page (live, still the
  // owner's); LoadShared(target) loads what it shows. A page link's view is also
  // Expand(target.page), which lets the server's page cache serve it.
  [[nodiscard]] Result<SharedTarget> OpenShared(std::string_view token) const;
  [[nodiscard]] Result<SharedView> LoadShared(SharedTarget target) const;

 private:
  // Fills each view's groups, bookmarks and notes in one wave (on workers or not, per
  // options_.wave).
  Status LoadContents(std::vector<WidgetView*> views) const;

  ServiceContext context_;
  PageLoaderOptions options_;
};

}  // namespace homeboard::service

#endif  // HOMEBOARD_SERVICE_PAGE_LOADER_H_
