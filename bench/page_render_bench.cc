// The cold path of `GET /api/v1/pages/{id}?expand=all`, without HTTP: PageLoader::Load of a
// page of 20 bookmarks widgets x 50 bookmarks (two or three tags each, a description on every
// third, two groups per widget) from a SQLite file in $TMPDIR, and the page view written as
// the JSON the API returns (server/entity_json.h, WritePageView; ~340 KB). Each benchmark
// measures process CPU time (workers included, if the loader runs any), which is what a busy
// server pays per uncached page view; wall time is reported too.
//
//   build/release/bench/page_render_bench
//
// BM_LoadAndRender/wave:0/threads:1 is the per-request figure (wave:2 runs the wave on
// workers, as on DynamoDB; threads:4 is four requests at once, items_per_second their pages/s
// together); BM_Load, BM_Render, BM_QueryBookmarkItems (the
// store's Query alone, items not decoded) and BM_DecodeBookmarks (Bookmark::FromItem of the
// page's 1,000 items) split it up. BM_NotesWidget compares two ways of loading a notes
// widget's previews.
#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "model/attributes.h"
#include "model/bookmark.h"
#include "model/ids.h"
#include "model/tables.h"
#include "server/entity_json.h"
#include "service/bookmark_service.h"
#include "service/context.h"
#include "service/group_service.h"
#include "service/internal/loaders.h"
#include "service/note_service.h"
#include "service/page_loader.h"
#include "service/page_service.h"
#include "service/tag_service.h"
#include "service/widget_service.h"
#include "store/sqlite/sqlite_store.h"

namespace homeboard {
namespace {

constexpr int kWidgets = 20;
constexpr int kBookmarksPerWidget = 50;

[[noreturn]] void Die(const std::string& what) {
  std::fprintf(stderr, "page_render_bench: %s\n", what.c_str());
  std::exit(1);
}

// The store and the page, built once for all benchmarks; removed at exit.
struct Fixture {
  std::filesystem::path folder;
  std::unique_ptr<store::sqlite::SqliteStore> store;
  service::ServiceContext context;
  service::Caller caller;
  std::string page_id;
  std::vector<std::string> widget_ids;
  std::string notes_widget_id;  // on a second page: 20 notes of ~4 KB

  Fixture() {
    folder = std::filesystem::temp_directory_path() /
             fmt::format("homeboard-page-render-{}", model::NewId());
    std::filesystem::create_directories(folder);
    auto opened = store::sqlite::SqliteStore::Open({.path = (folder / "bench.db").string()});
    if (!opened.ok()) Die(opened.error().ToString());
    store = std::move(opened).value();
    std::vector<store::TableSpec> specs = model::AllTableSpecs(model::TableNames(""));
    if (auto ensured = store->EnsureTables(specs, store::EnsureOptions{}); !ensured.ok()) {
      Die(ensured.error().ToString());
    }
    context.store = store.get();
    caller.user_id = model::NewId();
    Build();
  }

  ~Fixture() {
    store.reset();
    std::error_code ignored;
    std::filesystem::remove_all(folder, ignored);
  }

  void Build() {
    service::PageService pages(context);
    service::WidgetService widgets(context);
    service::GroupService groups(context);
    service::BookmarkService bookmarks(context);
    auto page = pages.Create(caller, "Everyday links");
    if (!page.ok()) Die(page.error().ToString());
    page_id = page->page_id;
    std::vector<service::TagAssignment> assignments;
    int counter = 0;
    for (int w = 0; w < kWidgets; ++w) {
      auto widget = widgets.Add(caller, page_id,
                                {.kind = model::WidgetKind::kBookmarks,
                                 .title = fmt::format("Links {}", w + 1),
                                 .column = w % 4});
      if (!widget.ok()) Die(widget.error().ToString());
      widget_ids.push_back(widget->widget_id);
      std::vector<std::string> group_ids;
      for (int g = 0; g < 2; ++g) {
        auto group = groups.Create(caller, page_id, widget->widget_id,
                                   {.name = fmt::format("Group {}", g + 1)});
        if (!group.ok()) Die(group.error().ToString());
        group_ids.push_back(group->group_id);
      }
      std::vector<service::BatchBookmark> batch;
      for (int b = 0; b < kBookmarksPerWidget; ++b, ++counter) {
        service::BatchBookmark bookmark{
            .bookmark_id = model::NewId(),
            .url = fmt::format("https://site{}.example.com/articles/{}/a-reasonably-long-path",
                               counter % 97, counter),
            .title = fmt::format("Bookmark {} about something \"quoted\" and more", counter),
            .description = counter % 3 == 0 ? "A longer description of the link, with a few "
                                              "words in it.\nAnd a second line."
                                            : ""};
        if (b % 5 != 0) bookmark.group_id = group_ids[static_cast<std::size_t>(b % 2)];
        batch.push_back(std::move(bookmark));
      }
      auto added = bookmarks.AddMany(caller, page_id, widget->widget_id, batch);
      if (!added.ok()) Die(added.error().ToString());
      for (const model::Bookmark& bookmark : *added) {
        std::vector<std::string> tags = {fmt::format("tag-{:03}", counter % 50),
                                         fmt::format("topic-{}", bookmark.bookmark_id.back())};
        if (assignments.size() % 2 == 0) tags.push_back("reading");
        assignments.push_back({.item = {.type = model::TaggedType::kBookmark,
                                        .container_id = widget->widget_id,
                                        .item_id = bookmark.bookmark_id},
                               .tags = std::move(tags)});
      }
    }
    auto tagged = service::TagService(context).SetTagsMany(caller, assignments);
    if (!tagged.ok()) Die(tagged.error().ToString());

    auto notes_page = pages.Create(caller, "Notes");
    if (!notes_page.ok()) Die(notes_page.error().ToString());
    auto notes_widget = widgets.Add(caller, notes_page->page_id,
                                    {.kind = model::WidgetKind::kNotes, .title = "Notes"});
    if (!notes_widget.ok()) Die(notes_widget.error().ToString());
    notes_widget_id = notes_widget->widget_id;
    service::NoteService notes(context);
    for (int n = 0; n < 20; ++n) {
      std::string body;
      while (body.size() < 4000) body += fmt::format("Line {} of a note about things.\n", n);
      auto note = notes.Create(caller, notes_page->page_id, notes_widget_id,
                               {.title = fmt::format("Note {}", n), .body = std::move(body)});
      if (!note.ok()) Die(note.error().ToString());
    }
  }
};

Fixture& GetFixture() {
  static Fixture* fixture = new Fixture();  // built on first use; see atexit below
  return *fixture;
}

service::PageView LoadOrDie(const service::PageLoader& loader) {
  Fixture& f = GetFixture();
  auto view = loader.Load(f.caller, f.page_id);
  if (!view.ok()) Die(view.error().ToString());
  return std::move(view).value();
}

void BM_Load(benchmark::State& state) {
  service::PageLoader loader(GetFixture().context);
  std::size_t bookmarks = 0;
  for (auto _ : state) {
    service::PageView view = LoadOrDie(loader);
    bookmarks = 0;
    for (const service::WidgetView& widget : view.widgets) bookmarks += widget.bookmarks.size();
    benchmark::DoNotOptimize(view);
  }
  if (bookmarks != kWidgets * kBookmarksPerWidget) Die("the page lost bookmarks");
  state.counters["bookmarks"] = static_cast<double>(bookmarks);
}
BENCHMARK(BM_Load)->Unit(benchmark::kMicrosecond)->MeasureProcessCPUTime()->UseRealTime();

void BM_Render(benchmark::State& state) {
  service::PageView view = LoadOrDie(service::PageLoader(GetFixture().context));
  std::size_t bytes = 0;
  for (auto _ : state) {
    std::string json = server::ToJson(view, server::WritePageView);
    bytes = json.size();
    benchmark::DoNotOptimize(json);
  }
  state.counters["json_bytes"] = static_cast<double>(bytes);
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes));
}
BENCHMARK(BM_Render)->Unit(benchmark::kMicrosecond)->MeasureProcessCPUTime()->UseRealTime();

// Argument: the PageLoader's WaveThreads (0 by engine, i.e. inline on SQLite; 2 workers).
// With 4 threads, pages/s under contention on this machine's cores (items_per_second).
void BM_LoadAndRender(benchmark::State& state) {
  service::PageLoader loader(
      GetFixture().context,
      service::PageLoaderOptions{.wave = static_cast<service::WaveThreads>(state.range(0))});
  std::size_t bytes = 0;
  for (auto _ : state) {
    service::PageView view = LoadOrDie(loader);
    std::string json = server::ToJson(view, server::WritePageView);
    bytes = json.size();
    benchmark::DoNotOptimize(json);
  }
  state.counters["json_bytes"] = static_cast<double>(bytes);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_LoadAndRender)
    ->ArgName("wave")
    ->Arg(static_cast<int>(service::WaveThreads::kByEngine))
    ->Arg(static_cast<int>(service::WaveThreads::kWorkers))
    ->Unit(benchmark::kMicrosecond)
    ->MeasureProcessCPUTime()
    ->UseRealTime()
    ->Threads(1)
    ->Threads(4);

// The store's share: one drained Query per widget of its bookmark items, not decoded.
void BM_QueryBookmarkItems(benchmark::State& state) {
  Fixture& f = GetFixture();
  std::size_t items = 0;
  for (auto _ : state) {
    items = 0;
    for (const std::string& widget_id : f.widget_ids) {
      store::QueryRequest request;
      request.table = f.context.Table(model::kBookmarksTable);
      request.key_condition = ddb::KeyCondition::Partition(
          std::string(model::attr::kWidgetId), ddb::AttributeValue::S(widget_id));
      request.consistent_read = true;
      request.limit = 1000;
      auto page = f.store->Query(request);
      if (!page.ok()) Die(page.error().ToString());
      items += page->items.size();
      benchmark::DoNotOptimize(page);
    }
  }
  state.counters["items"] = static_cast<double>(items);
}
BENCHMARK(BM_QueryBookmarkItems)->Unit(benchmark::kMicrosecond)->MeasureProcessCPUTime();

// The model's share: Bookmark::FromItem of the page's 1,000 bookmark items.
void BM_DecodeBookmarks(benchmark::State& state) {
  Fixture& f = GetFixture();
  std::vector<ddb::Item> items;
  for (const std::string& widget_id : f.widget_ids) {
    store::QueryRequest request;
    request.table = f.context.Table(model::kBookmarksTable);
    request.key_condition = ddb::KeyCondition::Partition(std::string(model::attr::kWidgetId),
                                                         ddb::AttributeValue::S(widget_id));
    request.limit = 1000;
    auto page = f.store->Query(request);
    if (!page.ok()) Die(page.error().ToString());
    for (ddb::Item& item : page->items) items.push_back(std::move(item));
  }
  for (auto _ : state) {
    for (const ddb::Item& item : items) {
      auto bookmark = model::Bookmark::FromItem(item);
      if (!bookmark.ok()) Die(bookmark.error().ToString());
      benchmark::DoNotOptimize(bookmark);
    }
  }
  state.counters["items"] = static_cast<double>(items.size());
}
BENCHMARK(BM_DecodeBookmarks)->Unit(benchmark::kMicrosecond)->MeasureProcessCPUTime();

// A notes widget's share of a page (20 notes of ~4 KB): arg 0 decodes whole notes and
// derives summaries (NoteSummary::Of, what PageLoader did), arg 1 decodes summaries from the
// items (QueryNoteSummaries, what it does now).
void BM_NotesWidget(benchmark::State& state) {
  Fixture& f = GetFixture();
  const bool summaries = state.range(0) == 1;
  for (auto _ : state) {
    std::vector<model::NoteSummary> out;
    if (summaries) {
      auto notes = service::internal::QueryNoteSummaries(f.context, f.notes_widget_id);
      if (!notes.ok()) Die(notes.error().ToString());
      out = std::move(notes).value();
    } else {
      auto notes = service::internal::QueryNotes(f.context, f.notes_widget_id);
      if (!notes.ok()) Die(notes.error().ToString());
      for (const model::Note& note : *notes) out.push_back(model::NoteSummary::Of(note));
    }
    if (out.size() != 20) Die("the notes widget lost notes");
    benchmark::DoNotOptimize(out);
  }
}
BENCHMARK(BM_NotesWidget)->ArgName("summaries")->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace homeboard

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  delete &homeboard::GetFixture();  // removes the temporary database
  return 0;
}
