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

std::shared_ptr<const CachedPage> PageViewCache::Find(const model::Page& page) {
  const std::optional<std::uint64_t> outside_mark = store_->OutsideWriteMark();
  std::lock_guard<std::mutex> lock(mu_);
  auto found = by_page_.find(page.page_id);
  if (found == by_page_.end()) {
    ++misses_;
    return nullptr;
  }
  Lru::iterator entry = found->second;
  if (entry->page != page || !Current(*entry, outside_mark)) {
    Erase(entry);
    ++misses_;
    return nullptr;
  }
  lru_.splice(lru_.begin(), lru_, entry);
  ++hits_;
  return entry->body;
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
  return Stats{.hits = hits_, .misses = misses_, .entries = lru_.size(), .bytes = bytes_};
}

}  // namespace homeboard::server
