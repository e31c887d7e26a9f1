// BackupService: a user's whole dashboard read out (for the JSON backup and the bookmark
// HTML export) and written back into an empty account (JSON restore). See
// docs/import-export.md; the document format is backup_json.h.
//
// Restore writes exactly what the backup holds — ids, order keys, timestamps, versions,
// tags — and derives the rest: each tagged item's TagAssociations and the owner's TagCounts,
// the notes' previews. It validates everything before writing anything (ParseBackupJson
// already checked the document; Restore checks the account): the account must hold no page
// and no preferences the backup does not hold identically, and no item the restore would
// write may exist with other content (ids are global keys, so a backup restored into a
// second account of the same store would otherwise overwrite the first one's widgets).
// Items already there with identical content are allowed, which is what makes an
// interrupted restore finish when run again.
//
// Errors: kInvalidArgument for a bad caller id; kConflict (rule "not_empty", field
// "user_id") for an account that already holds other pages or preferences, (rule
// "duplicate", field the JSON path of the item) for an id in use with other content;
// kUnavailable / kInternal from the store (what was written stays; run it again).
//
// Thread safety: stateless; safe from any number of threads.
#ifndef HOMEBOARD_SERVICE_BACKUP_SERVICE_H_
#define HOMEBOARD_SERVICE_BACKUP_SERVICE_H_

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

#include "service/backup_json.h"
#include "service/context.h"
#include "service/error.h"
#include "service/netscape_document.h"

namespace homeboard::service {

struct RestoreReport {
  std::size_t pages = 0;
  std::size_t widgets = 0;
  std::size_t groups = 0;
  std::size_t bookmarks = 0;
  std::size_t notes = 0;
  std::size_t tag_associations = 0;
};

class BackupService {
 public:
  explicit BackupService(ServiceContext context) : context_(std::move(context)) {}

  // The caller's dashboard: pages (not those being deleted) by (order_key, page_id), each
  // page's widgets by (column, order_key, widget_id), groups in tree order (TreeOrder),
  // bookmarks and notes by (order_key, id); full notes with bodies; the stored preferences
  // item if there is one. One Query per page and per container, drained.
  [[nodiscard]] Result<Dashboard> Load(const Caller& caller) const;

  // Writes `dashboard` (from ParseBackupJson for this caller) into the caller's account (see
  // above). `progress`, if set, is called with the number of items written so far.
  [[nodiscard]] Result<RestoreReport> Restore(
      const Caller& caller, const Dashboard& dashboard,
      const std::function<void(std::size_t)>& progress = {}) const;

 private:
  ServiceContext context_;
};

// The bookmarks of `dashboard` as a Netscape bookmark tree, the shape ImportService reads
// back: a folder per page, in it a folder per bookmarks widget (in (column, order) order),
// in that the widget's bookmarks and then a folder per group, nested. Bookmarks carry
// title, URL, description, tags, icon, ADD_DATE (created_at) and LAST_MODIFIED (updated_at)
// in seconds. Widgets of other kinds, notes, and everything HTML cannot carry (ids, order
// keys, versions, widget settings, preferences) are left out.
NetscapeFolder DashboardToNetscape(const Dashboard& dashboard);

}  // namespace homeboard::service

#endif  // HOMEBOARD_SERVICE_BACKUP_SERVICE_H_
