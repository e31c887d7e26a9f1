// Unit tests of PageViewCache over a real SQLite file: what makes an entry stale (a tracked
// write to any partition the view was read from, a changed page item, a commit by another
// connection to the file), what does not (writes elsewhere), a fill raced by a write, and the
// byte bound (least recently used first, oversized bodies not kept). End-to-end coherence over
// HTTP is page_cache_test.cc.
#include "server/page_view_cache.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <thread>
#include <vector>

#include "model/tables.h"
#include "store/sqlite/sqlite_store.h"
#include "store/tracking_store.h"
#include "testing/status_matchers.h"

namespace homeboard::server {
namespace {

using V = ddb::AttributeValue;

class PageViewCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (std::filesystem::temp_directory_path() / "hb_pvc_XXXXXX").string();
    dir_ = mkdtemp(pattern.data());
    ASSERT_OK_AND_ASSIGN(base_, Open());
    ASSERT_OK(base_->EnsureTables(model::AllTableSpecs(tables_), {}));
    tracker_ = std::make_unique<store::WriteTracker>(model::AllTableSpecs(tables_));
    tracked_ = std::make_unique<store::TrackingStore>(base_.get(), tracker_.get());
    services_ = service::ServiceContext{.store = tracked_.get(), .tables = tables_};
  }
  void TearDown() override {
    tracked_.reset();
    base_.reset();
    std::filesystem::remove_all(dir_);
  }

  store::Result<std::unique_ptr<store::sqlite::SqliteStore>> Open() {
    return store::sqlite::SqliteStore::Open(
        {.path = (dir_ / "hb.db").string(), .cursor_secret = "page-view-cache-test-secret-01"});
  }

  std::unique_ptr<PageViewCache> MakeCache(std::size_t max_bytes = 1 << 20) {
    return std::make_unique<PageViewCache>(tracker_.get(), tracked_.get(), services_, max_bytes);
  }

  // A view of page `id` with widgets `widgets` (nothing else is needed by the cache).
  static service::PageView View(const std::string& id, std::vector<std::string> widgets) {
    service::PageView view;
    view.page = model::Page{.user_id = "u", .page_id = id, .title = "T", .version = 1};
    for (std::string& widget : widgets) {
      service::WidgetView widget_view;
      widget_view.widget.widget_id = std::move(widget);
      widget_view.widget.page_id = id;
      view.widgets.push_back(std::move(widget_view));
    }
    return view;
  }

  void Fill(PageViewCache& cache, const service::PageView& view, std::string body) {
    PageViewCache::Fill fill = cache.Begin();
    cache.Insert(fill, view, std::make_shared<const CachedPage>(std::move(body)));
  }

  // A write through the tracked store to partition `pk` of `table`.
  void Write(std::string_view table, const std::string& partition_attribute, const std::string& pk,
             const std::string& sort_attribute) {
    ASSERT_OK(
        tracked_->Put({.table = services_.Table(table),
                       .item = {{partition_attribute, V::S(pk)}, {sort_attribute, V::S("x")}}}));
  }

  std::filesystem::path dir_;
  model::TableNames tables_{"t_"};
  std::unique_ptr<store::sqlite::SqliteStore> base_;
  std::unique_ptr<store::WriteTracker> tracker_;
  std::unique_ptr<store::TrackingStore> tracked_;
  service::ServiceContext services_;
};

TEST_F(PageViewCacheTest, HitsUntilAPartitionOfTheViewIsWritten) {
  auto cache = MakeCache();
  service::PageView view = View("p1", {"w1", "w2"});
  EXPECT_EQ(cache->Find(view.page), nullptr);
  Fill(*cache, view, "body-1");
  ASSERT_NE(cache->Find(view.page), nullptr);
  EXPECT_EQ(cache->Find(view.page)->json(), "body-1");

  // Another page's widgets and another widget's bookmarks leave it alone.
  Write(model::kWidgetsTable, "page_id", "p-elsewhere", "widget_id");
  Write(model::kBookmarksTable, "widget_id", "w-elsewhere", "bookmark_id");
  EXPECT_NE(cache->Find(view.page), nullptr);

  // Each partition the view was read from makes it stale.
  struct Case {
    std::string_view table;
    std::string partition, pk, sort;
  };
  for (const Case& c : {Case{model::kWidgetsTable, "page_id", "p1", "widget_id"},
                        Case{model::kGroupsTable, "widget_id", "w1", "group_id"},
                        Case{model::kBookmarksTable, "widget_id", "w2", "bookmark_id"},
                        Case{model::kNotesTable, "widget_id", "w1", "note_id"}}) {
    SCOPED_TRACE(std::string(c.table) + " " + c.pk);
    Fill(*cache, view, "body");
    ASSERT_NE(cache->Find(view.page), nullptr);
    Write(c.table, c.partition, c.pk, c.sort);
    EXPECT_EQ(cache->Find(view.page), nullptr);
  }
  EXPECT_GT(cache->stats().hits, 0u);
  EXPECT_GT(cache->stats().misses, 0u);
}

TEST_F(PageViewCacheTest, AChangedPageItemMisses) {
  auto cache = MakeCache();
  service::PageView view = View("p1", {"w1"});
  Fill(*cache, view, "body");
  model::Page renamed = view.page;
  renamed.title = "Other";
  EXPECT_EQ(cache->Find(renamed), nullptr);
  Fill(*cache, view, "body");
  model::Page newer = view.page;
  newer.version = 2;
  EXPECT_EQ(cache->Find(newer), nullptr);
}

TEST_F(PageViewCacheTest, ACommitByAnotherConnectionMisses) {
  auto cache = MakeCache();
  service::PageView view = View("p1", {"w1"});
  Fill(*cache, view, "body");
  ASSERT_NE(cache->Find(view.page), nullptr);
  // Another process (here: another store on the file) writes anything at all.
  ASSERT_OK_AND_ASSIGN(auto other, Open());
  ASSERT_OK(other->Put({.table = services_.Table(model::kBookmarksTable),
                        .item = {{"widget_id", V::S("w1")}, {"bookmark_id", V::S("b")}}}));
  EXPECT_EQ(cache->Find(view.page), nullptr);
  // Filled again afterwards, it hits again.
  Fill(*cache, view, "body");
  EXPECT_NE(cache->Find(view.page), nullptr);
}

TEST_F(PageViewCacheTest, AFillRacedByAWriteIsNotKept) {
  auto cache = MakeCache();
  service::PageView view = View("p1", {"w1"});
  PageViewCache::Fill fill = cache->Begin();
  Write(model::kBookmarksTable, "widget_id", "w1", "bookmark_id");  // while "loading"
  cache->Insert(fill, view, std::make_shared<const CachedPage>("stale?"));
  EXPECT_EQ(cache->Find(view.page), nullptr);
  EXPECT_EQ(cache->stats().entries, 0u);
}

TEST_F(PageViewCacheTest, KeepsAtMostMaxBytesLeastRecentlyUsedFirst) {
  auto cache = MakeCache(/*max_bytes=*/400);
  service::PageView a = View("a", {}), b = View("b", {}), c = View("c", {});
  Fill(*cache, a, std::string(100, 'a'));
  Fill(*cache, b, std::string(100, 'b'));
  Fill(*cache, c, std::string(100, 'c'));
  ASSERT_NE(cache->Find(a.page), nullptr);  // a is now the most recently used
  Fill(*cache, View("d", {}), std::string(100, 'd'));
  Fill(*cache, View("e", {}), std::string(100, 'e'));  // 500 bytes: the oldest (b) goes
  EXPECT_EQ(cache->stats().bytes, 400u);
  EXPECT_EQ(cache->Find(b.page), nullptr);
  EXPECT_NE(cache->Find(a.page), nullptr);
  EXPECT_NE(cache->Find(c.page), nullptr);
  // A body over a quarter of the bound is not kept at all.
  Fill(*cache, View("big", {}), std::string(101, 'x'));
  EXPECT_EQ(cache->Find(View("big", {}).page), nullptr);
  // Refilling a page replaces its entry.
  Fill(*cache, a, std::string(50, 'A'));
  EXPECT_EQ(cache->Find(a.page)->json(), std::string(50, 'A'));
  EXPECT_LE(cache->stats().bytes, 400u);
}

// Spins until `n` requests wait in Get (they block on the cache's condition variable).
void AwaitWaiters(const PageViewCache& cache, std::size_t n) {
  while (cache.stats().waiting < n) std::this_thread::yield();
}

TEST_F(PageViewCacheTest, ConcurrentMissesWaitForTheOneLoadInsteadOfRepeatingIt) {
  auto cache = MakeCache();
  service::PageView view = View("p1", {"w1"});
  PageViewCache::Lookup first = cache->Get(view.page);
  ASSERT_EQ(first.hit, nullptr);
  ASSERT_TRUE(first.loading.has_value()) << "the first miss loads";
  PageViewCache::Fill fill = cache->Begin();

  std::vector<PageViewCache::Lookup> others(3);
  std::vector<std::thread> threads;
  for (auto& other : others) {
    threads.emplace_back([&cache, &view, &other] { other = cache->Get(view.page); });
  }
  AwaitWaiters(*cache, others.size());
  cache->Insert(fill, view, std::make_shared<const CachedPage>("loaded once"));
  first.loading.reset();  // done: the waiters wake
  for (std::thread& thread : threads) thread.join();
  for (const PageViewCache::Lookup& other : others) {
    ASSERT_NE(other.hit, nullptr);
    EXPECT_EQ(other.hit->json(), "loaded once");
    EXPECT_FALSE(other.loading.has_value());
  }
  EXPECT_EQ(cache->stats().hits, 3u);
  EXPECT_EQ(cache->stats().misses, 1u);
  EXPECT_EQ(cache->stats().waiting, 0u);
}

TEST_F(PageViewCacheTest, WaitersLoadThemselvesWhenTheLoadFailedOrWentStale) {
  auto cache = MakeCache();
  service::PageView view = View("p1", {"w1"});
  // The load fails: nothing is kept, the waiter misses and loads (without the right).
  {
    PageViewCache::Lookup first = cache->Get(view.page);
    ASSERT_TRUE(first.loading.has_value());
    PageViewCache::Lookup waiter;
    std::thread thread([&] { waiter = cache->Get(view.page); });
    AwaitWaiters(*cache, 1);
    first.loading.reset();
    thread.join();
    EXPECT_EQ(waiter.hit, nullptr);
    EXPECT_FALSE(waiter.loading.has_value());
  }
  // A write lands during the load: its result is not kept, the waiter misses.
  {
    PageViewCache::Lookup first = cache->Get(view.page);
    ASSERT_TRUE(first.loading.has_value()) << "the previous right was released";
    PageViewCache::Fill fill = cache->Begin();
    PageViewCache::Lookup waiter;
    std::thread thread([&] { waiter = cache->Get(view.page); });
    AwaitWaiters(*cache, 1);
    Write(model::kBookmarksTable, "widget_id", "w1", "bookmark_id");
    cache->Insert(fill, view, std::make_shared<const CachedPage>("stale"));
    first.loading.reset();
    thread.join();
    EXPECT_EQ(waiter.hit, nullptr);
  }
  // A load that takes too long: the waiter stops waiting and loads itself.
  {
    PageViewCache::Lookup first = cache->Get(view.page);
    ASSERT_TRUE(first.loading.has_value());
    PageViewCache::Lookup waiter = cache->Get(view.page, std::chrono::milliseconds(1));
    EXPECT_EQ(waiter.hit, nullptr);
    EXPECT_FALSE(waiter.loading.has_value());
  }
}

}  // namespace
}  // namespace homeboard::server
