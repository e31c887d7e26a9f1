// SearchService: search across a user's bookmarks and notes (titles, URLs, descriptions,
// note titles and bodies), with tag filters and negation, paginated with an opaque cursor.
//
// Query syntax (ParseSearchQuery), terms separated by whitespace, all combined with AND:
//   word         a word of the item's text starts with `word` ("rust" finds "Rustacean",
//                "go" does not find "cargo"; a term starting with punctuation, ".io", may
//                match anywhere)
//   "a phrase"   the text contains the phrase at a word start (inner whitespace collapsed
//                to one space)
//   #tag         the item carries the tag (normalised like any tag: "#Rust" = "#rust");
//                #"two words" for a tag with a space
//   -word, -"a phrase", -#tag   NOT: the item must not match that term
// Matching folds ASCII letters to lower case (non-ASCII letters match as typed, like tags).
// At least one positive term is required; at most kMaxSearchTerms terms and
// kMaxSearchQueryBytes bytes.
//
// How it reads, on both engines (no Scan, every read is a Query or BatchGet of the caller's
// own partitions; docs/api.md, "Search"):
//   - one drained Query of the caller's Pages (to skip items on pages being deleted);
//   - with a positive #tag: the TagItemsIndex partition of (caller, first tag), a page of
//     associations at a time, each page's bookmarks and notes fetched with one BatchGet per
//     table; the other terms are checked in memory. Results in TagItemsIndex order.
//   - otherwise: the caller's bookmarks through UserBookmarksIndex (projection ALL: whole
//     bookmarks), newest first, a page at a time; then the notes, widget by widget (notes
//     widgets of the live pages, by widget id; one Query of Widgets per page), a page of
//     each widget's Notes partition at a time (bodies are not in UserNotesIndex).
// Reading stops as soon as `limit` hits are found, or when `max_examined` items have been
// looked at (a page may then be short, even empty, with a next_cursor: keep paging). So a
// page of results costs at most ceil(max_examined / store_page) + 1 item reads plus the
// Pages and Widgets queries, however many items the user has.
//
// The cursor records where reading stopped (phase, widget, the store's cursor of the page
// being read and the position in it) and a fingerprint of the query: a cursor is valid only
// with the query that produced it. Pagination is stable while the items do not change;
// items added or removed between pages may shift others by that many positions.
//
// Errors: kInvalidArgument naming "q" (syntax, tag rules, limits), "limit" (1..1000),
// "cursor" (not one this search issued for this query), "user_id" (bad caller);
// kUnavailable / kInternal from the store.
//
// Thread safety: stateless; safe to call from any number of threads.
#ifndef HOMEBOARD_SERVICE_SEARCH_SERVICE_H_
#define HOMEBOARD_SERVICE_SEARCH_SERVICE_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/bookmark.h"
#include "model/note.h"
#include "service/context.h"
#include "service/error.h"

namespace homeboard::service {

inline constexpr std::size_t kMaxSearchQueryBytes = 512;
inline constexpr std::size_t kMaxSearchTerms = 20;

struct SearchQuery {
  std::vector<std::string> terms;           // words and phrases, lower-cased (ASCII)
  std::vector<std::string> excluded_terms;  // -word, -"phrase"
  std::vector<std::string> tags;            // normalised
  std::vector<std::string> excluded_tags;   // -#tag

  friend bool operator==(const SearchQuery&, const SearchQuery&) = default;
};

// Parses `text` (see above). Errors name "q": "required" (no positive term), "max_length",
// "max_count", or a tag rule from model::NormalizeTag.
[[nodiscard]] Result<SearchQuery> ParseSearchQuery(std::string_view text);

// True if the bookmark / note matches every term of `query` (in memory; tags included).
bool Matches(const SearchQuery& query, const model::Bookmark& bookmark);
bool Matches(const SearchQuery& query, const model::Note& note);

// One result: exactly one of the two is set.
struct SearchHit {
  std::optional<model::Bookmark> bookmark;
  std::optional<model::NoteSummary> note;
};

struct SearchPage {
  std::vector<SearchHit> hits;
  std::string next_cursor;   // empty when there is nothing more
  std::size_t examined = 0;  // items looked at for this page (for metrics and tests)
};

struct SearchOptions {
  // Items looked at per call at most (see above).
  std::size_t max_examined = 5000;
  // Items per store Query / BatchGet (1..1000).
  int store_page = 250;
};

class SearchService {
 public:
  explicit SearchService(ServiceContext context, SearchOptions options = {})
      : context_(std::move(context)), options_(options) {}

  // One page of at most `limit` (1..1000) hits for `query` among the caller's bookmarks and
  // notes; `cursor` is the previous page's next_cursor (empty: the first page).
  [[nodiscard]] Result<SearchPage> Search(const Caller& caller, std::string_view query, int limit,
                                          std::string_view cursor) const;

 private:
  ServiceContext context_;
  SearchOptions options_;
};

}  // namespace homeboard::service

#endif  // HOMEBOARD_SERVICE_SEARCH_SERVICE_H_
