// Small helpers the item services (bookmarks, notes, tags) had each written for themselves:
// one page of a caller-facing Query with the cursor errors mapped once, and the naming of an
// error in one entry of a batch ("bookmarks[3].url", "assignments[2].tags[0]").
//
// Thread safety: stateless functions over a thread-safe store.
#ifndef HOMEBOARD_SERVICE_INTERNAL_SHARED_OPS_H_
#define HOMEBOARD_SERVICE_INTERNAL_SHARED_OPS_H_

#include <string_view>

#include "service/context.h"
#include "service/error.h"
#include "store/item_store.h"

namespace homeboard::service::internal {

// One page of `request` with the caller's `limit` (checked: 1..1000, else kInvalidArgument
// "limit") and `cursor` (a previous page's next_cursor; empty: the first page). A cursor the
// store refuses (damaged, or from another list) is kInvalidArgument naming "cursor", rule
// "pattern"; other store errors via FromStore.
Result<store::QueryPage> QueryOnePage(const ServiceContext& context, store::QueryRequest request,
                                      int limit, std::string_view cursor);

// `error` as the error of a batch entry: its field becomes "<prefix>.<field>" (or `prefix`
// when it names none) and its message says which entry.
Error InBatchEntry(Error error, std::string_view prefix);

}  // namespace homeboard::service::internal

#endif  // HOMEBOARD_SERVICE_INTERNAL_SHARED_OPS_H_
