// BookmarkService: the bookmarks of a bookmarks widget (docs/data-model.md, "Bookmarks"):
// add one or thousands, read, edit, move between groups and widgets, delete, list in order,
// and a user's bookmarks newest first (UserBookmarksIndex).
//
// Identity: a bookmark is addressed by (widget_id, bookmark_id), the key of the Bookmarks
// table. Calls that put bookmarks into a widget also name its page, to check the widget (the
// caller's bookmarks widget on a page not being deleted).
//
// Order: a bookmark's order key orders it among its siblings, the bookmarks of the same
// widget and group (or of the widget outside any group). Lists by widget or group read the
// widget's partition (one drained Query) and sort by (order_key, bookmark_id); their cursors
// are positions "<order_key>.<bookmark_id>", so paging is stable while bookmarks are added
// or moved elsewhere. Appends read the siblings to find the last key.
//
// Moves: to another group of the same widget is one UpdateItem; to another widget changes
// the partition key, so it is one transaction deleting the old item and putting the new one,
// both conditional (version; key free). A move to another widget changes the bookmark's
// key, so a concurrent edit that loses to it reports kNotFound (its key is gone), not
// kConflict; either way exactly one of them is applied.
//
// Ownership: new bookmarks belong to the widget's owner (widget.user_id), not necessarily the
// caller, so someone a page is shared with for editing adds to the owner's data.
//
// Tags: set by TagService (tag_service.h), which owns a bookmark's tags, TagAssociations and
// counts. New bookmarks carry none (AddMany re-runs keep the tags a stored bookmark of the
// batch has since been given); edits and moves keep a bookmark's tags. A move to another
// widget re-points the bookmark's associations (their container_id) in the move's
// transaction, and deleting a bookmark deletes its associations and lowers its owner's counts
// in the same transaction (internal/tag_ops.h).
//
// Errors as in page_service.h: kInvalidArgument naming field and rule (url, title,
// description, icon, ids, limit, cursor, "bookmarks[i].<field>" for batches), kNotFound for
// missing / other users' objects (naming "widget_id", "bookmark_id", "group_id",
// "target_widget_id", "before_id", "after_id"), kConflict for a stale version,
// kLimitExceeded for a batch over kMaxBatchBookmarks, kUnavailable, kInternal.
//
// Thread safety: stateless; safe to call from any number of threads.
#ifndef HOMEBOARD_SERVICE_BOOKMARK_SERVICE_H_
#define HOMEBOARD_SERVICE_BOOKMARK_SERVICE_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/bookmark.h"
#include "service/context.h"
#include "service/error.h"

namespace homeboard::service {

// The most bookmarks one AddMany call takes.
inline constexpr std::size_t kMaxBatchBookmarks = 10000;

struct NewBookmark {
  std::string url;                      // http(s); surrounding whitespace trimmed
  std::string title;                    // whitespace normalised
  std::string description;              // kept as typed
  std::optional<std::string> icon;      // see model::ValidateBookmarkIcon
  std::optional<std::string> group_id;  // a group of the same widget; absent: top level
  Placement placement;                  // among the siblings; default: last
};

// One bookmark of a batch (imports). The caller chooses the ids (model::NewId), so that
// re-running a batch rewrites the same items instead of adding copies; created_at is the
// time encoded in the id.
struct BatchBookmark {
  std::string bookmark_id;
  std::string url;
  std::string title;
  std::string description;
  std::optional<std::string> icon;
  std::optional<std::string> group_id;
};

// Fields to change; absent ones are kept. An empty icon removes the icon.
struct BookmarkChanges {
  std::optional<std::string> url;
  std::optional<std::string> title;
  std::optional<std::string> description;
  std::optional<std::string> icon;
};

// A widget, as (page_id, widget_id).
struct WidgetRef {
  std::string page_id;
  std::string widget_id;
};

// Where a bookmark goes: into `widget` (absent: its current widget), into `group_id` of that
// widget (absent: top level), placed among the siblings there. A target widget must belong
// to the bookmark's owner (and be editable by the caller): another owner's widget is
// kNotFound naming "target_widget_id", even one shared with the caller.
struct BookmarkMove {
  std::optional<WidgetRef> widget;
  std::optional<std::string> group_id;
  Placement placement;
};

struct BookmarkListOptions {
  std::optional<std::string> group_id;  // absent: the widget's bookmarks outside any group
  int limit = 100;                      // 1..1000
  std::string cursor;                   // from the previous page; empty: from the start
};

struct BookmarkPage {
  std::vector<model::Bookmark> bookmarks;
  std::string next_cursor;  // empty when there is nothing more
};

class BookmarkService {
 public:
  explicit BookmarkService(ServiceContext context) : context_(std::move(context)) {}

  [[nodiscard]] Result<model::Bookmark> Add(const Caller& caller, std::string_view page_id,
                                            std::string_view widget_id,
                                            const NewBookmark& bookmark) const;

  // Appends `bookmarks` to their groups (or the widget's top level) in the given order with
  // BatchWriteItem and order keys computed in one go (KeysBetween after the last sibling,
  // ignoring bookmarks of this batch already stored). Every input is validated before
  // anything is written; errors name "bookmarks[i].<field>". Idempotent: re-running the same
  // batch (after a failure half way, say) writes the same items again. Returns the stored
  // bookmarks in input order.
  [[nodiscard]] Result<std::vector<model::Bookmark>> AddMany(
      const Caller& caller, std::string_view page_id, std::string_view widget_id,
      const std::vector<BatchBookmark>& bookmarks) const;

  [[nodiscard]] Result<model::Bookmark> Get(const Caller& caller, std::string_view widget_id,
                                            std::string_view bookmark_id) const;

  [[nodiscard]] Result<model::Bookmark> Update(const Caller& caller, std::string_view widget_id,
                                               std::string_view bookmark_id,
                                               std::int64_t expected_version,
                                               const BookmarkChanges& changes) const;

  [[nodiscard]] Result<model::Bookmark> Move(const Caller& caller, std::string_view widget_id,
                                             std::string_view bookmark_id,
                                             std::int64_t expected_version,
                                             const BookmarkMove& move) const;

  [[nodiscard]] Status Delete(const Caller& caller, std::string_view widget_id,
                              std::string_view bookmark_id, std::int64_t expected_version) const;

  // One page of the widget's (or group's) bookmarks in order.
  [[nodiscard]] Result<BookmarkPage> List(const Caller& caller, std::string_view page_id,
                                          std::string_view widget_id,
                                          const BookmarkListOptions& options) const;

  // The caller's bookmarks, newest first (UserBookmarksIndex, one Query per page). `cursor`
  // is the previous page's next_cursor; a foreign or damaged one is kInvalidArgument naming
  // "cursor".
  [[nodiscard]] Result<BookmarkPage> ListNewest(const Caller& caller, int limit,
                                                std::string_view cursor) const;

 private:
  ServiceContext context_;
};

}  // namespace homeboard::service

#endif  // HOMEBOARD_SERVICE_BOOKMARK_SERVICE_H_
