// ImportService: a parsed Netscape bookmark file (netscape_parser.h) into a user's dashboard,
// by the rules of docs/import-export.md:
//
//   - top-level folders become pages; links at the top level go to a page "Imported";
//   - second-level folders become bookmarks widgets (columns 0, 1, 2 in turn); links directly
//     in a top-level folder go to a widget named after that folder, first on its page;
//   - deeper folders become nested groups, at most model::kMaxGroupDepth deep; folders below
//     the eighth level are flattened into the eighth;
//   - a URL seen twice in one widget (its groups included) is kept once, the first time;
//   - links that are not http(s) are never stored; entries that break an entity rule are
//     skipped, over-long titles and descriptions are truncated, bad icons and tags dropped,
//     each reported with the rule;
//   - pages past model::kMaxPagesPerUser and widgets past model::kMaxWidgetsPerPage are
//     skipped with everything in them, and reported.
//
// Re-running is safe: every object gets a deterministic id (a ULID whose random part is a
// hash of the user, the object's place in the file and, for bookmarks, the URL; its time is
// the entry's ADD_DATE, else the import's clock) and an existing object whose id ends in the
// same 80 bits is taken to be the same object and left as it is. So importing the same file
// twice creates nothing the second time, an import interrupted at any write finishes when
// run again, and importing an updated export of the same browser adds only what is new.
//
// Writes: pages, widgets and groups with batch puts of new items only; bookmarks with
// BookmarkService::AddMany (caller-chosen ids); tags last, through the TagWriter seam (the
// tag service), only for bookmarks not edited since they were imported. Nothing is deleted
// or overwritten that a person may have changed.
//
// Errors: kInvalidArgument for a bad caller id; kUnavailable / kInternal when the store
// fails (what was written stays; run the import again to finish). A bad entry in the file
// is never an error: it is reported in ImportReport::issues.
//
// Thread safety: stateless apart from the TagWriter; safe from any number of threads if the
// TagWriter is.
#ifndef HOMEBOARD_SERVICE_IMPORT_SERVICE_H_
#define HOMEBOARD_SERVICE_IMPORT_SERVICE_H_

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "service/context.h"
#include "service/error.h"
#include "service/netscape_document.h"

namespace homeboard::service {

// One entry of the file that was not imported as it was written.
struct ImportIssue {
  enum class Kind {
    kSkipped,    // not imported at all
    kDuplicate,  // a URL already imported into the same widget: not imported again
    kAdjusted,   // imported with a change (title truncated, icon or tag dropped)
  };
  Kind kind = Kind::kSkipped;
  int line = 0;       // 1-based line of the entry in the file (0 if unknown)
  std::string path;   // the folders holding the entry, "Bookmarks bar > Dev" ("" if unknown)
  std::string title;  // the entry's title as read
  std::string url;    // the entry's URL ("" for folders)
  // The rule: a model::rule / service::rule id ("url_scheme", "max_length", "max_count",
  // "duplicate", ...) or "parse" for what the parser could not read.
  std::string rule;
  std::string message;  // for people

  friend bool operator==(const ImportIssue&, const ImportIssue&) = default;
};

// "skipped", "duplicate", "adjusted".
std::string_view ImportIssueKindName(ImportIssue::Kind kind);

// Counts while an import runs, for progress bars.
struct ImportProgress {
  std::string_view phase;             // "pages", "widgets", "groups", "bookmarks", "tags"
  std::size_t bookmarks_total = 0;    // bookmarks of the file that will be imported
  std::size_t bookmarks_done = 0;     // of those, written or found already there
};

struct ImportReport {
  std::size_t bookmarks_in_file = 0;  // every link of the file, parser-skipped ones included
  std::size_t bookmarks_added = 0;    // written by this run
  std::size_t bookmarks_existing = 0;  // already there from an earlier run: left as they were
  std::size_t duplicates = 0;
  std::size_t skipped = 0;             // entries skipped (links and folders)
  std::size_t adjusted = 0;
  std::size_t pages_added = 0;
  std::size_t widgets_added = 0;
  std::size_t groups_added = 0;
  std::size_t tagged = 0;  // bookmarks whose tags this run set
  // Every skipped, duplicate and adjusted entry, in file order (parser skips first).
  std::vector<ImportIssue> issues;
};

// One bookmark's complete tag list, for the TagWriter.
struct ImportedTags {
  std::string widget_id;
  std::string bookmark_id;
  std::vector<std::string> tags;  // normalised, distinct, at most 20
};

// The seam through which an import tags its bookmarks (the tag service keeps items,
// TagAssociations and counts in step). Apply must be idempotent: setting the tags an item
// already has changes nothing. Returns how many items changed.
class TagWriter {
 public:
  virtual ~TagWriter() = default;
  [[nodiscard]] virtual Result<std::size_t> Apply(const Caller& caller,
                                                  const std::vector<ImportedTags>& tags) const = 0;
};

// The TagWriter over the tag service (TagService::SetTagsMany).
std::unique_ptr<TagWriter> NewTagServiceWriter(ServiceContext context);

struct ImportOptions {
  // Called at every step with running counts; may be empty. Called on the importing thread.
  std::function<void(const ImportProgress&)> progress;
};

class ImportService {
 public:
  // Tags are written through `tags`; nullptr uses NewTagServiceWriter(context).
  explicit ImportService(ServiceContext context, std::unique_ptr<TagWriter> tags = nullptr);

  // Imports `document` for the caller (see above). The report is returned also when some
  // entries were skipped; an Error only when the store failed or the caller id is bad.
  [[nodiscard]] Result<ImportReport> ImportNetscape(const Caller& caller,
                                                    const NetscapeDocument& document,
                                                    const ImportOptions& options = {}) const;

 private:
  ServiceContext context_;
  std::shared_ptr<TagWriter> tags_;
};

}  // namespace homeboard::service

#endif  // HOMEBOARD_SERVICE_IMPORT_SERVICE_H_
