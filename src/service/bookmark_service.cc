// BookmarkService: single and batch adds with order keys, edits, moves between groups (one
// write) and widgets (a transaction), ordered lists with position cursors, newest-first lists
// through UserBookmarksIndex.
#include "service/bookmark_service.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "model/attributes.h"
#include "model/group.h"
#include "model/ids.h"
#include "model/tables.h"
#include "model/text.h"
#include "model/timestamp.h"
#include "service/internal/loaders.h"
#include "service/internal/shared_ops.h"
#include "service/internal/store_ops.h"
#include "service/internal/tag_ops.h"

namespace homeboard::service {
namespace {

using ddb::AttributeValue;
using ddb::Condition;
using ddb::Path;
using internal::ObjectRef;

ObjectRef BookmarkRef(const model::Bookmark& bookmark) {
  return ObjectRef{"bookmark", "bookmark_id", bookmark.bookmark_id};
}

// The filter selecting the bookmarks of one group (or of none).
Condition InGroup(const std::optional<std::string>& group_id) {
  if (group_id) {
    return Condition::Equal(Path(model::attr::kGroupId), AttributeValue::S(*group_id));
  }
  return Condition::AttributeNotExists(Path(model::attr::kGroupId));
}

void SortBookmarks(std::vector<model::Bookmark>& bookmarks) {
  internal::SortByOrderKey(
      bookmarks, [](const model::Bookmark& b) -> const std::string& { return b.bookmark_id; });
}

// The error with its field and message prefixed by "bookmarks[i].".
Error InBatch(Error error, std::size_t index) {
  return internal::InBatchEntry(std::move(error), fmt::format("bookmarks[{}]", index));
}

std::optional<std::string> NonEmpty(const std::optional<std::string>& value) {
  if (value && value->empty()) return std::nullopt;
  return value;
}

}  // namespace

Result<model::Bookmark> BookmarkService::Add(const Caller& caller, std::string_view page_id,
                                             std::string_view widget_id,
                                             const NewBookmark& input) const {
  if (Status s = internal::CheckCaller(caller); !s.ok()) return std::move(s).error();
  if (Status s = internal::CheckId(page_id, "page_id"); !s.ok()) return std::move(s).error();
  if (Status s = internal::CheckId(widget_id, "widget_id"); !s.ok()) return std::move(s).error();
  if (input.group_id) {
    if (Status s = internal::CheckId(*input.group_id, "group_id"); !s.ok()) {
      return std::move(s).error();
    }
  }
  if (Status s = internal::CheckPlacement(input.placement); !s.ok()) return std::move(s).error();
  model::Time now = context_.now();
  model::Bookmark bookmark;
  bookmark.widget_id = std::string(widget_id);
  bookmark.bookmark_id = model::NewId(now);
  bookmark.user_id = caller.user_id;
  bookmark.page_id = std::string(page_id);
  bookmark.group_id = input.group_id;
  bookmark.url = model::TrimWhitespace(input.url);
  bookmark.title = model::NormalizeWhitespace(input.title);
  bookmark.description = input.description;
  bookmark.icon = input.icon;
  bookmark.order_key = "V";
  bookmark.created_at = bookmark.updated_at = model::FormatTimestamp(now);
  bookmark.version = 1;
  if (Status s = internal::CheckValid(bookmark.Validate()); !s.ok()) return std::move(s).error();

  Result<model::Widget> widget =
      internal::LoadContainer(context_, caller, page_id, widget_id, model::WidgetKind::kBookmarks);
  if (!widget.ok()) return std::move(widget).error();
  // The widget's owner owns what is put in it (the caller may be someone it is shared with).
  bookmark.user_id = widget->user_id;
  std::vector<internal::ConditionCheck> checks;
  if (bookmark.group_id) {
    Result<model::Group> group =
        internal::LoadGroup(context_, caller, widget_id, *bookmark.group_id, Access::kEdit);
    if (!group.ok()) return std::move(group).error();
    checks.push_back(internal::GroupExists(context_, *group, "group_id"));
  }
  Result<std::vector<model::Bookmark>> siblings =
      internal::QueryBookmarks(context_, widget_id, InGroup(bookmark.group_id));
  if (!siblings.ok()) return std::move(siblings).error();
  Result<internal::OrderPlan> plan =
      internal::PlanPlacement(internal::SiblingsOf(*siblings), input.placement);
  if (!plan.ok()) return std::move(plan).error();
  std::string table = context_.Table(model::kBookmarksTable);
  if (Status s = internal::ApplyRekeys(context_, table, plan->rekeys, bookmark.created_at);
      !s.ok()) {
    return std::move(s).error();
  }
  bookmark.order_key = plan->order_key;
  if (Status s = internal::CreateItemChecked(context_, table, bookmark.Key(), bookmark.ToItem(),
                                             checks, BookmarkRef(bookmark));
      !s.ok()) {
    return std::move(s).error();
  }
  return bookmark;
}

Result<std::vector<model::Bookmark>> BookmarkService::AddMany(
    const Caller& caller, std::string_view page_id, std::string_view widget_id,
    const std::vector<BatchBookmark>& inputs) const {
  if (Status s = internal::CheckCaller(caller); !s.ok()) return std::move(s).error();
  if (Status s = internal::CheckId(page_id, "page_id"); !s.ok()) return std::move(s).error();
  if (Status s = internal::CheckId(widget_id, "widget_id"); !s.ok()) return std::move(s).error();
  if (inputs.size() > kMaxBatchBookmarks) {
    return LimitExceeded(
        "bookmarks", rule::kMaxCount,
        fmt::format("bookmarks: at most {} per call (got {})", kMaxBatchBookmarks, inputs.size()));
  }
  // Everything is checked before anything is written.
  std::vector<model::Bookmark> bookmarks;
  bookmarks.reserve(inputs.size());
  std::set<std::string> ids;
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    const BatchBookmark& input = inputs[i];
    if (Status s = internal::CheckId(input.bookmark_id, "bookmark_id"); !s.ok()) {
      return InBatch(std::move(s).error(), i);
    }
    if (!ids.insert(input.bookmark_id).second) {
      return InBatch(InvalidArgument("bookmark_id", model::rule::kDuplicate,
                                     "bookmark_id: appears twice in the batch"),
                     i);
    }
    if (input.group_id) {
      if (Status s = internal::CheckId(*input.group_id, "group_id"); !s.ok()) {
        return InBatch(std::move(s).error(), i);
      }
    }
    model::Bookmark bookmark;
    bookmark.widget_id = std::string(widget_id);
    bookmark.bookmark_id = input.bookmark_id;
    bookmark.user_id = caller.user_id;
    bookmark.page_id = std::string(page_id);
    bookmark.group_id = input.group_id;
    bookmark.url = model::TrimWhitespace(input.url);
    bookmark.title = model::NormalizeWhitespace(input.title);
    bookmark.description = input.description;
    bookmark.icon = input.icon;
    bookmark.order_key = "V";
    // From the id, so that a re-run writes identical items.
    std::optional<model::Time> created = model::IdTime(input.bookmark_id);
    if (!created) {
      return InBatch(InvalidArgument("bookmark_id", model::rule::kRange,
                                     "bookmark_id: its time is out of range"),
                     i);
    }
    bookmark.created_at = bookmark.updated_at = model::FormatTimestamp(*created);
    bookmark.version = 1;
    if (Status s = internal::CheckValid(bookmark.Validate()); !s.ok()) {
      return InBatch(std::move(s).error(), i);
    }
    bookmarks.push_back(std::move(bookmark));
  }
  if (bookmarks.empty()) return bookmarks;

  Result<model::Widget> widget =
      internal::LoadContainer(context_, caller, page_id, widget_id, model::WidgetKind::kBookmarks);
  if (!widget.ok()) return std::move(widget).error();
  for (model::Bookmark& b : bookmarks) b.user_id = widget->user_id;
  Result<std::vector<model::Group>> groups = internal::QueryGroups(context_, widget_id);
  if (!groups.ok()) return std::move(groups).error();
  std::set<std::string> group_ids;
  for (const model::Group& g : *groups) group_ids.insert(g.group_id);
  for (std::size_t i = 0; i < bookmarks.size(); ++i) {
    if (bookmarks[i].group_id && !group_ids.contains(*bookmarks[i].group_id)) {
      return InBatch(NotFound("group_id", "group", *bookmarks[i].group_id), i);
    }
  }

  // Order keys: per sibling list, after the last bookmark that is not part of this batch.
  Result<std::vector<model::Bookmark>> existing = internal::QueryBookmarks(context_, widget_id);
  if (!existing.ok()) return std::move(existing).error();
  std::map<std::optional<std::string>, std::vector<internal::Sibling>> siblings;
  std::map<std::string, const model::Bookmark*> stored;
  for (const model::Bookmark& b : *existing) {
    if (ids.contains(b.bookmark_id)) {
      stored.emplace(b.bookmark_id, &b);
      continue;
    }
    siblings[b.group_id].push_back(internal::Sibling{b.bookmark_id, b.order_key, b.version, {}});
  }
  std::map<std::optional<std::string>, std::vector<std::size_t>> members;
  for (std::size_t i = 0; i < bookmarks.size(); ++i) members[bookmarks[i].group_id].push_back(i);
  for (const auto& [group_id, indexes] : members) {
    Result<std::vector<std::string>> keys =
        internal::PlanAppend(siblings[group_id], indexes.size());
    if (!keys.ok()) return std::move(keys).error();
    for (std::size_t k = 0; k < indexes.size(); ++k) {
      bookmarks[indexes[k]].order_key = (*keys)[k];
    }
  }

  // A re-run keeps the tags given since the first run: the whole-item put must not drop a
  // tag list whose associations and counts stay (tag_service.h).
  for (model::Bookmark& b : bookmarks) {
    if (auto it = stored.find(b.bookmark_id); it != stored.end()) b.tags = it->second->tags;
  }
  std::vector<store::BatchWrite> writes;
  writes.reserve(bookmarks.size());
  std::string table = context_.Table(model::kBookmarksTable);
  for (const model::Bookmark& b : bookmarks) {
    writes.push_back(store::BatchWrite{
        .table = table, .kind = store::BatchWrite::Kind::kPut, .item = b.ToItem()});
  }
  if (Status s = internal::BatchWriteAll(context_, writes); !s.ok()) return std::move(s).error();
  return bookmarks;
}

Result<model::Bookmark> BookmarkService::Get(const Caller& caller, std::string_view widget_id,
                                             std::string_view bookmark_id) const {
  return internal::LoadBookmark(context_, caller, widget_id, bookmark_id, Access::kView);
}

Result<model::Bookmark> BookmarkService::Update(const Caller& caller, std::string_view widget_id,
                                                std::string_view bookmark_id,
                                                std::int64_t expected_version,
                                                const BookmarkChanges& changes) const {
  if (Status s = internal::CheckVersion(expected_version); !s.ok()) return std::move(s).error();
  Result<model::Bookmark> bookmark =
      internal::LoadBookmark(context_, caller, widget_id, bookmark_id, Access::kEdit);
  if (!bookmark.ok()) return bookmark;
  model::Bookmark changed = *bookmark;
  if (changes.url) changed.url = model::TrimWhitespace(*changes.url);
  if (changes.title) changed.title = model::NormalizeWhitespace(*changes.title);
  if (changes.description) changed.description = *changes.description;
  if (changes.icon) changed.icon = NonEmpty(changes.icon);
  if (Status s = internal::CheckValid(changed.Validate()); !s.ok()) return std::move(s).error();
  if (bookmark->version != expected_version) {
    return StaleVersion("bookmark", expected_version, bookmark->version);
  }
  changed.version = expected_version + 1;
  changed.updated_at = internal::NowTimestamp(context_);
  Result<ddb::Item> stored = internal::ReplaceVersioned(
      context_, context_.Table(model::kBookmarksTable), bookmark->Key(), bookmark->ToItem(),
      changed.ToItem(), expected_version, BookmarkRef(*bookmark));
  if (!stored.ok()) return std::move(stored).error();
  return changed;
}

Result<model::Bookmark> BookmarkService::Move(const Caller& caller, std::string_view widget_id,
                                              std::string_view bookmark_id,
                                              std::int64_t expected_version,
                                              const BookmarkMove& move) const {
  if (Status s = internal::CheckVersion(expected_version); !s.ok()) return std::move(s).error();
  if (move.group_id) {
    if (Status s = internal::CheckId(*move.group_id, "group_id"); !s.ok()) {
      return std::move(s).error();
    }
  }
  if (move.widget) {
    if (Status s = internal::CheckId(move.widget->page_id, "target_page_id"); !s.ok()) {
      return std::move(s).error();
    }
    if (Status s = internal::CheckId(move.widget->widget_id, "target_widget_id"); !s.ok()) {
      return std::move(s).error();
    }
  }
  if (Status s = internal::CheckPlacement(move.placement); !s.ok()) return std::move(s).error();
  Result<model::Bookmark> bookmark =
      internal::LoadBookmark(context_, caller, widget_id, bookmark_id, Access::kEdit);
  if (!bookmark.ok()) return bookmark;
  if (bookmark->version != expected_version) {
    return StaleVersion("bookmark", expected_version, bookmark->version);
  }
  bool other_widget = move.widget && move.widget->widget_id != bookmark->widget_id;
  model::Bookmark moved = *bookmark;
  std::vector<internal::ConditionCheck> checks;
  if (other_widget) {
    Result<model::Widget> target = internal::LoadContainer(
        context_, caller, move.widget->page_id, move.widget->widget_id,
        model::WidgetKind::kBookmarks, Access::kEdit, "target_page_id", "target_widget_id");
    if (!target.ok()) return std::move(target).error();
    // A bookmark belongs to its widget's owner: it moves among that owner's widgets only, even
    // for a caller who may edit someone else's widget too.
    if (target->user_id != bookmark->user_id) {
      return NotFound("target_widget_id", "widget", move.widget->widget_id);
    }
    moved.widget_id = target->widget_id;
    moved.page_id = target->page_id;
    checks.push_back(internal::WidgetExists(context_, *target, "target_widget_id"));
  }
  moved.group_id = move.group_id;
  if (moved.group_id) {
    Result<model::Group> group =
        internal::LoadGroup(context_, caller, moved.widget_id, *moved.group_id, Access::kEdit);
    if (!group.ok()) return std::move(group).error();
    checks.push_back(internal::GroupExists(context_, *group, "group_id"));
  }
  Result<std::vector<model::Bookmark>> siblings =
      internal::QueryBookmarks(context_, moved.widget_id, InGroup(moved.group_id));
  if (!siblings.ok()) return std::move(siblings).error();
  std::erase_if(*siblings,
                [&](const model::Bookmark& b) { return b.bookmark_id == bookmark->bookmark_id; });
  Result<internal::OrderPlan> plan =
      internal::PlanPlacement(internal::SiblingsOf(*siblings), move.placement);
  if (!plan.ok()) return std::move(plan).error();
  std::string table = context_.Table(model::kBookmarksTable);
  std::string now = internal::NowTimestamp(context_);
  if (Status s = internal::ApplyRekeys(context_, table, plan->rekeys, now); !s.ok()) {
    return std::move(s).error();
  }
  moved.order_key = plan->order_key;
  moved.version = expected_version + 1;
  moved.updated_at = now;
  if (other_widget) {
    // The tag associations name the widget: re-pointed in the move's transaction.
    if (Status s = internal::MoveTaggedVersioned(context_, internal::RecordOf(*bookmark),
                                                 expected_version, internal::RecordOf(moved),
                                                 checks, BookmarkRef(*bookmark));
        !s.ok()) {
      return std::move(s).error();
    }
    return moved;
  }
  std::vector<store::TransactAction> extra;
  Error extra_failed = Internal("no condition check");
  for (const internal::ConditionCheck& check : checks) {
    extra.push_back(internal::ToAction(check));
    extra_failed = check.error;
  }
  Result<ddb::Item> stored = internal::ReplaceVersionedWith(
      context_, table, bookmark->Key(), bookmark->ToItem(), moved.ToItem(), expected_version,
      BookmarkRef(*bookmark), std::move(extra), extra_failed);
  if (!stored.ok()) return std::move(stored).error();
  return moved;
}

Status BookmarkService::Delete(const Caller& caller, std::string_view widget_id,
                               std::string_view bookmark_id, std::int64_t expected_version) const {
  if (Status s = internal::CheckVersion(expected_version); !s.ok()) return s;
  Result<model::Bookmark> bookmark =
      internal::LoadBookmark(context_, caller, widget_id, bookmark_id, Access::kEdit);
  if (!bookmark.ok()) return std::move(bookmark).error();
  if (bookmark->version != expected_version) {
    return StaleVersion("bookmark", expected_version, bookmark->version);
  }
  return internal::DeleteTaggedVersioned(context_, internal::RecordOf(*bookmark), expected_version,
                                         BookmarkRef(*bookmark));
}

Result<BookmarkPage> BookmarkService::List(const Caller& caller, std::string_view page_id,
                                           std::string_view widget_id,
                                           const BookmarkListOptions& options) const {
  if (Status s = internal::CheckLimit(options.limit); !s.ok()) return std::move(s).error();
  std::optional<std::pair<std::string, std::string>> after;
  if (!options.cursor.empty()) {
    auto position = internal::DecodePositionCursor(options.cursor);
    if (!position.ok()) return std::move(position).error();
    after = std::move(position).value();
  }
  if (options.group_id) {
    if (Status s = internal::CheckId(*options.group_id, "group_id"); !s.ok()) {
      return std::move(s).error();
    }
  }
  Result<model::Widget> widget = internal::LoadContainer(
      context_, caller, page_id, widget_id, model::WidgetKind::kBookmarks, Access::kView);
  if (!widget.ok()) return std::move(widget).error();
  if (options.group_id) {
    Result<model::Group> group =
        internal::LoadGroup(context_, caller, widget_id, *options.group_id, Access::kView);
    if (!group.ok()) return std::move(group).error();
  }
  Result<std::vector<model::Bookmark>> bookmarks =
      internal::QueryBookmarks(context_, widget_id, InGroup(options.group_id));
  if (!bookmarks.ok()) return std::move(bookmarks).error();
  SortBookmarks(*bookmarks);
  auto begin = bookmarks->begin();
  if (after) {
    begin = std::find_if(bookmarks->begin(), bookmarks->end(), [&](const model::Bookmark& b) {
      return std::tie(b.order_key, b.bookmark_id) > std::tie(after->first, after->second);
    });
  }
  BookmarkPage page;
  auto end = begin + std::min<std::ptrdiff_t>(options.limit, bookmarks->end() - begin);
  page.bookmarks.assign(std::make_move_iterator(begin), std::make_move_iterator(end));
  if (end != bookmarks->end()) {
    const model::Bookmark& last = page.bookmarks.back();
    page.next_cursor = internal::EncodePositionCursor(last.order_key, last.bookmark_id);
  }
  return page;
}

Result<BookmarkPage> BookmarkService::ListNewest(const Caller& caller, int limit,
                                                 std::string_view cursor) const {
  if (Status s = internal::CheckCaller(caller); !s.ok()) return std::move(s).error();
  if (Status s = internal::CheckLimit(limit); !s.ok()) return std::move(s).error();
  std::string table = context_.Table(model::kBookmarksTable);
  store::QueryRequest request;
  request.table = table;
  request.index = std::string(model::kUserBookmarksIndex);
  request.key_condition = ddb::KeyCondition::Partition(std::string(model::attr::kUserId),
                                                       AttributeValue::S(caller.user_id));
  request.forward = false;
  Result<store::QueryPage> result =
      internal::QueryOnePage(context_, std::move(request), limit, cursor);
  if (!result.ok()) return std::move(result).error();
  Result<std::vector<model::Bookmark>> bookmarks =
      internal::DecodeAll<model::Bookmark>(table, result->items);
  if (!bookmarks.ok()) return std::move(bookmarks).error();
  return BookmarkPage{std::move(bookmarks).value(), std::move(result->next_cursor)};
}

}  // namespace homeboard::service
