// WidgetService: the widgets of a page — add, read, list, edit title and settings, move
// within and between columns (one write) and to another page, delete with everything in them
// (docs/data-model.md, "Widgets").
//
// Identity: a widget is addressed by (page_id, widget_id), the key of the Widgets table.
// Columns are 0..model::kMaxColumns-1; order within a column is by order key. A page holds
// at most model::kMaxWidgetsPerPage widgets (checked by counting before the write, so two
// adds racing at the limit may both pass: the limit is a guard against runaway clients, not
// an invariant).
//
// Moving to another page changes the partition key, so it is one transaction deleting the
// old item and putting the new one (conditional on the caller's version, and on the target
// page existing and not being deleted), followed by setting page_id on the widget's shares
// (share_service.h RepointWidgetShares) and on its groups, bookmarks and notes in batches
// (internal/cascade.h). That second step is idempotent: if it stops half way, MoveToPage
// reports the error and RepairChildren (or any later move) finishes it; the children stay
// reachable through the widget meanwhile, only their page_id copy lags.
//
// Deleting a widget checks the caller's version, then deletes its bookmarks and notes, its
// groups, and the widget last, so a delete that stops half way leaves the widget in place
// (at the same version) and calling Delete again finishes it. Once started, a delete wins
// over a concurrent edit of the widget. The widget's shares go first, and every bookmark,
// note and the widget itself is deleted together with its tag associations, lowering the
// owner's tag counts in the same transaction (internal/cascade.h).
//
// Ownership: a new widget belongs to the page's owner (page.user_id), not necessarily the
// caller. Tags are set by TagService (tag_service.h); edits keep a widget's tags, and a move to
// another page re-points its tag associations (container_id = page id) in the move's
// transaction.
//
// Errors as in page_service.h: kInvalidArgument naming field and rule, kNotFound for
// missing / other users' / deleting-page objects (naming "page_id", "widget_id",
// "target_page_id", "before_id", "after_id"), kConflict for a stale version, kLimitExceeded,
// kUnavailable, kInternal. Nothing is written when a call fails on its input.
//
// Thread safety: stateless; safe to call from any number of threads.
#ifndef HOMEBOARD_SERVICE_WIDGET_SERVICE_H_
#define HOMEBOARD_SERVICE_WIDGET_SERVICE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ddb/attribute_value.h"
#include "model/widget.h"
#include "service/context.h"
#include "service/error.h"

namespace homeboard::service {

struct NewWidget {
  model::WidgetKind kind = model::WidgetKind::kBookmarks;
  std::string title;    // whitespace normalised before validation
  int column = 0;       // 0..kMaxColumns-1
  ddb::Item settings;   // validated for `kind` (model/widget_settings.h)
  Placement placement;  // within `column`; default: at the end of the column
};

// Fields to change; absent ones are kept.
struct WidgetChanges {
  std::optional<std::string> title;
  std::optional<ddb::Item> settings;  // replaces the whole map; an empty map clears it
};

// Where a widget goes: a column of the same page, before/after a widget of that column or
// at its end.
struct WidgetPlacement {
  int column = 0;
  Placement placement;
};

class WidgetService {
 public:
  explicit WidgetService(ServiceContext context) : context_(std::move(context)) {}

  // Adds a widget to the caller's page. kLimitExceeded (field "widgets", rule "max_count")
  // on a full page.
  [[nodiscard]] Result<model::Widget> Add(const Caller& caller, std::string_view page_id,
                                          const NewWidget& widget) const;

  [[nodiscard]] Result<model::Widget> Get(const Caller& caller, std::string_view page_id,
                                          std::string_view widget_id) const;

  // The page's widgets sorted by (column, order_key, widget_id). One GetItem + one Query.
  [[nodiscard]] Result<std::vector<model::Widget>> List(const Caller& caller,
                                                        std::string_view page_id) const;

  // Changes title and/or settings (validated for the widget's kind).
  [[nodiscard]] Result<model::Widget> Update(const Caller& caller, std::string_view page_id,
                                             std::string_view widget_id,
                                             std::int64_t expected_version,
                                             const WidgetChanges& changes) const;

  // Moves the widget within its column or to another column of its page: one write.
  [[nodiscard]] Result<model::Widget> Move(const Caller& caller, std::string_view page_id,
                                           std::string_view widget_id,
                                           std::int64_t expected_version,
                                           const WidgetPlacement& placement) const;

  // Moves the widget to another of the caller's pages (see above). Moving to its own page is
  // Move. The target must be a page of the widget's owner that the caller may edit: another
  // owner's page is kNotFound naming "target_page_id", even one shared with the caller.
  [[nodiscard]] Result<model::Widget> MoveToPage(const Caller& caller, std::string_view page_id,
                                                 std::string_view widget_id,
                                                 std::int64_t expected_version,
                                                 std::string_view target_page_id,
                                                 const WidgetPlacement& placement) const;

  // Finishes re-pointing the widget's shares and children at its page after an interrupted
  // MoveToPage. Idempotent.
  [[nodiscard]] Status RepairChildren(const Caller& caller, std::string_view page_id,
                                      std::string_view widget_id) const;

  // Deletes the widget with its groups, bookmarks and notes (see above). Owner only
  // (Access::kDelete): an edit grantee of the widget or of its page gets kNotFound.
  [[nodiscard]] Status Delete(const Caller& caller, std::string_view page_id,
                              std::string_view widget_id, std::int64_t expected_version) const;

 private:
  ServiceContext context_;
};

}  // namespace homeboard::service

#endif  // HOMEBOARD_SERVICE_WIDGET_SERVICE_H_
