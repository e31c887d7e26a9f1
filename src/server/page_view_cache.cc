// PageViewCache: an LRU of rendered pages, each with the partitions it was read from.
#include "server/page_view_cache.h"

#include "model/tables.h"
#include "server/gzip.h"

namespace homeboard::server {

std::shared_ptr<const std::string> CachedPage::gzip() const {
  std::call_once(gzip_once_, [this] {
    if (std::optional<std::string> bytes = Gzip(json_, kGzipSmall)) {
      gzip_ = std::make_shared<const std::string>(std::move(bytes).value());
    }
  });
  return gzip_;
}

PageViewCache::PageViewCache(const store::WriteTracker* tracker, store::ItemStore* store,
                             const service::ServiceContext& services, std::size_t max_bytes)
    : tracker_(tracker),
      store_(store),
      widgets_table_(services.Table(model::kWidgetsTable)),
      groups_table_(services.Table(model::kGroupsTable)),
      bookmarks_table_(services.Table(model::kBookmarksTable)),
      notes_table_(services.Table(model::kNotesTable)),
      max_bytes_(max_bytes) {}

PageViewCache::Fill PageViewCache::Begin() {
  // The outside mark first: a commit elsewhere after it is seen by the next Find; the
  // sequence next, before anything is read (write_tracker.h).
  Fill fill;
  fill.outside_mark = store_->OutsideWriteMark();
  fill.since = tracker_->Now();
  return fill;
}

bool PageViewCache::Current(const Entry& entry,
                            const std::optional<std::uint64_t>& outside_mark) const {
  if (outside_mark != entry.fill.outside_mark) return false;
  for (store::WriteTracker::Slot slot : entry.slots) {
    if (!tracker_->UnchangedSince(slot, entry.fill.since)) return false;
  }
  return true;
}

std::shared_ptr<const CachedPage> PageViewCache::FindUncounted(const model::Page& page) {
  const std::optional<std::uint64_t> outside_mark = store_->OutsideWriteMark();
  std::lock_guard<std::mutex> lock(mu_);
  auto found = by_page_.find(page.page_id);
  if (found == by_page_.end()) return nullptr;
  Lru::iterator entry = found->second;
  if (entry->page != page || !Current(*entry, outside_mark)) {
    Erase(entry);
    return nullptr;
  }
  lru_.splice(lru_.begin(), lru_, entry);
  return entry->body;
}

std::shared_ptr<const CachedPage> PageViewCache::Find(const model::Page& page) {
  std::shared_ptr<const CachedPage> found = FindUncounted(page);
  std::lock_guard<std::mutex> lock(mu_);
  ++(found ? hits_ : misses_);
  return found;
}

PageViewCache::Lookup PageViewCache::Get(const model::Page& page,
                                         std::chrono::milliseconds max_wait) {
  Lookup lookup;
  lookup.hit = FindUncounted(page);
  if (lookup.hit == nullptr) {
    std::unique_lock<std::mutex> lock(mu_);
    auto [flight, first] = loading_.try_emplace(page.page_id);
    if (first) {
      flight->second = std::make_shared<Loading::Flight>(Loading::Flight{.page_id = page.page_id});
      lookup.loading.emplace(Loading(this, flight->second));
    } else {
      // Another request is loading the page: its result, if still current, is ours too (no
      // write touched the page since its fill began, so it is as fresh as a load of ours).
      std::shared_ptr<Loading::Flight> other = flight->second;
      ++waiting_;
      loaded_.wait_for(lock, max_wait, [&] { return other->done; });
      --waiting_;
      lock.unlock();
      lookup.hit = FindUncounted(page);
    }
  }
  std::lock_guard<std::mutex> lock(mu_);
  ++(lookup.hit ? hits_ : misses_);
  return lookup;
}

PageViewCache::Loading::~Loading() {
  if (cache_ != nullptr) cache_->Finished(flight_);
}

PageViewCache::Loading& PageViewCache::Loading::operator=(Loading&& other) noexcept {
  if (this != &other) {
    if (cache_ != nullptr) cache_->Finished(flight_);
    cache_ = std::exchange(other.cache_, nullptr);
    flight_ = std::move(other.flight_);
  }
  return *this;
}

void PageViewCache::Finished(const std::shared_ptr<Loading::Flight>& flight) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    flight->done = true;
    auto current = loading_.find(flight->page_id);
    if (current != loading_.end() && current->second == flight) loading_.erase(current);
  }
  loaded_.notify_all();
}

void PageViewCache::Insert(const Fill& fill, const service::PageView& view,
                           std::shared_ptr<const CachedPage> body) {
  if (body == nullptr || body->json().size() > max_bytes_ / 4) return;
  Entry entry{.page = view.page, .fill = fill, .slots = {}, .body = std::move(body)};
  const ddb::AttributeValue page_id = ddb::AttributeValue::S(view.page.page_id);
  entry.slots.push_back(tracker_->SlotOf(widgets_table_, page_id));
  for (const service::WidgetView& widget : view.widgets) {
    const ddb::AttributeValue widget_id = ddb::AttributeValue::S(widget.widget.widget_id);
    entry.slots.push_back(tracker_->SlotOf(groups_table_, widget_id));
    entry.slots.push_back(tracker_->SlotOf(bookmarks_table_, widget_id));
    entry.slots.push_back(tracker_->SlotOf(notes_table_, widget_id));
  }
  // A write that raced the load already makes the entry stale: not worth keeping.
  if (!Current(entry, entry.fill.outside_mark)) return;

  std::lock_guard<std::mutex> lock(mu_);
  if (auto old = by_page_.find(view.page.page_id); old != by_page_.end()) Erase(old->second);
  bytes_ += entry.body->json().size();
  lru_.push_front(std::move(entry));
  by_page_[lru_.front().page.page_id] = lru_.begin();
  while (bytes_ > max_bytes_ && !lru_.empty()) Erase(std::prev(lru_.end()));
}

void PageViewCache::Erase(Lru::iterator entry) {
  bytes_ -= entry->body->json().size();
  by_page_.erase(entry->page.page_id);
  lru_.erase(entry);
}

PageViewCache::Stats PageViewCache::stats() const {
  std::lock_guard<std::mutex> lock(mu_);
  return Stats{.hits = hits_,
               .misses = misses_,
               .entries = lru_.size(),
               .bytes = bytes_,
               .waiting = waiting_};
}

}  // namespace homeboard::server
