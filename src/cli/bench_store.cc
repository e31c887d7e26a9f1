// `homeboard bench store`: see bench_store.h. The dataset is built in three phases (pages and
// widgets, bookmarks and notes, tags), each a workload line of its own, and "import" sums
// them; then the read and maintenance workloads run on the result.
#include "cli/bench_store.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "cli/bench_report.h"
#include "model/ids.h"
#include "model/tables.h"
#include "service/bookmark_service.h"
#include "service/context.h"
#include "service/note_service.h"
#include "service/page_loader.h"
#include "service/page_service.h"
#include "service/tag_service.h"
#include "service/widget_service.h"

namespace homeboard::cli {
namespace {

using Clock = std::chrono::steady_clock;

constexpr int kPages = 10;
constexpr int kWidgetsPerPage = 20;
constexpr int kTags = 500;
// Of the eight "mixed" pages' 20 widgets, this many hold notes; the rest bookmarks.
constexpr int kNotesWidgetsPerPage = 5;
// The tag carried by every 12th item: 1,000 of the 12,000, the one "rename a tag" renames.
constexpr std::string_view kRenamedTag = "tag-000";

double Seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

std::string TagName(int index) { return fmt::format("tag-{:03}", index); }

// What the dataset looks like once built: the ids the workloads need.
struct Dataset {
  service::Caller caller;
  std::string measured_page;  // 20 bookmarks widgets × 50 bookmarks
  std::string deleted_page;   // the same shape, deleted by the last workload
  std::int64_t deleted_page_version = 0;
  std::size_t bookmarks = 0;
  std::size_t notes = 0;
  std::size_t associations = 0;
  std::size_t measured_page_bookmarks = 0;
  std::size_t renamed_tag_items = 0;
  std::vector<service::TagAssignment> assignments;
};

// Runs `call` `samples` times; the report carries p50/p99 and calls/s. The first failure
// stops the workload and is reported.
WorkloadReport Sample(std::string name, int samples, const std::function<std::string()>& call) {
  WorkloadReport report{.workload = std::move(name)};
  LatencySamples latencies;
  Clock::time_point start = Clock::now();
  for (int i = 0; i < samples; ++i) {
    Clock::time_point begin = Clock::now();
    std::string error = call();
    latencies.Add(Clock::now() - begin);
    if (!error.empty()) {
      report.error = std::move(error);
      return report;
    }
  }
  double wall = Seconds(Clock::now() - start);
  report.requests = samples;
  report.wall_s = wall;
  report.calls_per_s = samples / wall;
  report.p50_us = latencies.PercentileUs(0.50);
  report.p99_us = latencies.PercentileUs(0.99);
  return report;
}

WorkloadReport Timed(std::string name, const std::function<std::string(std::int64_t&)>& call) {
  WorkloadReport report{.workload = std::move(name)};
  std::int64_t items = 0;
  Clock::time_point start = Clock::now();
  std::string error = call(items);
  double wall = Seconds(Clock::now() - start);
  if (!error.empty()) {
    report.error = std::move(error);
    return report;
  }
  report.items = items;
  report.wall_s = wall;
  if (wall > 0) report.items_per_s = static_cast<double>(items) / wall;
  return report;
}

class StoreBench {
 public:
  StoreBench(service::ServiceContext context, const BenchStoreOptions& options)
      : context_(std::move(context)), options_(options), random_(options.seed) {}

  // Builds the dataset and runs every workload; returns 1 if any failed.
  int Run() {
    dataset_.caller.user_id = model::NewId();
    Clock::time_point start = Clock::now();
    bool built = Emit(Timed("build_pages_widgets", [&](std::int64_t& n) { return BuildPages(n); }));
    built = built && Emit(Timed("add_bookmarks_notes", [&](std::int64_t& n) { return AddItems(n); }));
    built = built && Emit(Timed("set_tags", [&](std::int64_t& n) { return SetTags(n); }));
    if (!built) return 1;
    WorkloadReport import{.workload = "import",
                          .items = static_cast<std::int64_t>(dataset_.bookmarks + dataset_.notes +
                                                             dataset_.associations),
                          .wall_s = Seconds(Clock::now() - start)};
    import.items_per_s = *import.items / *import.wall_s;
    import.note = fmt::format("{} pages, {} widgets, {} bookmarks, {} notes, {} tag associations",
                              kPages, kPages * kWidgetsPerPage, dataset_.bookmarks, dataset_.notes,
                              dataset_.associations);
    Emit(import);

    bool ok = true;
    ok &= Emit(LoadPage());
    ok &= Emit(ListNewestAll());
    ok &= Emit(ListNewestFirstPage());
    ok &= Emit(ItemsWithTag());
    ok &= Emit(TagsWithCounts());
    ok &= Emit(TagsAutocomplete());
    ok &= Emit(RenameTag());
    ok &= Emit(DeletePage());
    return ok ? 0 : 1;
  }

 private:
  bool Emit(const WorkloadReport& report) {
    std::printf("%s\n", ToJsonLine(report).c_str());
    std::fflush(stdout);
    return report.error.empty();
  }

  int Scaled(double count) const {
    return std::max(1, static_cast<int>(std::lround(count * options_.scale)));
  }

  // 10 pages of 20 widgets: pages 0 and 1 hold 20 bookmarks widgets each (the measured and
  // the deleted page), pages 2..9 hold 15 bookmarks widgets and 5 notes widgets.
  std::string BuildPages(std::int64_t& items) {
    service::PageService pages(context_);
    service::WidgetService widgets(context_);
    for (int p = 0; p < kPages; ++p) {
      auto page = pages.Create(dataset_.caller, fmt::format("Page {}", p + 1));
      if (!page.ok()) return page.error().ToString();
      ++items;
      if (p == 0) dataset_.measured_page = page->page_id;
      if (p == 1) dataset_.deleted_page = page->page_id;
      for (int w = 0; w < kWidgetsPerPage; ++w) {
        bool notes = p >= 2 && w >= kWidgetsPerPage - kNotesWidgetsPerPage;
        service::NewWidget widget{
            .kind = notes ? model::WidgetKind::kNotes : model::WidgetKind::kBookmarks,
            .title = fmt::format("{} {}", notes ? "Notes" : "Links", w + 1),
            .column = w % 4};
        auto added = widgets.Add(dataset_.caller, page->page_id, widget);
        if (!added.ok()) return added.error().ToString();
        ++items;
        (notes ? notes_widgets_ : bookmark_widgets_).push_back({page->page_id, added->widget_id});
        if (p == 1) deleted_page_children_.push_back(added->widget_id);
      }
    }
    return "";
  }

  std::string AddItems(std::int64_t& items) {
    service::BookmarkService bookmarks(context_);
    service::NoteService notes(context_);
    // 1,000 bookmarks on each of the two 20-widget pages, 8,000 over the other 120 widgets.
    // Spread exactly: the first `extra` mixed widgets take one more.
    int on_full_pages = Scaled(50);
    int mixed_total = Scaled(8000);
    int mixed_widgets = (kPages - 2) * (kWidgetsPerPage - kNotesWidgetsPerPage);
    int per_notes_widget = Scaled(2000.0 / 40);
    std::size_t counter = 0;
    int mixed_index = 0;
    for (const service::WidgetRef& widget : bookmark_widgets_) {
      bool full_page = widget.page_id == dataset_.measured_page ||
                       widget.page_id == dataset_.deleted_page;
      int count = on_full_pages;
      if (!full_page) {
        count = mixed_total / mixed_widgets + (mixed_index < mixed_total % mixed_widgets ? 1 : 0);
        ++mixed_index;
      }
      std::vector<service::BatchBookmark> batch;
      for (int i = 0; i < count; ++i, ++counter) {
        batch.push_back({.bookmark_id = model::NewId(),
                         .url = fmt::format("https://site{}.example.com/articles/{}", counter % 997,
                                            counter),
                         .title = fmt::format("Bookmark {} about something", counter),
                         .description = counter % 3 == 0 ? "A longer description of the link" : ""});
      }
      auto added = bookmarks.AddMany(dataset_.caller, widget.page_id, widget.widget_id, batch);
      if (!added.ok()) return added.error().ToString();
      for (const model::Bookmark& bookmark : *added) {
        AddAssignment(model::TaggedType::kBookmark, widget.widget_id, bookmark.bookmark_id);
      }
      dataset_.bookmarks += added->size();
      if (widget.page_id == dataset_.measured_page) dataset_.measured_page_bookmarks += added->size();
    }
    for (const service::WidgetRef& widget : notes_widgets_) {
      for (int i = 0; i < per_notes_widget; ++i) {
        service::NewNote note{.title = fmt::format("Note {}", dataset_.notes),
                              .body = std::string(400, 'n')};
        auto created = notes.Create(dataset_.caller, widget.page_id, widget.widget_id, note);
        if (!created.ok()) return created.error().ToString();
        AddAssignment(model::TaggedType::kNote, widget.widget_id, created->note_id);
        ++dataset_.notes;
      }
    }
    items = static_cast<std::int64_t>(dataset_.bookmarks + dataset_.notes);
    return "";
  }

  // Item i gets 2 or 3 distinct tags (2.5 on average: 30,000 over 12,000 items): every 12th
  // item kRenamedTag, the others drawn with a skew (density ∝ 1/√k) so a few tags are on
  // thousands of items and the rarest on a few dozen, as real tag clouds are.
  void AddAssignment(model::TaggedType type, const std::string& container, const std::string& id) {
    std::size_t index = dataset_.assignments.size();
    std::vector<std::string> tags;
    if (index % 12 == 0) tags.emplace_back(kRenamedTag);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    std::size_t wanted = 2 + index % 2;
    while (tags.size() < wanted) {
      double u = unit(random_);
      std::string tag = TagName(1 + static_cast<int>(u * u * (kTags - 1)));
      if (std::find(tags.begin(), tags.end(), tag) == tags.end()) tags.push_back(std::move(tag));
    }
    if (index % 12 == 0) ++dataset_.renamed_tag_items;
    dataset_.associations += tags.size();
    dataset_.assignments.push_back({.item = {.type = type, .container_id = container, .item_id = id},
                                    .tags = std::move(tags)});
  }

  std::string SetTags(std::int64_t& items) {
    service::TagService tags(context_);
    constexpr std::size_t kChunk = 2000;
    for (std::size_t i = 0; i < dataset_.assignments.size(); i += kChunk) {
      std::size_t end = std::min(dataset_.assignments.size(), i + kChunk);
      std::vector<service::TagAssignment> chunk(dataset_.assignments.begin() + i,
                                                dataset_.assignments.begin() + end);
      auto report = tags.SetTagsMany(dataset_.caller, chunk);
      if (!report.ok()) return report.error().ToString();
    }
    items = static_cast<std::int64_t>(dataset_.associations);
    return "";
  }

  WorkloadReport LoadPage() {
    service::PageLoader loader(context_);
    WorkloadReport report = Sample("load_page", options_.samples, [&]() -> std::string {
      auto view = loader.Load(dataset_.caller, dataset_.measured_page);
      if (!view.ok()) return view.error().ToString();
      std::size_t loaded = 0;
      for (const service::WidgetView& widget : view->widgets) loaded += widget.bookmarks.size();
      if (view->widgets.size() != kWidgetsPerPage || loaded != dataset_.measured_page_bookmarks) {
        return fmt::format("loaded {} widgets / {} bookmarks, expected {} / {}",
                           view->widgets.size(), loaded, kWidgetsPerPage,
                           dataset_.measured_page_bookmarks);
      }
      return "";
    });
    report.items = static_cast<std::int64_t>(dataset_.measured_page_bookmarks);
    report.note = "20 widgets x 50 bookmarks, whole page";
    return report;
  }

  // Every bookmark newest first, in pages of 1,000 (what search and sync read).
  WorkloadReport ListNewestAll() {
    service::BookmarkService bookmarks(context_);
    WorkloadReport report =
        Sample("list_bookmarks_newest_all", std::max(3, options_.samples / 40), [&]() -> std::string {
          std::string cursor;
          std::size_t listed = 0;
          do {
            auto page = bookmarks.ListNewest(dataset_.caller, 1000, cursor);
            if (!page.ok()) return page.error().ToString();
            listed += page->bookmarks.size();
            cursor = page->next_cursor;
          } while (!cursor.empty());
          if (listed != dataset_.bookmarks) {
            return fmt::format("listed {} bookmarks, expected {}", listed, dataset_.bookmarks);
          }
          return "";
        });
    report.items = static_cast<std::int64_t>(dataset_.bookmarks);
    report.note = "pages of 1000, p50/p99 per full listing";
    return report;
  }

  WorkloadReport ListNewestFirstPage() {
    service::BookmarkService bookmarks(context_);
    WorkloadReport report = Sample("list_bookmarks_newest_page", options_.samples, [&] {
      auto page = bookmarks.ListNewest(dataset_.caller, 100, "");
      return page.ok() ? std::string() : page.error().ToString();
    });
    report.note = "first 100 of all bookmarks, newest first";
    return report;
  }

  WorkloadReport ItemsWithTag() {
    service::TagService tags(context_);
    std::uniform_int_distribution<int> pick(1, kTags - 1);
    WorkloadReport report = Sample("items_with_tag", options_.samples, [&] {
      auto page = tags.ItemsWithTag(dataset_.caller, TagName(pick(random_)), 100, "");
      return page.ok() ? std::string() : page.error().ToString();
    });
    report.note = "first 100 items of a random tag, items fetched";
    return report;
  }

  WorkloadReport TagsWithCounts() {
    service::TagService tags(context_);
    WorkloadReport report = Sample("tags_with_counts", options_.samples, [&]() -> std::string {
      auto page = tags.ListTags(dataset_.caller, "", 100, "");
      if (!page.ok()) return page.error().ToString();
      if (page->tags.size() != 100) return fmt::format("{} tags in a page of 100", page->tags.size());
      return "";
    });
    report.note = "first 100 of 500 tags with counts";
    return report;
  }

  WorkloadReport TagsAutocomplete() {
    service::TagService tags(context_);
    std::uniform_int_distribution<int> pick(0, 49);
    WorkloadReport report = Sample("tags_autocomplete", options_.samples, [&] {
      auto page = tags.ListTags(dataset_.caller, fmt::format("tag-{:02}", pick(random_)), 10, "");
      return page.ok() ? std::string() : page.error().ToString();
    });
    report.note = "10 tags starting with a 6-character prefix";
    return report;
  }

  WorkloadReport RenameTag() {
    service::TagService tags(context_);
    WorkloadReport report = Timed("rename_tag", [&](std::int64_t& items) -> std::string {
      auto renamed = tags.RenameTag(dataset_.caller, kRenamedTag, "renamed-tag");
      if (!renamed.ok()) return renamed.error().ToString();
      items = static_cast<std::int64_t>(*renamed);
      if (*renamed != dataset_.renamed_tag_items) {
        return fmt::format("renamed {} items, expected {}", *renamed, dataset_.renamed_tag_items);
      }
      return "";
    });
    report.note = "one tag on every 12th item";
    return report;
  }

  WorkloadReport DeletePage() {
    service::PageService pages(context_);
    WorkloadReport report = Timed("delete_page", [&](std::int64_t& items) -> std::string {
      auto page = pages.Get(dataset_.caller, dataset_.deleted_page);
      if (!page.ok()) return page.error().ToString();
      auto deleted = pages.Delete(dataset_.caller, dataset_.deleted_page, page->version);
      if (!deleted.ok()) return deleted.error().ToString();
      items = static_cast<std::int64_t>(deleted_page_children_.size()) + Scaled(50) * kWidgetsPerPage;
      return "";
    });
    report.note = "20 widgets, their bookmarks, tag associations and counts";
    return report;
  }

  service::ServiceContext context_;
  BenchStoreOptions options_;
  std::mt19937_64 random_;
  Dataset dataset_;
  std::vector<service::WidgetRef> bookmark_widgets_;
  std::vector<service::WidgetRef> notes_widgets_;
  std::vector<std::string> deleted_page_children_;
};

}  // namespace

int RunBenchStore(BenchStoreOptions options) {
  // A fresh store unless the caller named one: never the user's own database or tables.
  bool temporary_file = options.store.data_path.empty() && std::getenv("HOMEBOARD_DATA") == nullptr;
  bool temporary_tables = options.store.dynamo.table_prefix.empty();
  ResolveStoreOptions(options.store);
  std::filesystem::path temp_dir;
  if (options.store.engine == "sqlite" && temporary_file) {
    temp_dir = std::filesystem::temp_directory_path() /
               fmt::format("homeboard-bench-{}", model::NewId());
    options.store.data_path = (temp_dir / "bench.db").string();
  }
  if (options.store.engine == "dynamodb" && temporary_tables) {
    options.store.dynamo.table_prefix = fmt::format("bench{}_", model::NewId().substr(16));
  }
  std::fprintf(stderr, "bench store: %s\n", DescribeStore(options.store).c_str());

  std::vector<store::TableSpec> specs =
      model::AllTableSpecs(model::TableNames(options.store.dynamo.table_prefix));
  auto opened = OpenStore(options.store, specs);
  if (!opened.ok()) {
    std::fprintf(stderr, "homeboard bench store: %s\n", opened.error().ToString().c_str());
    return 1;
  }
  store::ItemStore& store = **opened;
  if (auto ensured = store.EnsureTables(specs, store::EnsureOptions{}); !ensured.ok()) {
    std::fprintf(stderr, "homeboard bench store: %s\n", ensured.error().ToString().c_str());
    return 1;
  }
  service::ServiceContext context{.store = &store,
                                  .tables = model::TableNames(options.store.dynamo.table_prefix)};
  int exit_code = StoreBench(context, options).Run();

  if (!options.keep) {
    if (options.store.engine == "dynamodb" && temporary_tables) {
      for (const store::TableSpec& spec : specs) (void)store.DeleteTable(spec.name);
    }
    opened->reset();
    if (!temp_dir.empty()) {
      std::error_code ignored;
      std::filesystem::remove_all(temp_dir, ignored);
    }
  } else {
    std::fprintf(stderr, "bench store: kept %s\n", DescribeStore(options.store).c_str());
  }
  return exit_code;
}

}  // namespace homeboard::cli
