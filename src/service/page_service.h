// PageService: a user's pages — create, read, list in order, rename, reorder, delete with
// everything on them (docs/data-model.md, "Pages" and "Cascading delete that survives a
// crash").
//
// Ordering: pages carry order keys (model/order_key.h). A new page goes after the last one;
// a move is one UpdateItem of the moved page's order_key (KeyBetween its new neighbours),
// except in the rare case the gap is exhausted, when the neighbouring pages are respaced
// first (KeysBetween, each conditional on its version). Two pages created at the same moment
// may share a key; lists break such ties by page id, and the next move between them respaces.
//
// Deleting: Delete marks the page deleting=true (conditional on the caller's version), which
// hides it from Get and List at once, then FinishDelete removes its widgets' children, its
// widgets and the page, bottom-up. If that stops half way (crash, store down), the page
// stays hidden and marked; Delete again, FinishDelete or FinishPendingDeletes completes it.
// Each widget goes with its shares and with the tag associations of everything in it (counts
// lowered item by item in the deleting transactions, internal/cascade.h); the page's own
// shares go just before the page item.
//
// Errors (every call): kInvalidArgument naming the bad field and rule (ids, titles, versions,
// placements); kNotFound for a page that is missing, another user's, or being deleted;
// kConflict ("stale_version") when `expected_version` is not the stored version;
// kUnavailable when the store is unavailable or a write could not be confirmed; kInternal
// for corrupt items or a missing table. Nothing is written when a call fails on its input.
//
// Thread safety: stateless; safe to call from any number of threads.
#ifndef HOMEBOARD_SERVICE_PAGE_SERVICE_H_
#define HOMEBOARD_SERVICE_PAGE_SERVICE_H_

#include <cstdint>
#include <string_view>
#include <vector>

#include "model/page.h"
#include "service/context.h"
#include "service/error.h"

namespace homeboard::service {

class PageService {
 public:
  explicit PageService(ServiceContext context) : context_(std::move(context)) {}

  // A new page titled `title` (whitespace normalised: trimmed, inner runs one space) after
  // the caller's last page. kLimitExceeded (field "pages", rule "max_count") if the caller
  // already has model::kMaxPagesPerUser pages.
  [[nodiscard]] Result<model::Page> Create(const Caller& caller, std::string_view title) const;

  // The caller's page.
  [[nodiscard]] Result<model::Page> Get(const Caller& caller, std::string_view page_id) const;

  // The caller's pages in order (order_key, then page id), without pages being deleted.
  // One Query.
  [[nodiscard]] Result<std::vector<model::Page>> List(const Caller& caller) const;

  // Sets the title; returns the page at its new version.
  [[nodiscard]] Result<model::Page> Rename(const Caller& caller, std::string_view page_id,
                                           std::int64_t expected_version,
                                           std::string_view title) const;

  // Moves the page before or after another of the caller's pages, or to the end. Owner only:
  // the order is of the owner's page list, so a grantee (even with "edit") gets kNotFound
  // naming "page_id".
  [[nodiscard]] Result<model::Page> Move(const Caller& caller, std::string_view page_id,
                                         std::int64_t expected_version,
                                         const Placement& placement) const;

  // Deletes the page and everything on it (see above). A page already being deleted is
  // finished whatever `expected_version` says.
  [[nodiscard]] Status Delete(const Caller& caller, std::string_view page_id,
                              std::int64_t expected_version) const;

  // Completes the delete of a page marked deleting: idempotent, re-runnable after any failure.
  // OK if the page is gone already; kConflict (rule "inconsistent") if it is not marked.
  [[nodiscard]] Status FinishDelete(const Caller& caller, std::string_view page_id) const;

  // FinishDelete for every page of the caller marked deleting (what `homeboard doctor` and
  // the API's page list call). OK when there are none.
  [[nodiscard]] Status FinishPendingDeletes(const Caller& caller) const;

 private:
  Status FinishDeleteOf(const model::Page& page) const;

  ServiceContext context_;
};

}  // namespace homeboard::service

#endif  // HOMEBOARD_SERVICE_PAGE_SERVICE_H_
