// PageViewCache: the rendered JSON of expanded pages (GET /api/v1/pages/{id}?expand=all),
// kept while nothing it was built from has changed, so that a page viewed again costs one
// access check instead of ~45 store reads and 300 KB of JSON writing.
//
//   service::Result<model::Page> page = loader.Open(caller, id);   // access, every time
//   if (auto body = cache.Find(*page)) return *body;
//   PageViewCache::Fill fill = cache.Begin();                    // before loading
//   service::Result<service::PageView> view = loader.Expand(*page);
//   auto body = std::make_shared<const std::string>(Render(*view));
//   cache.Insert(fill, *view, body);
//
// When an entry is current: the page item this request's access check read equals the one the
// entry was made from (every attribute), no write recorded by the
// WriteTracker since its fill began touched the page's widget partition or any of its widgets'
// group, bookmark and note partitions (a view is made of exactly those), and the store's
// OutsideWriteMark has not moved. Who may see the page is never cached: Open runs first.
//
// Only writes made through the tracked store are seen, plus outside commits where the engine
// reports them (SQLite: other processes on the file, at the latest when a write of this
// process in progress ends). A network engine reports none: with DynamoDB the cache is right
// only while this server is the only writer (`homeboard serve --page-cache-mb`, off there by
// default), and even then a write whose answer was lost (a timeout) may land after it was
// recorded, leaving an entry stale until the page's next change.
//
// Size: at most max_bytes of JSON bodies (their gzip copies, about a tenth more, are not
// counted); the least recently used entries go first. An entry larger than a quarter of
// max_bytes is not kept.
//
// Loads of one page are not repeated side by side (Get): after a change, the first request
// that misses loads the page and the others arriving meanwhile wait for its result.
//
// Thread safety: thread-safe (one mutex around the index; bodies are shared and immutable).
#ifndef HOMEBOARD_SERVER_PAGE_VIEW_CACHE_H_
#define HOMEBOARD_SERVER_PAGE_VIEW_CACHE_H_

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "model/page.h"
#include "service/context.h"
#include "service/page_loader.h"
#include "store/item_store.h"
#include "store/write_tracker.h"

namespace homeboard::server {

// One rendered page: its JSON, and its gzip encoding made by the first request that wants it
// (then served to every later one without compressing again).
class CachedPage {
 public:
  explicit CachedPage(std::string json) : json_(std::move(json)) {}
  const std::string& json() const { return json_; }
  // The gzip bytes of json() (server/gzip.h, kGzipSmall); null if zlib failed.
  std::shared_ptr<const std::string> gzip() const;

 private:
  std::string json_;
  mutable std::once_flag gzip_once_;
  mutable std::shared_ptr<const std::string> gzip_;  // set once, under gzip_once_
};

class PageViewCache {
 public:
  // Where a fill began: taken before the view is loaded.
  struct Fill {
    store::WriteTracker::Sequence since = 0;
    std::optional<std::uint64_t> outside_mark;
  };

  struct Stats {
    std::uint64_t hits = 0;
    std::uint64_t misses = 0;
    std::size_t entries = 0;
    std::size_t bytes = 0;
    std::size_t waiting = 0;  // requests waiting now for another one's load (Get)
  };

  // The right to load one page: while it is held, other requests missing the same page wait
  // for its result (Get) instead of loading it again. Released when destroyed, after Insert.
  class Loading {
   public:
    Loading(Loading&& other) noexcept
        : cache_(std::exchange(other.cache_, nullptr)), flight_(std::move(other.flight_)) {}
    Loading& operator=(Loading&& other) noexcept;
    ~Loading();

   private:
    friend class PageViewCache;
    struct Flight {
      std::string page_id;
      bool done = false;  // GUARDED_BY(PageViewCache::mu_)
    };
    Loading(PageViewCache* cache, std::shared_ptr<Flight> flight)
        : cache_(cache), flight_(std::move(flight)) {}
    PageViewCache* cache_;
    std::shared_ptr<Flight> flight_;
  };

  struct Lookup {
    std::shared_ptr<const CachedPage> hit;  // set: serve it
    std::optional<Loading> loading;         // on a miss, usually: load, render, Insert
  };

  // `tracker` records the writes of `store` (its TrackingStore); `services` names the tables.
  // None is owned; all must outlive the cache.
  PageViewCache(const store::WriteTracker* tracker, store::ItemStore* store,
                const service::ServiceContext& services, std::size_t max_bytes);

  // The rendering cached for `page` (as this request's PageLoader::Open returned it), if
  // current.
  std::shared_ptr<const CachedPage> Find(const model::Page& page);

  // Find, counted once, with loads of one page not repeated side by side: on a miss, either
  // the right to load it, or (another request is loading it) a wait for that load to end —
  // at most `max_wait` — then Find again; still missing, the caller loads without the right.
  Lookup Get(const model::Page& page,
             std::chrono::milliseconds max_wait = std::chrono::milliseconds(2000));

  Fill Begin();
  // Keeps `page`, rendered from `view`, loaded after `fill` began.
  void Insert(const Fill& fill, const service::PageView& view,
              std::shared_ptr<const CachedPage> page);

  Stats stats() const;

 private:
  struct Entry {
    model::Page page;  // as rendered
    Fill fill;
    std::vector<store::WriteTracker::Slot> slots;  // the partitions the view was read from
    std::shared_ptr<const CachedPage> body;
  };
  using Lru = std::list<Entry>;  // most recently used first

  bool Current(const Entry& entry, const std::optional<std::uint64_t>& outside_mark) const;
  std::shared_ptr<const CachedPage> FindUncounted(const model::Page& page);
  void Finished(const std::shared_ptr<Loading::Flight>& flight);
  void Erase(Lru::iterator entry);  // mu_ held

  const store::WriteTracker* tracker_;
  store::ItemStore* store_;
  const std::string widgets_table_;
  const std::string groups_table_;
  const std::string bookmarks_table_;
  const std::string notes_table_;
  const std::size_t max_bytes_;

  mutable std::mutex mu_;
  Lru lru_;                                                 // GUARDED_BY(mu_)
  std::unordered_map<std::string, Lru::iterator> by_page_;  // GUARDED_BY(mu_)
  std::size_t bytes_ = 0;                                   // GUARDED_BY(mu_)
  std::uint64_t hits_ = 0;                                  // GUARDED_BY(mu_)
  std::uint64_t misses_ = 0;                                // GUARDED_BY(mu_)
  // Pages being loaded under a Loading, and those waiting for them.
  std::unordered_map<std::string, std::shared_ptr<Loading::Flight>> loading_;  // GUARDED_BY(mu_)
  std::size_t waiting_ = 0;                                                    // GUARDED_BY(mu_)
  std::condition_variable loaded_;
};

}  // namespace homeboard::server

#endif  // HOMEBOARD_SERVER_PAGE_VIEW_CACHE_H_
