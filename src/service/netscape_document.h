// The in-memory form of a Netscape bookmark file (the HTML that Chrome, Firefox, Safari and Edge
// import and export): a tree of folders holding bookmarks, in document order, plus the entries
// the parser had to leave out and why. It is plain data, shared by the parser
// (netscape_parser.h), the writer (netscape_writer.h) and the import/export services; it knows
// nothing of the store or the entity rules, which the import service applies afterwards.
#ifndef HOMEBOARD_SERVICE_NETSCAPE_DOCUMENT_H_
#define HOMEBOARD_SERVICE_NETSCAPE_DOCUMENT_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace homeboard::service {

// Bounds that keep a hostile file from costing more than O(input) memory and stack. They are far
// above anything a browser writes; the entity limits of docs/data-model.md (2 KB URLs, 500
// character titles, ...) are applied later by the import service, not here.
//
// A bookmark whose HREF is longer than this is skipped.
inline constexpr std::size_t kMaxNetscapeUrlBytes = std::size_t{64} * 1024;
// A bookmark or folder with any attribute (ICON data, TAGS, ...) longer than this is skipped.
inline constexpr std::size_t kMaxNetscapeAttributeBytes = std::size_t{1024} * 1024;
// A bookmark or folder whose title or description is longer than this is skipped.
inline constexpr std::size_t kMaxNetscapeTextBytes = std::size_t{1024} * 1024;
// Folders nest at most this deep (a folder directly under the root has depth 1). A folder that
// would be deeper is dropped, and its contents are kept in the folder that encloses it.
inline constexpr int kMaxNetscapeFolderDepth = 64;

// One <DT><A HREF=...>title</A> entry, with the <DD> text that follows it.
struct NetscapeBookmark {
  // The link text, entities decoded, whitespace collapsed to single spaces and trimmed.
  std::string title;
  // An absolute http(s) URL with a host (the parser skips every other link), entities decoded,
  // leading/trailing spaces and inner tabs/line breaks removed as browsers do; otherwise as
  // written (not normalised, not percent-encoded).
  std::string url;
  // The <DD> text, entities decoded and trimmed; inner line breaks kept. Empty if none.
  std::string description;
  // TAGS="a, b" split at commas and trimmed, empty pieces dropped; as written otherwise (tag
  // normalisation is the import service's job).
  std::vector<std::string> tags;
  // ADD_DATE / LAST_MODIFIED in epoch seconds. Absent when missing or not a non-negative
  // integer; values above 10^11 are read as milliseconds, microseconds or nanoseconds, which some
  // exporters write, and scaled down to seconds.
  std::optional<std::int64_t> add_date;
  std::optional<std::int64_t> last_modified;
  // ICON (a data: URI, as Chrome and Firefox write) or else ICON_URI (Firefox's favicon URL);
  // only values starting with "data:", "http:" or "https:" are kept. Empty if none.
  std::string icon;
  // 1-based line of the <A> tag in the parsed file; 0 for bookmarks built in code. Not content:
  // SameContent() ignores it.
  int line = 0;

  friend bool operator==(const NetscapeBookmark&, const NetscapeBookmark&) = default;
};

// Where a child of a folder sits: `index` into the folder's `folders` or `bookmarks`.
struct NetscapeEntry {
  enum class Kind { kFolder, kBookmark };
  Kind kind = Kind::kBookmark;
  std::size_t index = 0;

  friend bool operator==(const NetscapeEntry&, const NetscapeEntry&) = default;
};

// One <DT><H3>title</H3> folder and the <DL> list under it. The document root is a folder too
// (the outermost <DL>); its own title, dates, description and flag are never set by the parser
// and never written by the writer (the document title lives in NetscapeDocument).
struct NetscapeFolder {
  // The heading text, decoded and whitespace-collapsed like a bookmark title.
  std::string title;
  // The <DD> text after the heading (Firefox writes folder descriptions), as for bookmarks.
  std::string description;
  std::optional<std::int64_t> add_date;
  std::optional<std::int64_t> last_modified;
  // PERSONAL_TOOLBAR_FOLDER="true": the browser's bookmarks bar.
  bool personal_toolbar = false;
  std::vector<NetscapeFolder> folders;
  std::vector<NetscapeBookmark> bookmarks;
  // Every child exactly once, in document order (what the writer follows, so an export keeps
  // the order of the import). Kept right by AddFolder/AddBookmark.
  std::vector<NetscapeEntry> entries;
  // 1-based line of the <H3> tag; 0 for the root and for folders built in code.
  int line = 0;

  // Appends a child and records it in `entries`. The returned reference is valid until the next
  // child of the same kind is added to this folder.
  NetscapeFolder& AddFolder(NetscapeFolder folder);
  NetscapeBookmark& AddBookmark(NetscapeBookmark bookmark);

  friend bool operator==(const NetscapeFolder&, const NetscapeFolder&) = default;
};

// An entry the parser left out, for the import report.
struct SkippedEntry {
  int line = 0;        // 1-based line of its tag
  std::string title;   // as far as it was read (at most 300 characters)
  std::string url;     // the HREF as written, decoded (at most 300 characters); "" for folders
  std::string reason;  // for people: "not an http(s) link (javascript:)"

  friend bool operator==(const SkippedEntry&, const SkippedEntry&) = default;
};

struct NetscapeDocument {
  NetscapeFolder root;
  // In document order.
  std::vector<SkippedEntry> skipped;
  // The <H1> text, or the <TITLE> text if there is no <H1>; decoded and whitespace-collapsed.
  std::string title;
};

// True if `a` and `b` hold the same data: equal in every field but `line`, recursively.
bool SameContent(const NetscapeFolder& a, const NetscapeFolder& b);
bool SameContent(const NetscapeBookmark& a, const NetscapeBookmark& b);

// The number of bookmarks in `folder` and all folders below it.
std::size_t CountBookmarks(const NetscapeFolder& folder);

// The number of folders below `folder` (not counting `folder` itself).
std::size_t CountFolders(const NetscapeFolder& folder);

// How many folder levels `folder` holds: 0 if it has no subfolders, 1 if its subfolders have
// none, and so on. For a document root this is the deepest folder's depth.
int FolderDepth(const NetscapeFolder& folder);

}  // namespace homeboard::service

#endif  // HOMEBOARD_SERVICE_NETSCAPE_DOCUMENT_H_
