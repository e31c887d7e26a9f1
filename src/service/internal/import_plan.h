// The pure half of an import: a Netscape document turned into the pages, widgets, groups and
// bookmarks it becomes (docs/import-export.md), with deterministic ids, entity rules already
// applied (so every planned bookmark passes model::Bookmark::Validate) and every entry that
// was dropped or changed listed as an ImportIssue. Knows nothing of the store: what already
// exists is matched afterwards by ImportService.
#ifndef HOMEBOARD_SERVICE_INTERNAL_IMPORT_PLAN_H_
#define HOMEBOARD_SERVICE_INTERNAL_IMPORT_PLAN_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/timestamp.h"
#include "service/import_service.h"
#include "service/netscape_document.h"

namespace homeboard::service::internal {

// Columns the widgets of an imported page are dealt over, in turn.
inline constexpr int kImportColumns = 3;
// Title of the page (and its widget) holding the links found at the top level of a file.
inline constexpr std::string_view kImportedTitle = "Imported";
// Name given to a folder whose title is empty.
inline constexpr std::string_view kUntitled = "Untitled";

struct PlannedBookmark {
  std::string id;
  std::string url;
  std::string title;
  std::string description;
  std::optional<std::string> icon;
  std::optional<std::size_t> group;  // index into the widget's `groups`; absent: top level
  std::vector<std::string> tags;     // normalised, distinct, sorted, at most 20
  int line = 0;
};

struct PlannedGroup {
  std::string id;
  std::string name;
  std::optional<std::size_t> parent;  // index into the widget's `groups`, always smaller
  int depth = 1;
  int line = 0;
};

struct PlannedWidget {
  std::string id;
  std::string title;
  int column = 0;
  std::vector<PlannedGroup> groups;  // parents before children, siblings in file order
  std::vector<PlannedBookmark> bookmarks;  // in file order
  int line = 0;
};

struct PlannedPage {
  std::string id;
  std::string title;
  std::vector<PlannedWidget> widgets;  // in file order (the links widget first)
  int line = 0;
};

struct ImportPlan {
  std::vector<PlannedPage> pages;
  std::vector<ImportIssue> issues;
  std::size_t bookmarks_in_file = 0;
};

// Plans the import of `document` for `user_id`. Items without ADD_DATE take `import_time`
// as the time part of their ids. At most `max_pages` pages are planned (the rest are skipped
// and reported, rule "max_count").
ImportPlan PlanImport(const NetscapeDocument& document, std::string_view user_id,
                      model::Time import_time, std::size_t max_pages);

// An issue for a page skipped after planning (the user's page limit), naming its bookmarks.
ImportIssue PageSkipped(const PlannedPage& page, std::string_view rule, std::string message);

}  // namespace homeboard::service::internal

#endif  // HOMEBOARD_SERVICE_INTERNAL_IMPORT_PLAN_H_
