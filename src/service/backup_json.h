// The homeboard JSON backup format (docs/import-export.md, "JSON backup"): a user's whole
// dashboard — preferences, pages, widgets with their settings, groups, bookmarks, notes, with
// tags, ids, order keys, timestamps and versions — as one JSON document, and its reader.
//
// The document names no user: the owner is whoever it is restored for, so a dashboard
// exported from one account and restored into another exports again byte for byte.
//
//   {
//     "format": "homeboard-backup",
//     "version": 1,
//     "preferences": {"theme": "dark", "default_page_id", "time_zone", "locale" (each
//                     optional), "open_links_in_new_tab", "updated_at", "version"},  (optional)
//     "pages": [
//       {"page_id", "title", "order_key", "created_at", "updated_at", "version",
//        "widgets": [
//          {"widget_id", "kind", "title", "column", "order_key",
//           "settings": {"show_icons": {"BOOL": true}}, "tags": ["a"], "created_at",
//           "updated_at", "version",
//           "groups": [{"group_id", "parent_group_id" (optional), "depth", "name",
//                       "order_key", "created_at", "updated_at", "version"}],
//           "bookmarks": [{"bookmark_id", "group_id" (optional), "url", "title",
//                          "description", "icon" (optional), "tags", "order_key",
//                          "created_at", "updated_at", "version"}],
//           "notes": [{"note_id", "title", "body", "tags", "order_key", "created_at",
//                      "updated_at", "version"}]}]}]
//   }
//
// Member names are the stored attribute names, so a validation error's field is the JSON
// path of the member ("pages[2].widgets[0].title").
//
// Widget settings are written in DynamoDB JSON (ddb/item_json.h), the one encoding that
// keeps their types exactly. Pages, widgets, groups, bookmarks and notes are written in the
// order LoadDashboard returns them (backup_service.h), keys in the fixed order above, two
// spaces of indentation: equal dashboards give equal bytes.
#ifndef HOMEBOARD_SERVICE_BACKUP_JSON_H_
#define HOMEBOARD_SERVICE_BACKUP_JSON_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/bookmark.h"
#include "model/group.h"
#include "model/note.h"
#include "model/page.h"
#include "model/preferences.h"
#include "model/widget.h"
#include "service/error.h"

namespace homeboard::service {

inline constexpr std::string_view kBackupFormat = "homeboard-backup";
inline constexpr int kBackupFormatVersion = 1;
// Larger documents are refused before parsing (a 10,000-bookmark dashboard is ~5 MB).
inline constexpr std::size_t kMaxBackupBytes = std::size_t{512} * 1024 * 1024;

struct WidgetBackup {
  model::Widget widget;
  std::vector<model::Group> groups;        // bookmarks widgets only
  std::vector<model::Bookmark> bookmarks;  // bookmarks widgets only
  std::vector<model::Note> notes;          // notes widgets only

  friend bool operator==(const WidgetBackup&, const WidgetBackup&) = default;
};

struct PageBackup {
  model::Page page;
  std::vector<WidgetBackup> widgets;

  friend bool operator==(const PageBackup&, const PageBackup&) = default;
};

struct Dashboard {
  std::optional<model::Preferences> preferences;  // absent: never set (all defaults)
  std::vector<PageBackup> pages;

  friend bool operator==(const Dashboard&, const Dashboard&) = default;
};

// The document for `dashboard`. The entities' user_id, page_id and widget_id are not
// written (the nesting carries them). Never fails.
std::string WriteBackupJson(const Dashboard& dashboard);

// Reads a document for `user_id` (which becomes every entity's owner) and checks all of it
// before returning: the JSON shape (objects, arrays, types; unknown and repeated members are
// refused), the format name and version, every entity's rules (model Validate), ids unique
// across the document, the nesting rules (groups and bookmarks only in bookmarks widgets,
// notes only in notes widgets, a group's parent in the same widget and one level up, a
// bookmark's group in the same widget), the count limits (pages per user, widgets per page)
// and that the default page is one of the pages. The first problem found is
// kInvalidArgument whose field is the JSON path ("pages[2].widgets[0].title") and whose rule
// is the model rule or one of "syntax" (not JSON), "type", "required", "unknown_key",
// "duplicate", "inconsistent", "enum" (format name), "range" (format version), "max_count".
[[nodiscard]] Result<Dashboard> ParseBackupJson(std::string_view json, std::string_view user_id);

}  // namespace homeboard::service

#endif  // HOMEBOARD_SERVICE_BACKUP_JSON_H_
